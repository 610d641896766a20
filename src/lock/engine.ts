/**
 * `mcpo lock` and the live comparison, as one engine: each server is resolved (its package's
 * exact version and integrity) and started the way `mcpo doctor` starts it (checkServer), its
 * lists read into a snapshot. Servers run concurrently, so a lock of ten servers takes about as
 * long as the slowest one's handshake. Nothing here prints; the command renders the outcome.
 */
import type { ServerSpec, Stack } from '../types.js';
import { Redactor } from '../secrets/redact.js';
import { checkServer, type CheckOptions } from '../doctor/check-server.js';
import type { Failure } from '../doctor/report.js';
import { packageOf, pinnedSpec, sourceOf } from './packages.js';
import { resolvePin } from './resolve.js';
import { takeSnapshot } from './snapshot.js';
import { compareSnapshot, type ItemChange } from './compare.js';
import { cmp } from './format.js';
import type { LockFile, ServerLock, SnapshotItem } from './types.js';
import { McpoError } from '../errors.js';

/** Servers started at once. */
const LIMIT = 16;

const NO_LISTS: Failure = {
  kind: 'error',
  message: 'The server did not list its tools.',
  fix: 'run `mcpo doctor SERVER`',
};

export interface EngineOptions {
  check: Omit<CheckOptions, 'inspect'>;
  env: Record<string, string | undefined>;
}

export interface ServerFailure {
  server: string;
  message: string;
  fix: string;
}

export interface LockOutcome {
  lock: LockFile;
  /** Servers resolved and snapshotted in this run (the others were kept from the old lock). */
  relocked: string[];
  failures: ServerFailure[];
}

/**
 * The lock for `stack` (as declared, not pinned). A server keeps its entry from `previous`
 * while its source is unchanged, unless it is in `update` (`'all'`: every server).
 */
export async function buildLock(
  stack: Stack,
  previous: LockFile | null,
  update: string[] | 'all',
  opts: EngineOptions,
): Promise<LockOutcome> {
  const servers: Record<string, ServerLock> = {};
  const relocked: string[] = [];
  const failures: ServerFailure[] = [];
  const redactor = maskFor(stack, opts);
  await eachAtOnce(Object.values(stack.servers), async (spec) => {
    const old =
      previous && Object.hasOwn(previous.servers, spec.name) ? previous.servers[spec.name] : null;
    const keep =
      old && old.source === sourceOf(spec) && update !== 'all' && !update.includes(spec.name);
    if (keep) return void (servers[spec.name] = old);
    try {
      servers[spec.name] = await lockServer(spec, redactor, opts);
      relocked.push(spec.name);
    } catch (e) {
      failures.push(asFailure(spec.name, e));
    }
  });
  return { lock: { servers }, relocked: relocked.sort(), failures: sortFailures(failures) };
}

async function lockServer(
  spec: ServerSpec,
  redactor: Redactor,
  opts: EngineOptions,
): Promise<ServerLock> {
  const ref = packageOf(spec);
  const pin = ref ? await resolvePin(ref, opts.env) : undefined;
  const items = await snapshot(pin ? pinnedSpec(spec, pin) : spec, redactor, opts);
  return { name: spec.name, source: sourceOf(spec), ...(pin ? { pin } : {}), items };
}

/** Starts `spec` as doctor does and reads its lists; a failed start throws doctor's sentence. */
export async function snapshot(
  spec: ServerSpec,
  redactor: Redactor,
  opts: EngineOptions,
): Promise<SnapshotItem[]> {
  let items: SnapshotItem[] | undefined;
  const inspect: CheckOptions['inspect'] = async (client) => {
    items = await takeSnapshot(client, redactor);
  };
  const report = await checkServer(spec, { ...opts.check, inspect });
  if (!report.ok || !items) {
    const f: Failure = report.failure ?? NO_LISTS;
    throw new McpoError('server-failed', f.message, { hint: f.fix });
  }
  return items;
}

/** Each running server (stack pinned by the lock) against its snapshot: `lock --check --live`. */
export async function liveChanges(
  stack: Stack,
  lock: LockFile,
  only: string[],
  opts: EngineOptions,
): Promise<{ changes: ItemChange[]; failures: ServerFailure[] }> {
  const changes: ItemChange[] = [];
  const failures: ServerFailure[] = [];
  const redactor = maskFor(stack, opts);
  const wanted = (name: string) =>
    Object.hasOwn(lock.servers, name) && (!only.length || only.includes(name));
  const specs = Object.values(stack.servers).filter((s) => wanted(s.name));
  await eachAtOnce(specs, async (spec) => {
    try {
      const live = await snapshot(spec, redactor, opts);
      changes.push(...compareSnapshot(spec.name, lock.servers[spec.name]!.items, live));
    } catch (e) {
      failures.push(asFailure(spec.name, e));
    }
  });
  return { changes: sortChanges(changes), failures: sortFailures(failures) };
}

/** The stack's secret values: what a snapshot must never carry into the lock. */
export function maskFor(stack: Stack, opts: EngineOptions): Redactor {
  const names = [...stack.secretNames, ...(opts.check.maskSecrets ?? [])];
  return new Redactor().add(names.map(opts.check.secrets));
}

export function sortChanges(changes: ItemChange[]): ItemChange[] {
  // compareSnapshot orders within a server; servers finish in any order.
  const byServer = (a: { c: ItemChange; i: number }, b: { c: ItemChange; i: number }) =>
    cmp(a.c.server, b.c.server) || a.i - b.i;
  return changes
    .map((c, i) => ({ c, i }))
    .sort(byServer)
    .map(({ c }) => c);
}

/**
 * Runs `fn` on every item, at most LIMIT at a time: a lock of ten servers starts all ten at once
 * (it takes about as long as the slowest), and a stack of a hundred does not start a hundred.
 */
async function eachAtOnce<T>(items: T[], fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await fn(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(LIMIT, items.length) }, worker));
}

function asFailure(server: string, e: unknown): ServerFailure {
  if (!(e instanceof McpoError)) throw e;
  return { server, message: e.message, fix: e.hint ?? '' };
}

function sortFailures(f: ServerFailure[]): ServerFailure[] {
  return f.sort((a, b) => cmp(a.server, b.server));
}
