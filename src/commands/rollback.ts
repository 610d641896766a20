import type { Io } from '../io.js';
import type { CommandOptions } from './run-command.js';
import { realPathContext } from '../context.js';
import { stateDir } from '../state/dirs.js';
import { StateStore } from '../state/store.js';
import { rollbackLastApply } from '../apply/rollback.js';

/** `mcpo rollback`: restore the files of the last apply from their backups. */
export async function run(opts: CommandOptions, io: Io): Promise<number> {
  const ctx = realPathContext(process.env, process.cwd());
  const store = new StateStore(stateDir(ctx));
  const { restored, removed } = await rollbackLastApply(store, { force: Boolean(opts.force) });
  for (const p of restored) io.out(`Restored ${p}\n`);
  for (const p of removed) io.out(`Removed ${p} (it was created by that apply)\n`);
  io.out(`Rolled back the last apply: ${restored.length + removed.length} file(s).\n`);
  return 0;
}
