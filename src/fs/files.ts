/**
 * The one read path and the one write path for files mcpo does not own (client config files,
 * stack files, plan files). Every reader and writer of such files goes through here, so each
 * rule holds everywhere:
 * - only regular files (or symlinks to one) are read or replaced; a folder, FIFO, socket or
 *   device is refused before any read can block; reads are bounded by MAX_FILE_BYTES;
 * - bytes are kept: a file that is not valid UTF-8 is refused (mcpo edits text) rather than
 *   rewritten with U+FFFD; backups hold the raw bytes;
 * - a write re-reads the file immediately before putting its own in place and, when another
 *   program changed it, re-runs `produce` on the new text (bounded); it puts its file in place by
 *   an atomic exchange where the platform has one, and checks what it took out, so not even a
 *   write landing between that last look and the exchange is lost;
 * - mode, owner and hard links of the replaced file are respected (refused where they cannot be);
 * - temp files are named so that a later run can prove mcpo made them and remove them.
 * Only Node's own modules here: `mcpo plan` loads this module, and start-up is most of its cost
 * (the native exchange loads at the first write).
 */
import fs from 'node:fs';
import path from 'node:path';
import { cannotExchange, exchanger } from './exchange.js';
import { makeDir } from './make-dir.js';
import { McpoError } from '../errors.js';
import { writeError } from './errors.js';
import { decodeUtf8, readRegular } from './read.js';
import { resolveTarget } from './real-path.js';
import { folderRefusal, refusalFor } from './replaceable.js';
import { openTemp, removeStaleTemps } from './temp.js';

export { MAX_FILE_BYTES, MAX_OWN_FILE_BYTES } from './read.js';

/** Attempts before giving up on a file that another program keeps rewriting. */
export const MAX_REPLACE_ATTEMPTS = 20;

/** The raw bytes of a regular file (symlinks followed), or null when it does not exist. */
export function readRegularFile(file: string, opts: { maxBytes?: number } = {}): Buffer | null {
  return readRegular(file, undefined, opts.maxBytes)?.bytes ?? null;
}

/** `readRegularFile`, decoded as strict UTF-8 (McpoError naming file:line when it is not). */
export function readTextFile(file: string, opts: { maxBytes?: number } = {}): string | null {
  const bytes = readRegularFile(file, opts);
  return bytes === null ? null : decodeUtf8(file, bytes);
}

export interface ReplaceOptions {
  /** Force this mode (0o600 for files holding inline secrets); otherwise the file's own is kept. */
  mode?: number;
}

export interface Replaced {
  /** The bytes the rename replaced (null: the file was created), i.e. what a backup must hold. */
  before: Buffer | null;
  /** The text written. */
  text: string;
  /** Mode of the replaced file (null when created), so rollback can restore it. */
  modeBefore: number | null;
}

/**
 * Atomically replaces `file` (through symlinks) with `produce(currentText)`. `produce` may be
 * called more than once (another writer changed the file before our rename) and may throw to
 * refuse the current text (e.g. a managed entry changed: stale plan). `onBefore` runs once per
 * attempt with the bytes about to be replaced, before the rename (apply writes its backup there).
 */
export async function replaceFile(
  file: string,
  produce: (current: string | null) => string,
  opts: ReplaceOptions & { onBefore?: (before: Buffer | null) => void } = {},
): Promise<Replaced> {
  let target: string;
  try {
    target = resolveTarget(file);
    makeDir(path.dirname(target));
  } catch (err) {
    throw writeError(file, err);
  }
  removeStaleTemps(path.dirname(target));
  exchanger(); // loaded now, not between the last look and the exchange
  for (let attempt = 0; attempt < MAX_REPLACE_ATTEMPTS; attempt++) {
    const done = attemptReplace(file, target, produce, opts);
    if (done) return done;
  }
  const why = `${file} kept changing while mcpo was writing it (${MAX_REPLACE_ATTEMPTS} attempts)`;
  throw new McpoError('file-busy', `${why}; nothing was written.`, {
    hint: 'another program rewrites it constantly: close that program (or wait), then run the command again',
  });
}

/** One read-produce-write-rename; null when another writer changed the file before our rename. */
function attemptReplace(
  file: string,
  target: string,
  produce: (current: string | null) => string,
  opts: ReplaceOptions & { onBefore?: (before: Buffer | null) => void },
): Replaced | null {
  const read = readRegular(target);
  const st = read?.stat ?? null;
  const refusal = st ? refusalFor(file, st) : folderRefusal(file, path.dirname(target));
  if (refusal) throw refusal;
  const before = read?.bytes ?? null;
  const text = produce(before === null ? null : decodeUtf8(file, before));
  const mode = opts.mode ?? (st ? st.mode & 0o7777 : 0o666 & ~process.umask());
  let tmp: string | null = null;
  let watched: number | null = null;
  try {
    const made = openTemp(target);
    tmp = made.tmp;
    const ours = writeTemp(made.fd, text, st, mode);
    opts.onBefore?.(before);
    // Re-read right before placing ours: another program may have written since we read.
    const now = readRegular(target, (fd) => (watched = fd));
    if (!sameBytes(now?.bytes ?? null, before) || !stillThere(watched, now?.stat ?? null))
      return null;
    const placed = before === null ? linkNew(tmp, target) : placeOver(tmp, target, before, ours);
    if (placed === 'exists') return null;
    if (placed === 'rename') fs.renameSync(tmp, target);
    tmp = null;
  } catch (err) {
    if (err instanceof McpoError || !(err as NodeJS.ErrnoException | undefined)?.code) throw err;
    throw writeError(file, err);
  } finally {
    if (watched !== null) fs.closeSync(watched);
    if (tmp !== null) fs.rmSync(tmp, { force: true });
  }
  syncFolder(path.dirname(target));
  return { before, text, modeBefore: st ? st.mode & 0o7777 : null };
}

