import type { Colors } from '../render/colors.js';

export type LineKind = 'error' | 'timeout' | 'stderr' | 'plain';

// A JSON-RPC error object, a logged error level, or a failure word. Timeouts first: they are
// errors too, but the fix differs (a slow start, `--timeout`), so they get their own mark.
const TIMEOUT =
  /timed out|\btimeout (?:error|exceeded|after|reached)|\bETIMEDOUT\b|"code"\s*:\s*-32001\b/i;
const ERROR =
  /"error"\s*:|\[error\]|"level"\s*:\s*"(?:error|fatal)"|\b(?:error|exception|traceback|failed|fatal|panic(?:ked)?|ENOENT|EACCES|ECONNREFUSED)\b/i;
const STDERR = /stderr/i;
const TIMESTAMPED = /^\s*\[?\d{4}-\d\d-\d\d[T ]\d/;

/**
 * What a log line is about. `rawStderr`: in Claude Desktop's per-server log the client's own
 * lines start with a timestamp and everything else is the server's stderr, copied as is.
 */
export function classifyLine(line: string, rawStderr = false): LineKind {
  if (TIMEOUT.test(line)) return 'timeout';
  if (ERROR.test(line)) return 'error';
  if (STDERR.test(line) || (rawStderr && line.trim() !== '' && !TIMESTAMPED.test(line)))
    return 'stderr';
  return 'plain';
}

/** Colour on a terminal; without colour a `>> kind:` marker, so the highlight survives a pipe. */
export function highlightLine(line: string, kind: LineKind, c: Colors, color: boolean): string {
  if (kind === 'plain') return line;
  if (!color) return `>> ${kind}: ${line}`;
  if (kind === 'error') return c.red(line);
  if (kind === 'timeout') return c.yellow(line);
  return c.magenta(line);
}
