/**
 * The text of `mcp.stack.lock`: a line format made to be read in a pull request. One block per
 * server, sorted; one line per fact; a description is its own text, line for line, so a changed
 * tool description shows in the diff as a changed line:
 *
 *   server memory
 *     npm @modelcontextprotocol/server-memory
 *     version 2026.8.31
 *     integrity sha512-…
 *     tool create_entities 5d0c…
 *       | Create multiple new entities in the knowledge graph
 *
 * Text that would hide in a review (control and format characters such as zero-width spaces,
 * trailing spaces) is written as one JSON string with those characters escaped (`= "…\u200b…"`).
 */
import { McpoError } from '../errors.js';
import type { ItemKind, LockFile, ServerLock, SnapshotItem } from './types.js';

const MAGIC = 'mcpo-lock 1';
const HEADER = [
  '# mcp.stack.lock, written by `mcpo lock`: commit it, review its changes like code.',
  '# Per server: the exact package it runs, and what its tools, resource templates and prompts',
  '# tell the model (each description as text; the rest, such as input schemas, as a hash).',
  MAGIC,
];
const KINDS: ItemKind[] = ['tool', 'template', 'prompt'];
const PACKAGES = ['npm', 'pypi', 'oci'];
const SOURCES = [...PACKAGES, 'command', 'remote'];
/**
 * Characters a reviewer cannot see: control, format (zero-width, bidi, tags), private use, lone
 * surrogates, line separators. Unassigned code points stay raw: which ones are unassigned depends
 * on Node's Unicode version, and the same lock must give the same bytes everywhere.
 */
export const HIDDEN = /[\p{Cc}\p{Cf}\p{Co}\p{Cs}\p{Zl}\p{Zp}]/gu;

/** `\uXXXX` for each UTF-16 unit of a hidden character (a pair for one beyond U+FFFF). */
export function escapeHidden(s: string): string {
  const unit = (c: string, i: number) => `\\u${c.charCodeAt(i).toString(16).padStart(4, '0')}`;
  return s.replace(HIDDEN, (c) => (c.length === 2 ? unit(c, 0) + unit(c, 1) : unit(c, 0)));
}

/** The lock as text: the same lock gives the same bytes (servers and items sorted). */
export function renderLock(lock: LockFile): string {
  const out = [...HEADER];
  for (const name of Object.keys(lock.servers).sort()) {
    const s = lock.servers[name]!;
    out.push('', `server ${token(name)}`, `  ${sourceLine(s.source)}`);
    if (s.pin)
      out.push(`  version ${token(s.pin.version)}`, `  integrity ${token(s.pin.integrity)}`);
    for (const item of sortItems(s.items)) {
      out.push(
        `  ${item.kind} ${token(item.name)} ${item.hash}`,
        ...descriptionLines(item.description),
      );
    }
  }
  return out.join('\n') + '\n';
}

/** Code-unit order: the same on every machine, whatever its locale. */
export const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

export function sortItems(items: SnapshotItem[]): SnapshotItem[] {
  const rank = (i: SnapshotItem) => KINDS.indexOf(i.kind);
  return [...items].sort((a, b) => rank(a) - rank(b) || cmp(a.name, b.name));
}

/** `npm ARG`: the kind, then the argument as one word. */
function sourceLine(source: string): string {
  const sp = source.indexOf(' ');
  return sp < 0 ? source : `${source.slice(0, sp)} ${token(source.slice(sp + 1))}`;
}

