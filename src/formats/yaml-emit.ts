import { stringify } from 'yaml';

/**
 * `stringify(value, { lineWidth: 0 })` of the `yaml` library, byte for byte, for the plain data
 * mcpo writes into YAML client files (maps, lists, strings, numbers, booleans, null), without
 * building a `yaml` Document: that cost about 0.3 ms per entry, most of a large apply into
 * Continue and Goose. Returns undefined for anything it cannot vouch for (a key that is not a
 * plain word, a list in a list, a string `yaml` writes over several lines, ...): the caller
 * then asks `yaml` itself. test/yaml-emit.test.ts checks it against `yaml` on arbitrary data.
 * Layout as `yaml` prints it: two spaces per level, list items indented under their key, a
 * map in a list starting on the dash's line, empty collections as `{}` and `[]`.
 */
export function emitYaml(value: unknown): string | undefined {
  const out: string[] = [];
  try {
    const ok = Array.isArray(value)
      ? seq(value, '', out)
      : isPlainMap(value) && map(value, '', out);
    return ok && out.length ? `${out.join('\n')}\n` : undefined;
  } finally {
    scalars.clear(); // values can be secrets written inline: none outlives the call
  }
}

/**
 * A word `yaml` writes plain both as a key and as a value: it starts with a letter, `_`, `/`
 * or a dash before a letter, and holds no character that means anything to YAML (no `:`, `#`,
 * space, quote, comma, bracket). Words YAML may read as booleans or null are left to `yaml`.
 */
const PLAIN = /^(?:[A-Za-z_/]|-[A-Za-z])[A-Za-z0-9_./@=+-]*$/;
const RESERVED = /^(?:true|false|null|yes|no|on|off|y|n)$/i;
/** Such a word after `@` (an npm scope) or a backquote, which YAML reserves: `yaml` double-quotes it. */
const QUOTED = /^[@`][A-Za-z0-9_./@=+-]+$/;

const isPlainWord = (s: string): boolean => PLAIN.test(s) && !RESERVED.test(s);

function isPlainMap(v: unknown): v is Record<string, unknown> {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return false;
  const proto: unknown = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

/** Scalars `yaml` wrote in this call, by value: a file's few odd values repeat per entry. */
const scalars = new Map<unknown, string | undefined>();

/** One scalar as `yaml` writes it as a map value or list item; undefined: not a scalar we know. */
function scalar(v: unknown): string | undefined {
  if (v === null) return 'null';
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (typeof v === 'number' && Number.isSafeInteger(v) && !Object.is(v, -0)) return String(v);
  if (typeof v === 'string' && isPlainWord(v)) return v;
  if (typeof v === 'string' && QUOTED.test(v)) return `"${v}"`;
  if (typeof v !== 'string' && typeof v !== 'number') return undefined;
  if (scalars.has(v)) return scalars.get(v);
  // `yaml` on the scalar alone: the same text as nested in a block collection, as long as it
  // is one line (a multi-line string becomes a block scalar, indented by where it stands).
  const text = stringify(v, { lineWidth: 0 });
  const line = text.endsWith('\n') && text.indexOf('\n') === text.length - 1;
  const known = line ? text.slice(0, -1) : undefined;
  scalars.set(v, known);
  return known;
}

/** A collection that `yaml` writes inline (`{}`, `[]`), or undefined when it has content. */
function emptyCollection(v: unknown): string | undefined {
  if (Array.isArray(v)) return v.length ? undefined : '[]';
  if (isPlainMap(v)) return Object.keys(v).length ? undefined : '{}';
  return undefined;
}

function map(obj: Record<string, unknown>, indent: string, out: string[]): boolean {
  for (const key of Object.keys(obj)) {
    if (!isPlainWord(key)) return false;
    const v = obj[key];
    const inline = emptyCollection(v) ?? scalar(v);
    if (inline !== undefined) out.push(`${indent}${key}: ${inline}`);
    else if (Array.isArray(v)) {
      out.push(`${indent}${key}:`);
      if (!seq(v, `${indent}  `, out)) return false;
    } else if (isPlainMap(v)) {
      out.push(`${indent}${key}:`);
      if (!map(v, `${indent}  `, out)) return false;
    } else return false;
  }
  return true;
}

function seq(list: unknown[], indent: string, out: string[]): boolean {
  for (let i = 0; i < list.length; i++) {
    if (!Object.hasOwn(list, i)) return false; // a hole
    const v = list[i];
    const inline = emptyCollection(v) ?? scalar(v);
    if (inline !== undefined) {
      out.push(`${indent}- ${inline}`);
      continue;
    }
    if (!isPlainMap(v)) return false; // a list in a list: left to `yaml`
    // The map's first line goes on the dash's line, the others under it.
    const from = out.length;
    if (!map(v, `${indent}  `, out)) return false;
    out[from] = `${indent}- ${out[from]!.slice(indent.length + 2)}`;
  }
  return true;
}