/** Writes, gives the replaced file's owner and mode, fsyncs, closes; returns the bytes written. */
function writeTemp(fd: number, text: string, st: fs.Stats | null, mode: number): Buffer {
  try {
    const bytes = Buffer.from(text, 'utf8');
    for (let off = 0; off < bytes.length; ) off += fs.writeSync(fd, bytes, off);
    // Owner first: chown clears set-id bits, chmod then sets the mode we want.
    const me = { uid: process.getuid?.(), gid: process.getgid?.() };
    if (st && me.uid !== undefined && (st.uid !== me.uid || st.gid !== me.gid))
      fs.fchownSync(fd, st.uid, st.gid);
    fs.fchmodSync(fd, mode);
    fs.fsyncSync(fd);
    return bytes;
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * The last look before the rename, as close to it as we can: the file we re-read is still the
 * one at the path (a writer that renamed over it drops its link count to 0) and unchanged since
 * (an in-place writer moves its ctime).
 */
function stillThere(fd: number | null, seen: fs.Stats | null): boolean {
  if (fd === null || seen === null) return fd === seen;
  const st = fs.fstatSync(fd);
  return st.nlink > 0 && st.ctimeMs === seen.ctimeMs && st.size === seen.size;
}

/** How a temp file went in place: done (temp name gone), another file is there, or rename it. */
type Placed = 'placed' | 'exists' | 'rename';

/**
 * A new file: link the temp file to the target name, which fails when another program created
 * the file meanwhile (a rename would silently replace it): 'exists', try again. File systems
 * without hard links fall back to the rename.
 */
function linkNew(tmp: string, target: string): Placed {
  try {
    fs.linkSync(tmp, target);
    fs.unlinkSync(tmp);
    return 'placed';
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EEXIST' ? 'exists' : 'rename';
  }
}

/**
 * An existing file: exchange the temp file with it where the platform can (src/fs/exchange.ts),
 * then look at what came out. The bytes we checked: remove them, done ('placed'). Anything else
 * is another program's file that landed after our last look: exchange back, so theirs is at the
 * path again and ours at the temp name, and try again on it ('exists'). If even the exchange
 * back brings out something other than ours (a third write within microseconds), that newest
 * file goes back in place. Where there is no exchange: 'rename', which replaces such a file.
 */
export function placeOver(tmp: string, target: string, before: Buffer, ours: Buffer): Placed {
  const exchange = exchanger();
  if (!exchange) return 'rename';
  try {
    exchange(tmp, target);
  } catch (err) {
    if (cannotExchange(err)) return 'rename';
    // Gone since our look (deleted, or mid-way through another writer's replace): try again.
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return 'exists';
    throw err;
  }
  if (sameBytes(regularBytes(tmp), before)) {
    fs.unlinkSync(tmp);
    return 'placed';
  }
  exchange(tmp, target);
  if (!sameBytes(regularBytes(tmp), ours)) exchange(tmp, target);
  return 'exists';
}

/** The bytes of the regular file at `file` (not followed), or null when it is something else. */
function regularBytes(file: string): Buffer | null {
  const st = fs.lstatSync(file, { throwIfNoEntry: false });
  return st?.isFile() ? fs.readFileSync(file) : null;
}

function sameBytes(a: Buffer | null, b: Buffer | null): boolean {
  return a === null || b === null ? a === b : a.equals(b);
}

/** fsync the folder, so the rename itself survives a crash. Not possible everywhere (Windows). */
function syncFolder(dir: string): void {
  let fd: number | undefined;
  try {
    fd = fs.openSync(dir, 'r');
    fs.fsyncSync(fd);
  } catch {
    // Best effort: the file's own content is already on disk.
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

/**
 * Without writing: why `replaceFile(file)` would fail (folder not writable, read-only file,
 * hard links, another user's file, not a regular file), as an McpoError with the fix; else null.
 */
export function checkReplaceable(file: string): Error | null {
  try {
    const target = resolveTarget(file);
    const st = fs.statSync(target, { throwIfNoEntry: false });
    return st ? refusalFor(file, st) : folderRefusal(file, path.dirname(target));
  } catch (err) {
    return writeError(file, err);
  }
}
