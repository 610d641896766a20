import {
  applyEdits,
  getNodeValue,
  parseTree,
  printParseErrorCode,
  type Node,
  type ParseError as JsoncError,
} from 'jsonc-parser';
import type { ConfigFormat } from './contract.js';
import type { NativeEntry } from '../types.js';
import { ParseError, offsetToLoc } from '../errors.js';
import { dict, withoutPrototypes } from '../dict.js';
import { detectStyle, insertFirstMember, pretty } from './json-edit.js';
import { editPass, type Change } from './json-pass.js';

/**
 * JSON and JSONC client files, edited in place so every byte outside the managed entries survives.
 * Plain `json` rejects comments and trailing commas: the clients that use it parse with JSON.parse.
 */

const BOM = '\uFEFF';
const stripBom = (text: string): string => (text.startsWith(BOM) ? text.slice(1) : text);

const HINT = 'fix the syntax; mcpo never overwrites a file it cannot parse';

/** Readable JSON path for messages; keys such as project folders are quoted. */
function showPath(path: string[]): string {
  return (
    path.map((k) => (/^[A-Za-z_$][\w$-]*$/.test(k) ? k : JSON.stringify(k))).join('.') ||
    '(top level)'
  );
}

/** The last member named `key` (JSON.parse semantics: a duplicate key wins over earlier ones). */
function member(obj: Node, key: string): Node | undefined {
  return [...(obj.children ?? [])].reverse().find((p) => p.children?.[0]?.value === key)
    ?.children?.[1];
}

export interface Located {
  root: Node | undefined;
  /** The deepest object that exists along the path, and how many path segments it covers. */
  deepest: Node | undefined;
  depth: number;
}

function parseStrict(strict: boolean, text: string, file: string): Node | undefined {
  if (text.trim() === '') return undefined;
  const errors: JsoncError[] = [];
  const root = parseTree(text, errors, {
    disallowComments: strict,
    allowTrailingComma: !strict,
    allowEmptyContent: false,
  });
  const err = errors[0];
  if (err) {
    throw new ParseError(
      offsetToLoc(file, text, err.offset),
      `not valid ${strict ? 'JSON' : 'JSONC'} (${printParseErrorCode(err.error)})`,
      HINT,
    );
  }
  if (!root || root.type !== 'object')
    throw new ParseError(
      offsetToLoc(file, text, root?.offset ?? 0),
      'the top level is not a JSON object',
      HINT,
    );
  return root;
}

export function locate(strict: boolean, text: string, file: string, path: string[]): Located {
  const root = parseStrict(strict, text, file);
  let deepest = root;
  let depth = 0;
  while (deepest && depth < path.length) {
    const next = member(deepest, path[depth]!);
    if (!next) break;
    if (next.type !== 'object') {
      throw new ParseError(
        offsetToLoc(file, text, next.offset),
        `${showPath(path.slice(0, depth + 1))} is not an object`,
        HINT,
      );
    }
    deepest = next;
    depth++;
  }
  return { root, deepest, depth };
}

/**
 * The entries by JSON.parse (the last of duplicate keys wins, as in the tree), as null-prototype
 * maps like getNodeValue builds; undefined for anything the tree must read or report.
 */
function fastEntries(text: string, entriesPath: string[]): Record<string, NativeEntry> | undefined {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return undefined;
  }
  const isMap = (v: unknown): v is Record<string, unknown> =>
    typeof v === 'object' && v !== null && !Array.isArray(v);
  if (!isMap(data)) return undefined;
  let at: Record<string, unknown> = data;
  for (const key of entriesPath) {
    if (!Object.hasOwn(at, key)) return dict();
    const next = at[key];
    if (!isMap(next)) return undefined;
    at = next;
  }
  const entries = dict<NativeEntry>();
  for (const [key, value] of Object.entries(at)) {
    if (!isMap(value)) return undefined;
    // JSON.parse's objects are ours alone: their prototypes go in place, no copy.
    entries[key] = withoutPrototypes(value) as NativeEntry;
  }
  return entries;
}

