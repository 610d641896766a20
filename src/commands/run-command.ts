import { McpoError, ValidationError, formatLoc } from '../errors.js';
import { terminalIo } from '../terminal.js';
import type { Io } from '../io.js';

export interface CommandOptions {
  color?: boolean;
  [key: string]: unknown;
}

export type CommandModule = { run(opts: CommandOptions, io: Io): Promise<number> };

const loaders: Record<string, () => Promise<CommandModule>> = {
  plan: () => import('./plan.js'),
  apply: () => import('./apply.js'),
  validate: () => import('./validate.js'),
  clients: () => import('./clients.js'),
  rollback: () => import('./rollback.js'),
  secret: () => import('./secret.js'),
  run: () => import('./run.js'),
  doctor: () => import('./doctor.js'),
  logs: () => import('./logs.js'),
  import: () => import('./import.js'),
  init: () => import('./init.js'),
  use: () => import('./use.js'),
  status: () => import('./status.js'),
  add: () => import('./add.js'),
  search: () => import('./search.js'),
  remove: () => import('./remove.js'),
  new: () => import('./new.js'),
};

export async function runCommand(name: string, opts: CommandOptions): Promise<void> {
  await runModule(loaders[name]!, opts);
}

/** The one place that turns results and errors into an exit code (also for dist/mcpo-run.cjs). */
export async function runModule(load: () => Promise<CommandModule>, opts: CommandOptions): Promise<void> {
  const io = terminalIo(opts.color !== false);
  try {
    const mod = await load();
    process.exitCode = await mod.run(opts, io);
  } catch (e) {
    io.err(describeError(e));
    process.exitCode = 1;
  }
}

export function describeError(e: unknown): string {
  if (e instanceof ValidationError) {
    return e.problems.map((p) => `${p.loc ? formatLoc(p.loc) + ': ' : ''}${p.message}${p.hint ? ` Fix: ${p.hint}.` : ''}`).join('\n') + `\n${e.message}.`;
  }
  if (e instanceof McpoError) return `Error: ${e.message}${e.hint ? `\nFix: ${e.hint}.` : ''}`;
  const msg = e instanceof Error ? e.stack ?? e.message : String(e);
  return `Internal error (this is a bug in mcpo, please report it):\n${msg}`;
}
