import { isUtf8 } from 'node:buffer';
import fs from 'node:fs';
import { McpoError, formatLoc, offsetToLoc } from '../errors.js';
import { notRegularFile, readError } from './errors.js';

/** Largest file mcpo reads: config files are kilobytes; `/dev/zero` is endless. */
export const MAX_FILE_BYTES = 16 * 1024 * 1024;
/**
 * Files mcpo writes itself (state, apply history, saved plans) grow with servers x clients: a
 * wider bound, still one that `/dev/zero` cannot exhaust memory with.
 */
export const MAX_OWN_FILE_BYTES = 1024 * 1024 * 1024;

// O_NONBLOCK: opening a FIFO for reading would otherwise wait for a writer. Absent on Windows.
const OPEN_FLAGS =
  fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0) | (fs.constants.O_NOCTTY ?? 0);

export interface RegularFile {
  bytes: Buffer;
  /** fstat of the descriptor that was read (the file's real properties, symlinks followed). */
  stat: fs.Stats;
}

/**
 * Opens without blocking, fstats the descriptor and refuses anything but a regular file before
 * reading a byte; reads at most MAX_FILE_BYTES. Null when the file (or a parent folder) is absent.
 * `keepOpen` receives the descriptor instead of closing it (replaceFile watches it until rename).
 */
export function readRegular(
  file: string,
  keepOpen?: (fd: number) => void,
  maxBytes = MAX_FILE_BYTES,
): RegularFile | null {
  let fd: number;
  try {
    fd = fs.openSync(file, OPEN_FLAGS);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return null;
    // ENXIO: a unix socket cannot be opened; say what it is rather than "error ENXIO".
    const st = statOrNull(file);
    if (st && !st.isFile()) throw notRegularFile(file, st);
    throw readError(file, err);
  }
  let kept = false;
  try {
    const stat = fs.fstatSync(fd);
    if (!stat.isFile()) throw notRegularFile(file, stat);
    const bytes = readBounded(file, fd, stat.size, maxBytes);
    if (keepOpen) {
      keepOpen(fd);
      kept = true;
    }
    return { bytes, stat };
  } catch (err) {
    throw readError(file, err);
  } finally {
    if (!kept) fs.closeSync(fd);
  }
}

function statOrNull(file: string): fs.Stats | null {
  try {
    return fs.statSync(file);
  } catch {
    return null;
  }
}

/** Reads to the end, but never more than `max` bytes (the file may grow while we read). */
function readBounded(file: string, fd: number, sizeHint: number, max: number): Buffer {
  if (sizeHint > max) throw tooLarge(file, max);
  const chunks: Buffer[] = [];
  let total = 0;
  for (;;) {
    const chunk = Buffer.allocUnsafe(Math.max(Math.min(sizeHint - total, max), 0) + 65536);
    const n = fs.readSync(fd, chunk, 0, chunk.length, null);
    if (n === 0) break;
    total += n;
    if (total > max) throw tooLarge(file, max);
    chunks.push(chunk.subarray(0, n));
  }
  return chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, total);
}

function tooLarge(file: string, max: number): McpoError {
  const why = `${file} is larger than ${max / 1024 / 1024} MiB; mcpo reads config files only.`;
  return new McpoError('file-too-large', why, {
    hint: 'check that this path names the right file',
  });
}

/**
 * The bytes as text, refusing anything that is not valid UTF-8: mcpo edits text, and decoding
 * would silently turn those bytes into U+FFFD when the file is written back.
 */
export function decodeUtf8(file: string, bytes: Buffer): string {
  // Node's native check first (simdutf, the same RFC 3629 rule): the loop below costs ~1 ms per
  // 100 KB, and a plan of 1000 servers reads megabytes of client files.
  if (isUtf8(bytes)) return bytes.toString('utf8');
  const bad = firstInvalidUtf8(bytes);
  if (bad < 0) return bytes.toString('utf8');
  const before = bytes.subarray(0, bad).toString('utf8');
  const loc = offsetToLoc(file, before, before.length);
  const hex = bytes[bad]!.toString(16).padStart(2, '0');
  const why = `the file is not valid UTF-8 (byte 0x${hex}); mcpo edits text and would change these bytes`;
  throw new McpoError('not-utf8', `${formatLoc(loc)}: ${why}.`, {
    loc,
    hint: 'save the file as UTF-8 (or fix the bytes at that position), then run the command again',
  });
}

/** Offset of the first byte that does not start a valid UTF-8 sequence (RFC 3629), or -1. */
export function firstInvalidUtf8(b: Uint8Array): number {
  let i = 0;
  while (i < b.length) {
    const c = b[i]!;
    if (c < 0x80) {
      i++;
      continue;
    }
    const len =
      c >= 0xc2 && c <= 0xdf ? 2 : c >= 0xe0 && c <= 0xef ? 3 : c >= 0xf0 && c <= 0xf4 ? 4 : 0;
    if (len === 0 || i + len > b.length) return i;
    // The second byte's range excludes overlong forms, surrogates and code points past U+10FFFF.
    const lo = c === 0xe0 ? 0xa0 : c === 0xf0 ? 0x90 : 0x80;
    const hi = c === 0xed ? 0x9f : c === 0xf4 ? 0x8f : 0xbf;
    if (b[i + 1]! < lo || b[i + 1]! > hi) return i;
    for (let k = 2; k < len; k++) if ((b[i + k]! & 0xc0) !== 0x80) return i;
    i += len;
  }
  return -1;
}
