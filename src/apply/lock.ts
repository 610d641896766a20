import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { makeDir } from '../fs/make-dir.js';
import { McpoError } from '../errors.js';
import { nodeCrypto } from '../node-crypto.js';
import { resolveTarget, writeError } from './write.js';
import { isProcessAlive } from '../pid.js';

const POLL_MS = 50;
/** A lock file being created is empty for a moment; only an old unreadable one is stale. */
const UNPARSEABLE_STALE_MS = 5_000;
/**
 * Holding a lock only spans reading, backing up and writing one file (milliseconds), so a
 * lock this old belongs to a dead process whose pid was reused, or to another host.
 */
const MAX_LOCK_AGE_MS = 10 * 60_000;

interface LockInfo {
  pid: number;
  host: string;
  time: string;
}

/**
 * Runs `fn` while holding an exclusive lock on `target`, so two mcpo processes never
 * interleave their read-modify-write of one client file. Locks live in `lockDir` (the state
 * folder's `locks/`) as `<sha256(realpath)>.lock`, so no stray files appear beside configs.
 * A second process polls for `waitMs` (default 2 s), then fails with `lock-held`.
 * A lock left by a crashed process (dead pid) is taken over.
 */
export async function withFileLock<T>(
  lockDir: string,
  target: string,
  fn: () => Promise<T>,
  opts: { waitMs?: number } = {},
): Promise<T> {
  const lockPath = lockPathFor(lockDir, target);
  const body = await acquire(lockPath, target, opts.waitMs ?? 2_000);
  try {
    return await fn();
  } finally {
    release(lockPath, body);
  }
}

/** Locks several files, always in the same (sorted) order so two processes cannot deadlock. */
export async function withFileLocks<T>(
  lockDir: string,
  targets: string[],
  fn: () => Promise<T>,
  opts: { waitMs?: number } = {},
): Promise<T> {
  // Sorted by lock file name, which is unique per real path.
  const byLock = new Map(targets.map((t) => [lockPathFor(lockDir, t), t]));
  const sorted = [...byLock.keys()].sort().map((k) => byLock.get(k) as string);
  const step = (i: number): Promise<T> =>
    i === sorted.length
      ? fn()
      : withFileLock(lockDir, sorted[i] as string, () => step(i + 1), opts);
  return step(0);
}

export function lockPathFor(lockDir: string, target: string): string {
  let real: string;
  try {
    real = resolveTarget(target);
  } catch (err) {
    throw writeError(target, err);
  }
  const digest = nodeCrypto().createHash('sha256').update(real).digest('hex');
  return path.join(lockDir, `${digest}.lock`);
}

async function acquire(lockPath: string, target: string, waitMs: number): Promise<string> {
  try {
    makeDir(path.dirname(lockPath), 0o700);
  } catch (err) {
    throw writeError(path.dirname(lockPath), err, 'check the permissions of the mcpo state folder');
  }
  const info: LockInfo = { pid: process.pid, host: os.hostname(), time: new Date().toISOString() };
  // The nonce makes our lock text unique, so release never removes a lock taken over by another.
  const body = JSON.stringify({ ...info, nonce: nodeCrypto().randomBytes(8).toString('hex') });
  const deadline = Date.now() + waitMs;
  for (;;) {
    if (tryCreate(lockPath, body, target)) return body;
    const holder = readHolder(lockPath);
    if (holder === null) continue; // released between our two calls: try again at once
    if (isStale(holder)) {
      breakLock(lockPath, holder.raw);
      continue;
    }
    if (Date.now() >= deadline) {
      const who = holder.info ? `Another mcpo (pid ${holder.info.pid})` : 'Another mcpo';
      throw new McpoError('lock-held', `${who} is changing ${target}.`, {
        hint: 'wait for it to finish, then run the command again',
      });
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

/**
 * Atomic create-if-absent with the content already in place: write a private temp file, then
 * link() it to the lock name, which fails if the lock exists. With a plain open('wx') + write,
 * a crash between the two leaves an empty lock that looks held until it ages out.
 */
function tryCreate(lockPath: string, body: string, target: string): boolean {
  const temp = `${lockPath}.${process.pid}.${nodeCrypto().randomBytes(4).toString('hex')}.tmp`;
  try {
    fs.writeFileSync(temp, body, { mode: 0o600, flag: 'wx' });
    fs.linkSync(temp, lockPath);
    return true;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return false;
    // Some file systems have no hard links: fall back to open('wx'), still atomic.
    if (code === 'EPERM' || code === 'ENOTSUP' || code === 'ENOSYS')
      return tryCreateExclusive(lockPath, body, target);
    throw lockError(target, lockPath, err);
  } finally {
    fs.rmSync(temp, { force: true });
  }
}

function tryCreateExclusive(lockPath: string, body: string, target: string): boolean {
  let fd: number;
  try {
    fd = fs.openSync(lockPath, 'wx', 0o600);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw lockError(target, lockPath, err);
  }
  try {
    fs.writeSync(fd, body);
  } finally {
    fs.closeSync(fd);
  }
  return true;
}

function lockError(target: string, lockPath: string, err: unknown): McpoError {
  return new McpoError('lock-failed', `Cannot lock ${target}: ${(err as Error).message}.`, {
    hint: `check the permissions of ${path.dirname(lockPath)}`,
  });
}

interface Holder {
  raw: string;
  info: LockInfo | null;
  ageMs: number;
}

function readHolder(lockPath: string): Holder | null {
  try {
    const ageMs = Date.now() - fs.statSync(lockPath).mtimeMs;
    const raw = fs.readFileSync(lockPath, 'utf8');
    return { raw, info: parseLock(raw), ageMs };
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
}

function parseLock(raw: string): LockInfo | null {
  try {
    const v = JSON.parse(raw) as Partial<LockInfo>;
    if (
      typeof v.pid === 'number' &&
      Number.isInteger(v.pid) &&
      v.pid > 0 &&
      typeof v.host === 'string'
    ) {
      return { pid: v.pid, host: v.host, time: String(v.time) };
    }
  } catch {
    // fall through: unparseable
  }
  return null;
}

function isStale(holder: Holder): boolean {
  if (holder.ageMs > MAX_LOCK_AGE_MS) return true;
  if (!holder.info) return holder.ageMs > UNPARSEABLE_STALE_MS;
  // A pid from another host says nothing here; only the age can tell.
  if (holder.info.host !== os.hostname()) return false;
  return !isProcessAlive(holder.info.pid);
}

/**
 * Removes a stale lock without deleting a fresh one that another process created after we
 * read the stale one: move it aside atomically, and put it back if it was not the stale one.
 */
function breakLock(lockPath: string, staleRaw: string): void {
  const aside = `${lockPath}.stale-${process.pid}-${nodeCrypto().randomBytes(4).toString('hex')}`;
  try {
    fs.renameSync(lockPath, aside);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw err;
  }
  try {
    if (fs.readFileSync(aside, 'utf8') !== staleRaw) fs.linkSync(aside, lockPath);
  } catch {
    // EEXIST: yet another process locked meanwhile; its lock stands.
  } finally {
    fs.rmSync(aside, { force: true });
  }
}

function release(lockPath: string, body: string): void {
  try {
    if (fs.readFileSync(lockPath, 'utf8') === body) fs.unlinkSync(lockPath);
  } catch {
    // Already gone: nothing to release.
  }
}
