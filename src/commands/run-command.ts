import type { Problem } from '../types.js';
import { McpoError, ValidationError, formatLoc } from '../errors.js';
import { terminalIo } from '../terminal.js';
import type { Io } from '../io.js';
import { resolve } from 'node:path';
import { realPathContext } from '../context.js';
import { findStackFile } from '../stack/find.js';

const DEFAULT_STACK = 'mcp.stack.yaml';

export interface CommandOptions {
  color?: boolean;
  [key: string]: unknown;
}

export type CommandModule = { run(opts: CommandOptions, io: Io): Promise<number> };

/** A command of the second bundle (rare-commands.ts), loaded with it on first use. */
const rare = async (name: string) => (await import('./rare-commands.js')).rareLoaders[name]!();

const loaders: Record<string, () => Promise<CommandModule>> = {
  plan: () => import('./plan.js'),
  apply: () => import('./apply.js'),
  validate: () => import('./validate.js'),
  clients: () => import('./clients.js'),
  rollback: () => import('./rollback.js'),
  secret: () => import('./secret.js'),
  run: () => import('./run.js'),
  use: () => import('./use.js'),
  status: () => import('./status.js'),
  remove: () => import('./remove.js'),
  show: () => import('./show.js'),
  add: () => rare('add'),
  gateway: () => rare('gateway'),
  'gateway-status': () => rare('gateway-status'),
  'gateway-stop': () => rare('gateway-stop'),
  doctor: () => rare('doctor'),
  logs: () => rare('logs'),
  import: () => rare('import'),
  init: () => rare('init'),
  search: () => rare('search'),
  new: () => rare('new'),
  lock: () => rare('lock'),
  outdated: () => rare('outdated'),
  login: () => rare('login'),
  logout: () => rare('logout'),
  auth: () => rare('auth'),
};

/** Commands that read a stack file found like git when --stack is not given (not init/import/run). */
const FINDS_STACK = new Set([
  'plan',
  'apply',
  'validate',
  'rollback',
  'secret',
  'doctor',
  'logs',
  'use',
  'status',
  'add',
  'remove',
  'new',
  'search',
  'lock',
  'outdated',
  'show',
  'login',
  'logout',
  'auth',
]);
/** Commands that also work without any stack file (they fall back to their own default). */
const STACK_OPTIONAL = new Set(['secret', 'rollback', 'search']);

export async function runCommand(name: string, opts: CommandOptions): Promise<void> {
  const prepare = FINDS_STACK.has(name)
    ? (o: CommandOptions, io: Io) => withFoundStack(o, io, !STACK_OPTIONAL.has(name))
    : undefined;
  await runModule(
    loaders[name]!,
    name === 'run' ? { ...opts, oneLineErrors: true } : opts,
    prepare,
  );
}

/**
 * Fills `opts.stack` from the discovery (stack/find.ts) when --stack was not given, and says
 * which file it is on stderr unless it is ./mcp.stack.yaml. When there is none, a command that
 * needs one reads ./mcp.stack.yaml and reports it missing in its own way (plan --json too).
 */
function withFoundStack(opts: CommandOptions, io: Io, required: boolean): CommandOptions {
  // A saved plan names its own stack file (`mcpo apply FILE`).
  if (opts.stack !== undefined || opts.planfile !== undefined) return opts;
  const ctx = {
    env: process.env,
    home: realPathContext(process.env, process.cwd()).home,
    platform: process.platform,
  };
  const found = findStackFile(process.cwd(), ctx);
  if (found && found !== resolve(DEFAULT_STACK)) {
    io.err(`Using ${found}\n`);
    return { ...opts, stack: found };
  }
  return found || required ? { ...opts, stack: DEFAULT_STACK } : opts;
}

/** The one place that turns results and errors into an exit code (also for dist/mcpo-run.cjs). */
export async function runModule(
  load: () => Promise<CommandModule>,
  opts: CommandOptions,
  prepare?: (opts: CommandOptions, io: Io) => CommandOptions,
): Promise<void> {
  const io = terminalIo(opts.color !== false);
  try {
    const ready = prepare ? prepare(opts, io) : opts;
    const mod = await load();
    process.exitCode = await mod.run(ready, io);
  } catch (e) {
    // Under --json a reader gets a document whatever happened (plan writes its own, richer one).
    if (opts.json) io.out(describeErrorJson(e));
    else io.err(opts.oneLineErrors ? launcherErrorLine(e, String(opts.server)) : describeError(e));
    process.exitCode = 1;
  }
}

/** `{"format_version": 1, "error": {code, message, hint?, file?, line?, problems?}}`. */
export function describeErrorJson(e: unknown): string {
  const error: Record<string, unknown> =
    e instanceof McpoError
      ? {
          code: e.code,
          message: e.message,
          ...(e.hint ? { hint: e.hint } : {}),
          ...(e.loc ? { file: e.loc.file, line: e.loc.line } : {}),
        }
      : { code: 'internal', message: e instanceof Error ? e.message : String(e) };
  if (e instanceof ValidationError) {
    error.problems = e.problems.map(problemJson);
  }
  return JSON.stringify({ format_version: 1, error }, null, 2) + '\n';
}

/** One stack problem as `--json` documents show it: `{message, hint?, file?, line?}`. */
export function problemJson(p: Problem): Record<string, unknown> {
  return {
    message: p.message,
    ...(p.hint ? { hint: p.hint } : {}),
    ...(p.loc ? { file: p.loc.file, line: p.loc.line } : {}),
  };
}

/**
 * `mcpo run`'s errors as one line: a client shows one line of a server's stderr in its log or
 * status (Codex: "handshaking with MCP server failed"), so the reason and the fix share it.
 */
export function launcherErrorLine(e: unknown, server: string): string {
  if (!(e instanceof McpoError) || e instanceof ValidationError)
    return describeError(e).replace(/\n+(?=.)/g, ' ');
  return `mcpo run ${server}: ${e.message}${e.hint ? ` Fix: ${e.hint}.` : ''}\n`;
}

export function describeError(e: unknown): string {
  if (e instanceof ValidationError) {
    return (
      e.problems
        .map(
          (p) =>
            `${p.loc ? formatLoc(p.loc) + ': ' : ''}${p.message}${p.hint ? ` Fix: ${p.hint}.` : ''}`,
        )
        .join('\n') + `\n${e.message}.`
    );
  }
  if (e instanceof McpoError) return `Error: ${e.message}${e.hint ? `\nFix: ${e.hint}.` : ''}`;
  const msg = e instanceof Error ? (e.stack ?? e.message) : String(e);
  return `Internal error (this is a bug in mcpo, please report it):\n${msg}`;
}
