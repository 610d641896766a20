/**
 * `mcpo lock [--update [SERVER...]] | --check [--live]`: write mcp.stack.lock (each package's
 * exact version and integrity, each server's tool snapshot), or check it. Load -> engine
 * (src/lock/engine.ts) -> render here; the lock is written only when every server locked.
 */
import type { Io } from '../io.js';
import type { CommandOptions } from './run-command.js';
import { openSession, type Session } from './session.js';
import { McpoError } from '../errors.js';
import { colorsFor } from '../render/colors.js';
import { didYouMean } from '../stack/suggest.js';
import { writeFileSafely } from '../apply/write.js';
import { readTextFile } from '../fs/files.js';
import { lockPathOf, readLock, staleEntries, withLock } from '../lock/read.js';
import { renderLock } from '../lock/format.js';
import { delayedProgress } from '../progress.js';
import {
  buildLock,
  liveChanges,
  sortChanges,
  type EngineOptions,
  type ServerFailure,
} from '../lock/engine.js';
import { compareSnapshot, renderChanges } from '../lock/compare.js';
import type { LockFile } from '../lock/types.js';

export async function run(opts: CommandOptions, io: Io): Promise<number> {
  const s = await openSession({
    stack: opts.stack as string,
    project: opts.project as string | undefined,
    lock: false,
  });
  const names = (opts.servers as string[] | undefined) ?? [];
  for (const n of names) checkServerName(s, n);
  if (opts.live && !opts.check)
    throw usage('--live goes with --check', 'run `mcpo lock --check --live`');
  if (opts.check) return check(s, names, opts, io);
  if (names.length && !opts.update) {
    throw usage('name servers only with --update', `run \`mcpo lock --update ${names.join(' ')}\``);
  }
  const file = lockPathOf(s.stack.file);
  const previous = readLock(s.stack.file);
  const update = opts.update ? (names.length ? names : 'all') : [];
  const progress = delayedProgress(
    `locking ${Object.keys(s.stack.servers).length} servers (versions, then each server's tools)`,
  );
  const outcome = await buildLock(s.stack, previous, update, engineOptions(s, opts)).finally(() =>
    progress.stop(),
  );
  if (outcome.failures.length) {
    io.err(renderFailures(outcome.failures));
    const n = outcome.failures.length;
    throw new McpoError(
      'lock-failed',
      `${n} server${n === 1 ? '' : 's'} could not be locked; ${file} was not written.`,
      {
        hint: 'fix what each line says (`mcpo doctor SERVER` shows more), then run `mcpo lock` again',
      },
    );
  }
  const text = renderLock(outcome.lock);
  if (readTextFile(file) !== text) await writeFileSafely(file, text);
  io.out(summary(outcome.lock, outcome.relocked, file));
  const accepted = previous ? acceptedChanges(previous, outcome.lock, outcome.relocked) : '';
  if (accepted) io.out(`Accepted these changes to what the servers tell the model:\n${accepted}`);
  return 0;
}

/** `--check`: stale entries (no network); `--live`: also each running server against its snapshot. */
async function check(s: Session, names: string[], opts: CommandOptions, io: Io): Promise<number> {
  const file = lockPathOf(s.stack.file);
  const lock = readLock(s.stack.file);
  if (!lock) {
    throw new McpoError('lock-missing', `There is no lock file ${file}.`, {
      hint: 'run `mcpo lock` and commit the file',
    });
  }
  const stale = staleEntries(s.stack, lock).filter(
    (e) => !names.length || names.includes(e.server),
  );
  for (const e of stale) io.err(`Stale: server ${e.server} ${e.why}.\n`);
  if (stale.length) io.err(`Fix: run \`mcpo lock\`, review ${file} and commit it.\n`);
  if (!opts.live) {
    if (!stale.length) io.out(`${file} is up to date with the stack.\n`);
    return stale.length ? 1 : 0;
  }
  const pinned = withLock(s.stack).stack;
  const progress = delayedProgress(
    'starting each locked server to compare its tools with the lock',
  );
  const { changes, failures } = await liveChanges(
    pinned,
    lock,
    names,
    engineOptions(s, opts),
  ).finally(() => progress.stop());
  const c = colorsFor(io.color);
  if (failures.length) io.err(renderFailures(failures));
  if (changes.length) {
    io.out(`What the servers tell the model changed since the lock:\n${renderChanges(changes, c)}`);
    const who = [...new Set(changes.map((x) => x.server))].join(' ');
    io.out(`Review the changes; accept them with \`mcpo lock --update ${who}\`.\n`);
  } else if (!failures.length && !stale.length)
    io.out('Every server lists what its lock snapshot says.\n');
  return stale.length || changes.length || failures.length ? 1 : 0;
}

function engineOptions(s: Session, opts: CommandOptions): EngineOptions {
  const timeoutSeconds = Number(opts.timeout ?? 60);
  if (!(timeoutSeconds > 0)) {
    throw usage(
      `--timeout must be a positive number of seconds, not ${String(opts.timeout)}`,
      'e.g. --timeout 30',
    );
  }
  const { env, ctx } = s;
  const where = { env, platform: ctx.platform, home: ctx.home, cwd: ctx.projectDir };
  return {
    check: { ...where, timeoutSeconds, secrets: s.secrets, maskSecrets: s.stack.secretNames },
    env,
  };
}

function summary(lock: LockFile, relocked: string[], file: string): string {
  const lines = Object.keys(lock.servers)
    .sort()
    .map((name) => {
      const e = lock.servers[name]!;
      const count = (k: string) => e.items.filter((i) => i.kind === k).length;
      const pin = e.pin ? ` ${e.pin.version}` : '';
      const mark = relocked.includes(name) ? '' : ' (kept)';
      const lists = `${count('tool')} tools, ${count('template')} resource templates, ${count('prompt')} prompts`;
      return `  ${name}: ${e.source}${pin}, ${lists}${mark}\n`;
    });
  return `Locked ${lines.length} server${lines.length === 1 ? '' : 's'} in ${file}:\n${lines.join('')}`;
}

/** What `--update` accepted: the snapshot changes of the servers locked again. */
function acceptedChanges(before: LockFile, after: LockFile, relocked: string[]): string {
  const known = relocked.filter((n) => Object.hasOwn(before.servers, n));
  const changes = known.flatMap((n) =>
    compareSnapshot(n, before.servers[n]!.items, after.servers[n]!.items),
  );
  return renderChanges(sortChanges(changes));
}

function renderFailures(failures: ServerFailure[]): string {
  return failures
    .map((f) => `${f.server}: ${f.message}${f.fix ? ` Fix: ${f.fix}.` : ''}\n`)
    .join('');
}

function checkServerName(s: Session, name: string): void {
  if (Object.hasOwn(s.stack.servers, name)) return;
  const close = didYouMean(name, Object.keys(s.stack.servers));
  throw new McpoError('unknown-server', `No server named ${name} in ${s.stack.file}.`, {
    hint: close
      ? `did you mean ${close}?`
      : `the servers are: ${Object.keys(s.stack.servers).join(', ') || '(none)'}`,
  });
}

function usage(message: string, hint: string): McpoError {
  return new McpoError('bad-arguments', `${message[0]!.toUpperCase()}${message.slice(1)}.`, {
    hint,
  });
}