function makeFormat(name: 'json' | 'jsonc'): ConfigFormat {
  const strict = name === 'json';
  return {
    name,
    readEntries(withBom, file, entriesPath) {
      const text = stripBom(withBom);
      // JSON.parse is several times faster than a syntax tree and gives the same entries for a
      // file without comments; the tree is for JSONC and for the line of an error.
      const fast = fastEntries(text, entriesPath);
      if (fast) return fast;
      const { deepest, depth } = locate(strict, text, file, entriesPath);
      if (!deepest || depth < entriesPath.length) return {};
      const entries = dict<NativeEntry>();
      // As JSON.parse: a duplicated key keeps its first place and its last value (an earlier,
      // shadowed value is not read, so it is not checked either).
      const props = (deepest.children ?? []).filter((p) => p.children?.[0] && p.children[1]);
      const last = new Map(props.map((p) => [p.children![0]!.value as string, p.children![1]!]));
      for (const prop of props) {
        const name = prop.children![0]!.value as string;
        const value = last.get(name)!;
        if (Object.hasOwn(entries, name)) continue;
        if (value.type !== 'object') {
          throw new ParseError(
            offsetToLoc(file, text, value.offset),
            `entry ${JSON.stringify(name)} in ${showPath(entriesPath)} is not an object`,
            HINT,
          );
        }
        // defineProperty, so an entry named "__proto__" stays an entry.
        Object.defineProperty(entries, name, {
          value: getNodeValue(value),
          enumerable: true,
          writable: true,
          configurable: true,
        });
      }
      return entries;
    },
    writeEntries(withBom, file, entriesPath, changes) {
      // A byte order mark (Windows Notepad adds one) is set aside and put back: it is not ours to drop.
      const bom = withBom.startsWith(BOM) ? BOM : '';
      const text = stripBom(withBom);
      // Parse first: a file we cannot read is never rewritten.
      let out = text;
      // The first pass edits this same parse (a second locate of the same text cost as much).
      let at = locate(strict, out, file, entriesPath);
      const initial = at.root;
      const sets = Object.entries(changes).filter(
        (c): c is [string, NativeEntry] => c[1] !== undefined,
      );
      if (!initial) {
        if (sets.length === 0) return withBom;
        const style = detectStyle(text);
        return bom + pretty(nest(entriesPath, Object.fromEntries(sets)), style, '') + style.eol;
      }
      const style = detectStyle(text);
      // Removals first, then the other changes (as one at a time would do them; see editPass).
      const all = Object.entries(changes);
      let pending: Change[] = [
        ...all.filter((c) => c[1] === undefined),
        ...all.filter((c) => c[1] !== undefined),
      ];
      // Each pass applies at least one change, so this ends; usually after one pass, or two.
      for (let pass = 0; pending.length; pass++) {
        if (pass > 0) at = locate(strict, out, file, entriesPath);
        const next = editPass(out, at, entriesPath, pending, style);
        if (next.deferred.length >= pending.length)
          throw new Error('JSON writer: a pass applied no change');
        ({ text: out, deferred: pending } = next);
      }
      return bom + out;
    },
  };
}

/** {a: {b: value}} for path [a, b]. */
function nest(path: string[], value: unknown): unknown {
  return path.reduceRight<unknown>((inner, key) => ({ [key]: inner }), value);
}

export const jsonFormat: ConfigFormat = makeFormat('json');
export const jsoncFormat: ConfigFormat = makeFormat('jsonc');

/**
 * `format` that also makes sure a top-level member exists whenever it changes a file (opencode
 * rewrites, and so reformats, any config file lacking `$schema`). An unchanged file is left alone.
 */
export function withTopLevelMember(
  format: ConfigFormat,
  key: string,
  value: unknown,
): ConfigFormat {
  const strict = format.name === 'json';
  return {
    ...format,
    writeEntries(before, file, entriesPath, changes) {
      const after = format.writeEntries(before, file, entriesPath, changes);
      if (after === before) return after;
      const bom = after.startsWith(BOM) ? BOM : '';
      const text = stripBom(after);
      if (stripBom(before).trim() === '') return bom + createdWith(text, entriesPath, changes);
      const root = parseStrict(strict, text, file)!;
      if (member(root, key)) return after;
      return (
        bom + applyEdits(text, insertFirstMember(text, root, root, key, value, detectStyle(text)))
      );
    },
  };

  /**
   * A file created whole is `pretty` JSON of one object, a member to a line: the member goes
   * right after its `{`, as insertFirstMember puts it, without parsing the new text back into a
   * tree (130 ms and a node per value at 5000 entries; property-tested against that way).
   */
  function createdWith(text: string, entriesPath: string[], changes: Record<string, unknown>) {
    // The new object's one top-level member is the path's first key, else each entry set.
    const top = entriesPath.length
      ? entriesPath[0] === key
      : Object.hasOwn(changes, key) && changes[key] !== undefined;
    if (top) return text;
    const { eol, indent } = detectStyle(text);
    return `{${eol}${indent}${JSON.stringify(key)}: ${pretty(value, { eol, indent }, indent)},${text.slice(1)}`;
  }
}
