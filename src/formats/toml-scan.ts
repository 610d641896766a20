import { parse } from 'smol-toml';

/**
 * Finds the table headers of a TOML text, so tables can be replaced by splicing text ranges.
 * Only a `[` that starts a line outside strings, arrays and inline tables is a header: a line of a
 * multi-line array or string that happens to start with `[` is not.
 */

export interface TomlHeader {
  /** Offset of the start of the header's line. */
  start: number;
  /** Key path of the header, e.g. ["mcp_servers", "my.server", "env"]. */
  path: string[];
}

/** A table's text range: its header line through its last line that is not blank or a comment attached to the next header. */
export interface TomlBlock extends TomlHeader {
  end: number;
}

/** Offset just past the string starting at `i` (basic, literal, or their multi-line forms). */
function skipString(text: string, i: number): number {
  const q = text[i]!;
  const triple = text.startsWith(q.repeat(3), i);
  let j = i + (triple ? 3 : 1);
  while (j < text.length) {
    const c = text[j];
    if (c === '\\' && q === '"') j += 2;
    else if (triple && text.startsWith(q.repeat(3), j)) {
      j += 3;
      // Up to two more quotes belong to the content (four quotes end with one quote inside).
      let extra = 0;
      while (extra < 2 && text[j] === q) j++, extra++;
      return j;
    } else if (!triple && (c === q || c === '\n')) return j + 1;
    else j++;
  }
  return j;
}

/** The key path of a header text such as `[ a . "b.c" ]` or `[[a.b]]`, read by the TOML parser itself. */
function headerPath(header: string): string[] {
  const path: string[] = [];
  let node: unknown = parse(header);
  while (node && typeof node === 'object') {
    const obj = (Array.isArray(node) ? node[0] : node) as Record<string, unknown> | undefined;
    const keys = obj ? Object.keys(obj) : [];
    if (keys.length !== 1) break;
    path.push(keys[0]!);
    node = obj![keys[0]!];
  }
  return path;
}

export function scanHeaders(text: string): TomlHeader[] {
  const headers: TomlHeader[] = [];
  let depth = 0;
  let lineStart = true;
  for (let i = 0; i < text.length; ) {
    const c = text[i]!;
    if (c === '\n') {
      lineStart = depth === 0;
      i++;
    } else if (c === ' ' || c === '\t' || c === '\r') i++;
    else if (c === '#') {
      const nl = text.indexOf('\n', i);
      i = nl < 0 ? text.length : nl;
    } else if (lineStart && c === '[') {
      let j = i;
      while (j < text.length && text[j] !== ']' && text[j] !== '\n')
        j = text[j] === '"' || text[j] === "'" ? skipString(text, j) : j + 1;
      if (text[j + 1] === ']') j++;
      headers.push({
        start: text.lastIndexOf('\n', i - 1) + 1,
        path: headerPath(text.slice(i, j + 1)),
      });
      const nl = text.indexOf('\n', j);
      i = nl < 0 ? text.length : nl;
      lineStart = false;
    } else {
      lineStart = false;
      if (c === '"' || c === "'") i = skipString(text, i);
      else {
        if (c === '[' || c === '{') depth++;
        else if ((c === ']' || c === '}') && depth > 0) depth--;
        i++;
      }
    }
  }
  return headers;
}

const isFiller = (line: string): boolean => line.trim() === '';
const isComment = (line: string): boolean => line.trimStart().startsWith('#');

/**
 * Each header's block. Comment lines directly above the next header belong to that header,
 * and blank lines between tables are separators that belong to neither.
 */
export function scanBlocks(text: string): TomlBlock[] {
  const headers = scanHeaders(text);
  return headers.map((h, k) => {
    const limit = headers[k + 1]?.start ?? text.length;
    const nl = text.indexOf('\n', h.start);
    const headerEnd = nl < 0 || nl >= limit ? limit : nl + 1;
    let end = limit;
    let attached = headers[k + 1] !== undefined;
    while (end > headerEnd) {
      const lineStart = text.lastIndexOf('\n', end - 2) + 1;
      const line = text.slice(Math.max(lineStart, headerEnd), end);
      if (attached && isComment(line)) end = lineStart;
      else if (isFiller(line)) {
        attached = false;
        end = lineStart;
      } else break;
    }
    return { ...h, end: Math.max(end, headerEnd) };
  });
}
