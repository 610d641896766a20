import { existsSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { Io } from '../io.js';
import type { CommandOptions } from './run-command.js';
import { loadClients } from '../clients/index.js';
import type { ClientAdapter } from '../clients/contract.js';
import type { PathContext } from '../types.js';
import { realPathContext } from '../context.js';
import { McpoError } from '../errors.js';
import { readBuiltinStack, resolveBuiltinNames } from '../init/builtins.js';
import { ensureGitignored } from '../init/gitignore.js';
import { renderInitStack } from '../init/render-stack.js';
import { LOCAL_OVERRIDE } from '../stack/sources.js';
import { schemaModelineRef } from '../stack/schema-ref.js';

/** Used when `--include` is not given: the workflow most people start with. */
const DEFAULT_BUILTINS = ['development'];

/**
 * `mcpo init [--include NAME...] [--out FILE]`: writes a commented stack file that includes the
 * chosen built-in stacks, with example targets for the clients found here, and git-ignores the
 * personal override file. Never overwrites a stack file.
 */
export async function run(opts: CommandOptions, io: Io): Promise<number> {
  const names = resolveBuiltinNames((opts.include as string[] | undefined) ?? DEFAULT_BUILTINS);
  const out = resolve((opts.out as string | undefined) ?? 'mcp.stack.yaml');
  if (existsSync(out)) {
    throw new McpoError(
      'stack-exists',
      `${out} already exists, and mcpo init never overwrites a stack file.`,
      {
        hint: 'edit that file, or pass --out FILE to write a new one elsewhere',
      },
    );
  }
  const dir = dirname(out);
  if (!existsSync(dir)) {
    throw new McpoError('no-such-folder', `The folder ${dir} does not exist.`, {
      hint: 'create it first, or pass another --out FILE',
    });
  }

  const ctx = realPathContext(process.env, dir);
  const clients = await loadClients();
  const text = renderInitStack({
    builtins: names.map(readBuiltinStack),
    detectedClients: firstReaders(clients, ctx)
      .filter((a) => ctx.exists(a.installDir(ctx)))
      .map((a) => a.id),
    schemaRef: schemaModelineRef(dir),
  });
  writeFileSync(out, text, { flag: 'wx' });
  const ignored = ensureGitignored(dir, LOCAL_OVERRIDE);

  io.out(`Wrote ${out} with the built-in stacks ${names.join(', ')}.\n`);
  if (ignored !== 'present')
    io.out(
      `${ignored === 'created' ? 'Created' : 'Updated'} ${join(dir, '.gitignore')}: it ignores ${LOCAL_OVERRIDE}.\n`,
    );
  io.out('Next: uncomment the clients you use at the end of the file, then run `mcpo plan`.\n');
  return 0;
}

/**
 * Of clients that read the same user file (Cursor and its CLI agent, Kiro and Kiro CLI) only the
 * first: one target per file is what a stack can hold, and it serves every reader of the file.
 */
function firstReaders(clients: ClientAdapter[], ctx: PathContext): ClientAdapter[] {
  const seen = new Set<string>();
  return clients.filter((a) => {
    const file = a.scopes.includes('user') ? a.configPath('user', ctx) : a.id;
    if (seen.has(file)) return false;
    seen.add(file);
    return true;
  });
}
