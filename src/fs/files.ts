/**
 * CONTRACT (stub, to be completed by the "files" work of issue 11): the one read path and the
 * one write path for files mcpo does not own (client config files, stack files, plan files).
 * Every reader and writer of such files goes through here, so each rule holds everywhere:
 * - only regular files (or symlinks to one) are read or replaced; a folder, FIFO, socket or
 *   device is refused before any read can block; reads are bounded by MAX_FILE_BYTES;
 * - bytes are kept: a file that is not valid UTF-8 is refused (mcpo edits text) rather than
 *   rewritten with U+FFFD; backups hold the raw bytes;
 * - a write re-reads the file immediately before its rename and, when another program changed
 *   it, re-runs `produce` on the new text (bounded), so no other writer's change is lost;
 * - mode, owner and hard links of the replaced file are respected (refused where they cannot be).
 */
import fs from 'node:fs';
import { readFileIfExists, writeFileSafely } from '../apply/write.js';

/** Largest file mcpo reads: config files are kilobytes; `/dev/zero` is endless. */
export const MAX_FILE_BYTES = 16 * 1024 * 1024;

/** The raw bytes of a regular file (symlinks followed), or null when it does not exist. */
export function readRegularFile(file: string): Buffer | null {
  const text = readFileIfExists(file);
  return text === null ? null : Buffer.from(text, 'utf8');
}

/** `readRegularFile`, decoded as strict UTF-8 (McpoError naming file:line when it is not). */
export function readTextFile(file: string): string | null {
  return readFileIfExists(file);
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
  const current = readTextFile(file);
  const text = produce(current);
  const before = current === null ? null : Buffer.from(current, 'utf8');
  opts.onBefore?.(before);
  const modeBefore = current === null ? null : fs.statSync(file).mode & 0o7777;
  await writeFileSafely(file, text, opts.mode === undefined ? {} : { mode: opts.mode });
  return { before, text, modeBefore };
}

/**
 * Without writing: why `replaceFile(file)` would fail (folder not writable, read-only file,
 * hard links, another user's file, not a regular file), as an McpoError with the fix; else null.
 */
export function checkReplaceable(_file: string): Error | null {
  return null;
}
