import { closeSync, fstatSync, openSync, readSync } from 'node:fs';

/** Only the end of a large log is read: enough for any sensible `-n` after filtering. */
const TAIL_BYTES = 8 * 1024 * 1024;

/**
 * The last `n` lines of a file that pass `keep`, and the file size (where `--follow` starts).
 * A first line cut by the byte window is dropped rather than shown half.
 */
export function lastLines(
  path: string,
  n: number,
  keep: (line: string) => boolean,
): { lines: string[]; size: number } {
  const fd = openSync(path, 'r');
  try {
    const size = fstatSync(fd).size;
    const start = Math.max(0, size - TAIL_BYTES);
    const buf = Buffer.alloc(size - start);
    readSync(fd, buf, 0, buf.length, start);
    let lines = buf.toString('utf8').split(/\r?\n/);
    if (start > 0) lines = lines.slice(1);
    if (lines[lines.length - 1] === '') lines.pop();
    return { lines: lines.filter(keep).slice(-n), size };
  } finally {
    closeSync(fd);
  }
}

/** Bytes appended since `offset` (from the start again when the file was truncated or rotated). */
export function readFrom(path: string, offset: number): { text: string; size: number } | null {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch {
    return null;
  }
  try {
    const size = fstatSync(fd).size;
    const from = size < offset ? 0 : offset;
    if (size === from) return { text: '', size };
    const buf = Buffer.alloc(size - from);
    readSync(fd, buf, 0, buf.length, from);
    return { text: buf.toString('utf8'), size };
  } finally {
    closeSync(fd);
  }
}

/** A line of a shared log mentions the server: its name not glued to other name characters. */
export function mentions(server: string): (line: string) => boolean {
  const esc = server.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const re = new RegExp(`(^|[^A-Za-z0-9_-])${esc}($|[^A-Za-z0-9_-])`);
  return (line) => re.test(line);
}
