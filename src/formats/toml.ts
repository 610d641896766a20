import { parse, TomlError } from 'smol-toml';
import { sameJson } from '../state/digest.js';
import type { ConfigFormat } from './contract.js';
import type { NativeEntry } from '../types.js';
import { McpoError, ParseError } from '../errors.js';
import { scanBlocks, scanHeaders, type TomlBlock } from './toml-scan.js';

/**
 * TOML client files (Codex `config.toml`), edited by range splicing: each managed entry is one
 * `[<entriesPath>.<name>]` table (plus any sub-tables the user split off), replaced, removed or
 * appended as a whole block of text. Every byte outside those blocks stays as it was.
 * The TOML spec: https://toml.io/en/v1.0.0 ; parser: https://github.com/squirrelchat/smol-toml
 */

const HINT = 'fix the syntax; mcpo never overwrites a file it cannot parse';

const BARE = /^[A-Za-z0-9_-]+$/;
export const tomlKey = (key: string): string => (BARE.test(key) ? key : tomlString(key));

/** A basic string; JSON escapes are valid TOML escapes, DEL is not allowed raw. */
const tomlString = (s: string): string => JSON.stringify(s).replace(/\x7f/g, '\\u007F');

function tomlValue(value: unknown, floatKey: boolean): string {
  if (typeof value === 'string') return tomlString(value);
  if (typeof value === 'boolean') return String(value);
  if (typeof value === 'number') {
    if (Number.isNaN(value)) return 'nan';
    if (!Number.isFinite(value)) return value > 0 ? 'inf' : '-inf';
    return floatKey && Number.isInteger(value) ? `${value}.0` : String(value);
  }
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return `[${value.map((v) => tomlValue(v, false)).join(', ')}]`;
  if (value && typeof value === 'object') {
    const members = Object.entries(value).filter(([, v]) => v !== undefined && v !== null);
    return members.length
      ? `{ ${members.map(([k, v]) => `${tomlKey(k)} = ${tomlValue(v, false)}`).join(', ')} }`
      : '{}';
  }
  throw new McpoError('internal', `cannot write ${typeof value} to TOML (this is a bug in mcpo)`);
}

/** One `[path.name]` table with nested objects as inline tables. */
export function renderTable(
  path: string[],
  entry: NativeEntry,
  eol: string,
  floatKeys: ReadonlySet<string>,
): string {
  const lines = [`[${path.map(tomlKey).join('.')}]`];
  for (const [k, v] of Object.entries(entry)) {
    if (v !== undefined && v !== null)
      lines.push(`${tomlKey(k)} = ${tomlValue(v, floatKeys.has(k))}`);
  }
  return lines.join(eol) + eol;
}

function parseToml(text: string, file: string): Record<string, unknown> {
  try {
    return parse(text) as Record<string, unknown>;
  } catch (e) {
    if (!(e instanceof TomlError)) throw e;
    const first = e.message.split('\n')[0]!.replace(/^Invalid TOML document: /, '');
    throw new ParseError({ file, line: e.line, col: e.column }, `not valid TOML (${first})`, HINT);
  }
}

function entriesOf(
  doc: Record<string, unknown>,
  file: string,
  entriesPath: string[],
): Record<string, NativeEntry> {
  let node: unknown = doc;
  for (const key of entriesPath) {
    if (!node || typeof node !== 'object' || !Object.hasOwn(node, key)) return {};
    node = (node as Record<string, unknown>)[key];
  }
  const where = entriesPath.join('.');
  if (!node || typeof node !== 'object' || Array.isArray(node))
    throw new ParseError({ file, line: 1, col: 1 }, `${where} is not a table`, HINT);
  for (const [name, value] of Object.entries(node)) {
    if (!value || typeof value !== 'object' || Array.isArray(value))
      throw new ParseError(
        { file, line: 1, col: 1 },
        `entry "${name}" in ${where} is not a table`,
        HINT,
      );
  }
  return node as Record<string, NativeEntry>;
}

function editError(file: string, entriesPath: string[]): McpoError {
  return new McpoError(
    'toml-edit',
    `${file}: mcpo could not edit ${entriesPath.join('.')} without changing other parts of the file`,
    {
      hint: `write each server as its own [${entriesPath.map(tomlKey).join('.')}.<name>] table, then run mcpo again`,
    },
  );
}

function parseEdited(text: string, file: string, entriesPath: string[]): Record<string, unknown> {
  try {
    return parse(text) as Record<string, unknown>;
  } catch (e) {
    if (e instanceof TomlError) throw editError(file, entriesPath);
    throw e;
  }
}

/**
 * `mcp_servers = { ... }` (an inline table) cannot take a `[mcp_servers.<name>]` table, and
 * rewriting the user's inline table would reformat it: refuse at its line, with the fix.
 */
function refuseInlineMap(text: string, file: string, entriesPath: string[]): void {
  const key = entriesPath
    .map((k) => `(?:${escapeRe(k)}|"${escapeRe(k)}"|'${escapeRe(k)}')`)
    .join('\\s*\\.\\s*');
  const re = new RegExp(`^[ \\t]*${key}[ \\t]*=[ \\t]*\\{`);
  const lines = text.split('\n');
  const index = lines.findIndex((l) => re.test(l));
  if (index < 0 || scanHeaders(text).some((h) => h.start <= offsetOfLine(lines, index))) return;
  const table = `[${[...entriesPath, '<name>'].map((k) => (k === '<name>' ? k : tomlKey(k))).join('.')}]`;
  const message = `${entriesPath.join('.')} is an inline table; mcpo edits servers written as ${table} tables`;
  throw new ParseError(
    { file, line: index + 1, col: 1 },
    message,
    `rewrite each server of it as its own ${table} table, then run mcpo again`,
  );
}

