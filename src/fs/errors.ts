import type { Stats } from 'node:fs';
import { McpoError } from '../errors.js';

/** A few words for an errno code, for "Cannot read/write FILE: <words>." sentences. */
export function describeErrno(code: string | undefined): string {
  switch (code) {
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'ENOTDIR':
    case 'EEXIST':
      // mkdir -p through a regular file fails with either, depending on the position.
      return 'a part of its path is a file, not a folder';
    case 'EISDIR':
      return 'it is a folder';
    case 'EROFS':
      return 'the file system is read-only';
    case 'ENOSPC':
      return 'the disk is full';
    case 'ELOOP':
      return 'too many symbolic links';
    default:
      return code ? `error ${code}` : 'unknown error';
  }
}

/** What a non-regular file is, in words ("a folder", "a FIFO (named pipe)", ...). */
export function kindOf(st: Stats): string {
  if (st.isDirectory()) return 'a folder';
  if (st.isFIFO()) return 'a FIFO (named pipe)';
  if (st.isSocket()) return 'a socket';
  if (st.isCharacterDevice()) return 'a character device';
  if (st.isBlockDevice()) return 'a block device';
  return 'not a regular file';
}

/** Refusal of anything but a regular file: mcpo would block on it, or replace it by a file. */
export function notRegularFile(file: string, st: Stats): McpoError {
  const why = `${file} is ${kindOf(st)}, not a regular file; mcpo reads and writes regular files only.`;
  return new McpoError('not-regular-file', why, {
    hint: 'point `path:` (or the include) at a regular file, or remove what is at this path',
  });
}

export function readError(file: string, err: unknown): McpoError {
  if (err instanceof McpoError) return err;
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  return new McpoError('read-failed', `Cannot read ${file}: ${describeErrno(code)}.`, {
    hint: 'check the file permissions or set `path:` for this target',
  });
}

/** One clear sentence for a failed write; never a stack trace. */
export function writeError(
  file: string,
  err: unknown,
  hint = 'check the folder permissions or set `path:` for this target',
): McpoError {
  if (err instanceof McpoError) return err;
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  return new McpoError('write-failed', `Cannot write ${file}: ${describeErrno(code)}.`, { hint });
}
