import { existsSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Io } from '../io.js';
import type { CommandOptions } from './run-command.js';
import { realPathContext } from '../context.js';
import { stateDir } from '../state/dirs.js';
import { StateStore } from '../state/store.js';
import { getClient, loadClients } from '../clients/index.js';
import { expandHome } from '../stack/interpolate.js';
import { DEFAULT_STACK_FILE } from '../stack/load.js';
import { planRollback, rollbackLastApply, type RollbackOptions } from '../apply/rollback.js';
import type { FileUndo } from '../apply/undo.js';
import { McpoError } from '../errors.js';

/**
 * `mcpo rollback [--stack FILE] [--yes] [--force]`: undo the last apply of this stack. Shows what
 * it will do and asks on a terminal; off a terminal it needs --yes.
 */
export async function run(opts: CommandOptions, io: Io): Promise<number> {
  const ctx = realPathContext(process.env, process.cwd());
  const store = new StateStore(stateDir(ctx));
  const stack = stackPath(opts.stack as string | undefined, ctx.home);
  // The last apply may have written to any client's file.
  await loadClients();
  const ro: RollbackOptions = { stack, force: Boolean(opts.force), getClient };
  const planned = planRollback(store, ro);
  const { record } = planned;
  io.out(
    `Rollback of the apply of ${record.time} (${record.stack}):\n${planned.files.map(describe).join('')}`,
  );
  if (!opts.yes) {
    if (!io.interactive) {
      throw new McpoError(
        'needs-confirmation',
        'Not rolling back without confirmation: this is not a terminal.',
        {
          hint: 'review the list above, then run `mcpo rollback --yes`',
        },
      );
    }
    if (!(await io.confirm('Roll back these changes?'))) {
      io.err('Rollback cancelled; nothing was changed.\n');
      return 1;
    }
  }
  const done = await rollbackLastApply(store, ro);
  const changed = done.files.filter((f) => f.action !== 'none').length;
  io.out(`Rolled back the apply of ${record.time}: ${changed} file(s) changed.\n`);
  return 0;
}

function describe(f: FileUndo): string {
  switch (f.action) {
    case 'restore':
      return `  ${f.path}: restored from the backup (unchanged since that apply)\n`;
    case 'remove':
      return `  ${f.path}: removed (that apply created it and nothing else wrote to it)\n`;
    case 'none':
      return `  ${f.path}: nothing to undo\n`;
    case 'edit': {
      const parts = [
        ...(f.restored.length ? [`put back ${f.restored.join(', ')}`] : []),
        ...(f.removed.length ? [`remove ${f.removed.join(', ')}`] : []),
      ];
      return `  ${f.path}: ${parts.join('; ')} (the rest of the file stays as it is now)\n`;
    }
  }
}

/** The stack file as `loadStack` names it, so it matches the apply records. */
function stackPath(stack: string | undefined, home: string): string {
  const file = resolve(expandHome(stack ?? DEFAULT_STACK_FILE, home));
  return existsSync(file) && statSync(file).isDirectory() ? join(file, DEFAULT_STACK_FILE) : file;
}