const escapeRe = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const offsetOfLine = (lines: string[], index: number): number =>
  lines.slice(0, index).reduce((n, l) => n + l.length + 1, 0);

const startsWith = (path: string[], prefix: string[]): boolean =>
  prefix.every((k, i) => path[i] === k);

/** The blank separator line above a block goes with it, so that adding then removing gives back the same bytes. */
function cutFrom(text: string, b: TomlBlock): number {
  const above = text.lastIndexOf('\n', b.start - 2) + 1;
  return b.start > 0 && text.slice(above, b.start).trim() === '' ? above : b.start;
}

/**
 * Every change in one scan and one splice pass: O(file + changes). Re-scanning the text per
 * entry (as this did once) made a 5000-server apply take over a minute for Codex alone.
 * Each entry's blocks (its table and any sub-tables the user split off) are found through a
 * map from name to blocks; the first is replaced, the others removed; new tables go, in order,
 * after the last `[<entriesPath>.*]` block that stays (else at the end of the file).
 */
function setEntries(
  text: string,
  entriesPath: string[],
  changes: [string, NativeEntry | undefined][],
  floatKeys: ReadonlySet<string>,
): string {
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const blocks = scanBlocks(text);
  const depth = entriesPath.length;
  const byName = new Map<string, TomlBlock[]>();
  for (const b of blocks) {
    if (b.path.length > depth && startsWith(b.path, entriesPath))
      byName.set(b.path[depth]!, [...(byName.get(b.path[depth]!) ?? []), b]);
  }
  const edit = new Map<TomlBlock, string | null>(); // block -> its new text, null removes it
  const tables: string[] = [];
  for (const [name, entry] of changes) {
    const [first, ...rest] = byName.get(name) ?? [];
    for (const r of rest) edit.set(r, null);
    if (entry === undefined) {
      if (first) edit.set(first, null);
      continue;
    }
    const table = renderTable([...entriesPath, name], entry, eol, floatKeys);
    if (first)
      edit.set(
        first,
        text.slice(first.start, first.end).endsWith('\n') ? table : table.slice(0, -eol.length),
      );
    else tables.push(table);
  }
  const last = blocks.filter((b) => startsWith(b.path, entriesPath) && edit.get(b) !== null).pop();
  const at = last ? last.end : text.length;
  const parts: string[] = [];
  let pos = 0;
  const insert = (): void => {
    if (!tables.length) return;
    parts.push(text.slice(pos, at));
    pos = at;
    // The first new table follows a blank line (none in an empty file); the others one each.
    const before = parts.filter(Boolean).pop();
    const sep = before === undefined ? '' : before.endsWith('\n') ? eol : eol + eol;
    parts.push(sep + tables.join(eol));
    tables.length = 0;
  };
  for (const b of blocks) {
    const content = edit.get(b);
    if (content === undefined) continue;
    if (b.start >= at) insert();
    const from = content === null ? Math.max(cutFrom(text, b), pos) : b.start;
    parts.push(text.slice(pos, from), content ?? '');
    pos = b.end;
  }
  insert();
  parts.push(text.slice(pos));
  return parts.join('');
}

/** A TOML format; `floatKeys` are written with a decimal point even when whole (Codex's `*_timeout_sec`). */
export function tomlFormat(floatKeys: string[] = []): ConfigFormat {
  const floats = new Set(floatKeys);
  // The last text written and its parse from the check below: apply reads what it wrote right
  // after (the record and the state of the file), and gets it here instead of parsing again.
  let written: { text: string; doc: Record<string, unknown> } | undefined;
  const readBack = (text: string, file: string): Record<string, unknown> => {
    if (written?.text !== text) return parseToml(text, file);
    const { doc } = written;
    written = undefined; // once: no two readers share these objects
    return doc;
  };
  return {
    name: 'toml',
    readEntries(text, file, entriesPath) {
      return entriesOf(readBack(text, file), file, entriesPath);
    },
    writeEntries(text, file, entriesPath, changes) {
      const before = entriesOf(parseToml(text, file), file, entriesPath);
      refuseInlineMap(text, file, entriesPath);
      const headed = new Set(
        scanBlocks(text)
          .filter((b) => b.path.length > entriesPath.length && startsWith(b.path, entriesPath))
          .map((b) => b.path[entriesPath.length]!),
      );
      const expected: Record<string, NativeEntry> = { ...before };
      const list = Object.entries(changes);
      for (const [name, entry] of list) {
        if (Object.hasOwn(before, name) && !headed.has(name)) {
          throw new McpoError(
            'toml-inline-entry',
            `${file}: entry "${name}" in ${entriesPath.join('.')} is not written as its own [${[...entriesPath, name].map(tomlKey).join('.')}] table`,
            {
              hint: `rewrite it as a [${[...entriesPath, name].map(tomlKey).join('.')}] table, then run mcpo again`,
            },
          );
        }
        if (entry === undefined) delete expected[name];
        else expected[name] = entry;
      }
      const out = setEntries(text, entriesPath, list, floats);
      // A safety net: the edited text must parse to exactly the entries we meant to write. Its
      // errors are about our text, not the user's file: they get no line of that file.
      const doc = parseEdited(out, file, entriesPath);
      if (!sameJson(entriesOf(doc, file, entriesPath), expected))
        throw editError(file, entriesPath);
      written = { text: out, doc };
      return out;
    },
  };
}