/** A word as is when it has no space, quote or hidden character; else a JSON string. */
function token(s: string): string {
  return s && !/[\s"]/.test(s) && !s.match(HIDDEN) ? s : quote(s);
}

function quote(s: string): string {
  return escapeHidden(JSON.stringify(s));
}

function descriptionLines(d: string): string[] {
  if (!d) return [];
  const lines = d.split('\n');
  const plain = lines.every((l) => !l.match(HIDDEN) && !/\s$/.test(l));
  return plain ? lines.map((l) => (l ? `    | ${l}` : '    |')) : [`    = ${quote(d)}`];
}

/**
 * Reads a lock written by renderLock. A line it does not understand is an error naming the file
 * and line: a hand-edited or merge-conflicted lock is refused, never half-read.
 */
export function parseLock(text: string, file: string): LockFile {
  // A Map, so that a server named `constructor` or `__proto__` is an ordinary name.
  const servers = new Map<string, ServerLock>();
  let server: ServerLock | undefined;
  let item: SnapshotItem | undefined;
  let lines: string[] | undefined; // the `|` lines of the current item's description
  let seenMagic = false;
  text.split('\n').forEach((raw, i) => {
    const line = raw.replace(/\r$/, '');
    const bad = (what: string) => badLock(file, i + 1, what);
    if (!line.trim() || line.startsWith('#')) return;
    if (!seenMagic) {
      if (line !== MAGIC) throw bad(`expected \`${MAGIC}\``);
      seenMagic = true;
    } else if (line.startsWith('server ')) {
      const [name, ...more] = words(line.slice(7), bad);
      if (more.length) throw bad('expected `server NAME`');
      if (servers.has(name!)) throw bad(`server ${name} appears twice`);
      servers.set(name!, (server = { name: name!, source: '', items: [] }));
      item = undefined;
    } else if (!server) {
      throw bad('a line before the first `server`');
    } else if (line.startsWith('    |')) {
      if (!item || (item.description && !lines))
        throw bad('a description line outside a tool, template or prompt');
      (lines ??= []).push(line.slice(5).replace(/^ /, ''));
      item.description = lines.join('\n');
    } else if (line.startsWith('    = ')) {
      if (!item || item.description)
        throw bad('a description line outside a tool, template or prompt');
      item.description = parseQuoted(line.slice(6), bad);
    } else {
      if (!line.startsWith('  ') || line.startsWith('   ')) throw bad('unexpected indentation');
      item = readEntry(server, words(line.slice(2), bad), bad);
      lines = undefined;
    }
  });
  if (!seenMagic) throw badLock(file, 1, `expected \`${MAGIC}\``);
  for (const s of servers.values()) {
    if (!s.source) throw badLock(file, 0, `server ${s.name} has no source line`);
    if (s.pin && (!s.pin.version || !s.pin.integrity))
      throw badLock(file, 0, `server ${s.name} has only half a pin`);
  }
  return { servers: Object.fromEntries(servers) };
}

/** One `  KEY …` line of a server block; returns the item it starts, if it is one. */
function readEntry(
  server: ServerLock,
  [key, ...rest]: string[],
  bad: (what: string) => Error,
): SnapshotItem | undefined {
  if (KINDS.includes(key as ItemKind)) {
    if (rest.length !== 2 || !/^[0-9a-f]{32}$/.test(rest[1]!))
      throw bad(`expected \`${key} NAME HASH\``);
    const item: SnapshotItem = {
      kind: key as ItemKind,
      name: rest[0]!,
      hash: rest[1]!,
      description: '',
    };
    server.items.push(item);
    return item;
  }
  if (key === 'version' || key === 'integrity') {
    if (rest.length !== 1) throw bad(`expected \`${key} VALUE\``);
    server.pin = { version: '', integrity: '', ...server.pin, [key]: rest[0]! };
  } else if (
    !server.source &&
    SOURCES.includes(key!) &&
    rest.length === (PACKAGES.includes(key!) ? 1 : 0)
  ) {
    server.source = [key, ...rest].join(' ');
  } else throw bad(`unknown line \`${key}\``);
  return undefined;
}

/** Words of a line; a word starting with `"` is a JSON string. */
function words(s: string, bad: (what: string) => Error): string[] {
  const out: string[] = [];
  const re = /"(?:[^"\\]|\\.)*"|[^\s]+/g;
  for (const m of s.matchAll(re)) out.push(m[0].startsWith('"') ? parseQuoted(m[0], bad) : m[0]);
  if (!out.length) throw bad('an empty entry');
  return out;
}

function parseQuoted(s: string, bad: (what: string) => Error): string {
  try {
    const v: unknown = JSON.parse(s);
    if (typeof v === 'string') return v;
  } catch {
    // reported below
  }
  throw bad('a quoted text that is not a JSON string');
}

function badLock(file: string, line: number, what: string): McpoError {
  const where = `${file}${line ? `:${line}` : ''}`;
  return new McpoError(
    'bad-lock',
    `${where}: ${what}; mcpo does not read a lock it cannot parse.`,
    {
      hint: 'restore it from git, or write it again with `mcpo lock`',
    },
  );
}
