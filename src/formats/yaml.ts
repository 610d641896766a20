import {
  isMap,
  isScalar,
  isSeq,
  parseDocument,
  stringify,
  type Document,
  type YAMLMap,
  type YAMLSeq,
} from 'yaml';
import type { ConfigFormat } from './contract.js';
import type { NativeEntry } from '../types.js';
import { McpoError, ParseError } from '../errors.js';
import { sameJson } from '../state/digest.js';
import { fastYamlData } from '../stack/yaml-fast.js';
import { dict } from '../dict.js';
import { emitYaml } from './yaml-emit.js';
import { type Splice, spliceAll, stealNewline } from './yaml-splice.js';

/**
 * YAML client files (Continue, Goose). The `yaml` Document API finds each entry's node and its
 * source range; the entry's lines are then spliced as text, because re-printing the document
 * would normalise comment spacing and flow collections elsewhere in the file. Only an empty or
 * flow-style servers collection is edited through the Document API and re-printed.
 * Library: https://eemeli.org/yaml/
 */

const HINT = 'fix the syntax; mcpo never overwrites a file it cannot parse';

export interface YamlFormatOptions {
  /** The servers collection is a list whose items are told apart by this key (Continue's `name`). */
  listKey?: string;
  /** Top-level keys written first when mcpo creates the file (Continue block files need `name`, `version`, `schema`). */
  created?: Record<string, unknown>;
}

interface Item {
  name: string | undefined;
  start: number;
  end: number;
}

function parseYaml(text: string, file: string): Document.Parsed {
  const doc = parseDocument(text, { prettyErrors: true });
  const err = doc.errors[0];
  if (err) {
    const pos = err.linePos?.[0];
    const what = err.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
    throw new ParseError(
      { file, line: pos?.line ?? 1, col: pos?.col ?? 1 },
      `not valid YAML (${what})`,
      HINT,
    );
  }
  if (doc.contents !== null && !isMap(doc.contents))
    throw new ParseError({ file, line: 1, col: 1 }, 'the top level is not a YAML map', HINT);
  return doc;
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  !!v && typeof v === 'object' && !Array.isArray(v);

/**
 * The file's plain data: js-yaml through the stack loader's fast path when it gives exactly what
 * `yaml` would (about 30 times cheaper: plan reads every YAML client file), else `yaml`'s
 * Document API, which also gives the line and column of a syntax error.
 */
function dataOf(text: string, file: string): unknown {
  const fast = fastYamlData(text);
  if (fast && (fast.data === null || isObject(fast.data))) return fast.data;
  return parseYaml(text, file).toJS();
}

function entriesOf(
  data: unknown,
  file: string,
  path: string[],
  listKey: string | undefined,
): Record<string, NativeEntry> {
  const where = path.join('.');
  const value = path.reduce<unknown>(
    (n, k) => (isObject(n) && Object.hasOwn(n, k) ? n[k] : undefined),
    data,
  );
  if (value === undefined || value === null) return {};
  // No prototype, so that any name (`__proto__` too) is a plain key.
  const entries = dict<NativeEntry>();
  const bad = (msg: string): never => {
    throw new ParseError({ file, line: 1, col: 1 }, msg, HINT);
  };
  if (listKey) {
    if (!Array.isArray(value)) bad(`${where} is not a list`);
    for (const item of value as unknown[]) {
      if (!isObject(item) || typeof item[listKey] !== 'string')
        bad(`an item of ${where} has no ${listKey}`);
      const { [listKey]: name, ...rest } = item as Record<string, unknown>;
      entries[name as string] = rest as NativeEntry;
    }
  } else {
    if (!isObject(value)) bad(`${where} is not a map`);
    for (const [name, entry] of Object.entries(value as Record<string, unknown>)) {
      if (!isObject(entry)) bad(`entry "${name}" in ${where} is not a map`);
      entries[name] = entry as NativeEntry;
    }
  }
  return entries;
}

const lineStart = (text: string, offset: number): number => text.lastIndexOf('\n', offset - 1) + 1;

/** The whole lines of each item of a block collection (a list item from its dash). */
function itemsOf(text: string, coll: YAMLMap | YAMLSeq, listKey: string | undefined): Item[] {
  if (isMap(coll)) {
    return coll.items.map((p) => {
      const key = p.key as { value?: unknown; range?: [number, number, number] };
      const end =
        (p.value as { range?: [number, number, number] } | null)?.range?.[2] ?? key.range![2];
      return { name: String(key.value), start: lineStart(text, key.range![0]), end };
    });
  }
  return (coll as YAMLSeq).items.map((it) => {
    const node = it as { range?: [number, number, number] };
    let dash = node.range![0] - 1;
    while (dash >= 0 && /\s/.test(text[dash]!)) dash--;
    const name = isMap(it) && listKey ? it.get(listKey) : undefined;
    return {
      name: typeof name === 'string' ? name : undefined,
      start: lineStart(text, dash),
      end: node.range![2],
    };
  });
}

/** Block YAML for `value`, every line indented by `indent`. */
function block(value: unknown, indent: string, eol: string): string {
  const lines = (emitYaml(value) ?? stringify(value, { lineWidth: 0 })).split('\n');
  lines.pop();
  return lines.map((l) => (l ? indent + l : l)).join(eol) + eol;
}

const nativeOf = (
  name: string,
  entry: NativeEntry | undefined,
  listKey: string | undefined,
): NativeEntry | undefined =>
  listKey && entry
    ? {
        [listKey]: name,
        ...Object.fromEntries(Object.entries(entry).filter(([k]) => k !== listKey)),
      }
    : entry;

type Change = [string, NativeEntry | undefined];

/**
 * Every change in one parse and one splice pass: O(file + changes). Parsing again per entry
 * (as this did once) made a 1000-server apply quadratic (about 50 s for Continue alone).
 * One layout needs a second round: every existing item removed while others are added (the
 * collection is then empty, and the re-parsed text takes the new items all at once).
 */
function setEntries(
  text: string,
  file: string,
  path: string[],
  changes: Change[],
  opts: YamlFormatOptions,
): string {
  if (!changes.length) return text;
  const first = setRound(text, file, path, changes, opts);
  return first.deferred.length
    ? setRound(first.text, file, path, first.deferred, opts).text
    : first.text;
}

function setRound(
  text: string,
  file: string,
  path: string[],
  changes: Change[],
  opts: YamlFormatOptions,
): { text: string; deferred: Change[] } {
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const { listKey } = opts;
  const natives = changes.map(([name, entry]) => [name, nativeOf(name, entry, listKey)] as const);
  const sets = natives.filter((c): c is readonly [string, NativeEntry] => c[1] !== undefined);
  const setsValue = (): unknown => (listKey ? sets.map(([, n]) => n) : Object.fromEntries(sets));
  const done = (t: string) => ({ text: t, deferred: [] });
  const doc = parseYaml(text, file);
  const coll = doc.getIn(path, true);
  if (coll === undefined && path.length === 1) {
    if (!sets.length) return done(text);
    const fresh = { [path[0]!]: setsValue() };
    if (text.trim() === '') return done(block({ ...opts.created, ...fresh }, '', eol));
    return done(text + (text.endsWith('\n') ? '' : eol) + block(fresh, '', eol));
  }
  if (isScalar(coll) && coll.value === null)
    return done(sets.length ? intoEmptyKey(text, doc, path, setsValue(), eol) : text);
  if ((!isMap(coll) && !isSeq(coll)) || coll.flow || coll.items.length === 0) {
    if (
      coll !== undefined &&
      !(isScalar(coll) && coll.value === null) &&
      !isMap(coll) &&
      !isSeq(coll)
    ) {
      throw new ParseError(
        { file, line: 1, col: 1 },
        `${path.join('.')} is not a ${listKey ? 'list' : 'map'}`,
        HINT,
      );
    }
    for (const [name, native] of natives) viaDocument(doc, path, name, native, listKey);
    return done(doc.toString({ lineWidth: 0 }));
  }
  const items = itemsOf(text, coll, listKey);
  // name -> its items, so that each change finds its own in O(1).
  const byName = new Map<string, Item[]>();
  for (const it of items)
    if (it.name !== undefined) byName.set(it.name, [...(byName.get(it.name) ?? []), it]);
  const edit = new Map<Item, string>(); // item -> its new text ('' removes it)
  const appends: string[] = [];
  const indentAt = (at: number): string => /^[ \t]*/.exec(text.slice(at, at + 200))![0];
  for (const [name, native] of natives) {
    const [first, ...rest] = byName.get(name) ?? [];
    for (const r of rest) edit.set(r, '');
    if (!native) {
      if (first) edit.set(first, '');
      continue;
    }
    const lines = block(
      listKey ? [native] : { [name]: native },
      indentAt((first ?? items[0]!).start),
      eol,
    );
    if (first)
      edit.set(
        first,
        text.slice(first.start, first.end).endsWith('\n') ? lines : lines.slice(0, -eol.length),
      );
    else appends.push(lines);
  }
  // New items go after the last item that stays; with none left, they wait for a second round.
  const last = items.filter((it) => edit.get(it) !== '').pop();
  const at = last && appends.length ? last.end : -1;
  const splices: Splice[] = [];
  let pending = at >= 0;
  const insert = (): void => {
    if (pending)
      splices.push({
        start: at,
        end: at,
        content: (text[at - 1] === '\n' ? '' : eol) + appends.join(''),
      });
    pending = false;
  };
  for (const it of items) {
    const content = edit.get(it);
    if (content === undefined) continue;
    if (it.start >= at) insert();
    splices.push({ start: it.start, end: it.end, content });
  }
  insert();
  stealNewline(text, splices);
  const deferred =
    appends.length && !last
      ? changes.filter(([name, entry]) => entry !== undefined && !byName.has(name))
      : [];
  return { text: spliceAll(text, splices), deferred };
}

/**
 * `extensions:` with no value (or `~`, `null`): the first entry goes on the lines below the key,
 * indented under it; the key's line keeps its comment and every other line stays as it was.
 */
function intoEmptyKey(
  text: string,
  doc: Document.Parsed,
  path: string[],
  value: unknown,
  eol: string,
): string {
  const parent = path.length === 1 ? doc.contents : doc.getIn(path.slice(0, -1), true);
  const pair = isMap(parent)
    ? parent.items.find((p) => isScalar(p.key) && p.key.value === path[path.length - 1])
    : undefined;
  const key = pair?.key as { range?: [number, number, number] } | undefined;
  const val = pair?.value as { range?: [number, number, number] } | null | undefined;
  if (!key?.range || !val?.range) return viaDocumentNull(doc, path, value);
  const [from, to] = val.range;
  const out = text.slice(0, from) + text.slice(to);
  const indent = /^[ \t]*/.exec(out.slice(lineStart(out, key.range[0])))![0];
  const nl = out.indexOf('\n', from);
  const at = nl < 0 ? out.length : nl + 1;
  return out.slice(0, at) + (nl < 0 ? eol : '') + block(value, `${indent}  `, eol) + out.slice(at);
}

function viaDocumentNull(doc: Document.Parsed, path: string[], value: unknown): string {
  doc.setIn(path, doc.createNode(value));
  return doc.toString({ lineWidth: 0 });
}

/** Empty or flow-style collections: edit the node (the caller re-prints, the only case that does). */
function viaDocument(
  doc: Document.Parsed,
  path: string[],
  name: string,
  native: NativeEntry | undefined,
  listKey: string | undefined,
): void {
  if (!listKey) {
    if (native) doc.setIn([...path, name], doc.createNode(native));
    else if (doc.hasIn([...path, name])) doc.deleteIn([...path, name]);
  } else {
    const seq = doc.getIn(path, true);
    const list: unknown[] = isSeq(seq) ? seq.items : [];
    const index = list.findIndex((it) => isMap(it) && it.get(listKey) === name);
    if (!isSeq(seq)) {
      if (native) doc.setIn(path, doc.createNode([native]));
    } else if (native) {
      if (index >= 0) seq.items[index] = doc.createNode(native);
      else seq.items.push(doc.createNode(native));
    } else if (index >= 0) seq.items.splice(index, 1);
  }
}

/**
 * A file mcpo creates whole (it was blank): `yaml`'s own text for plain data, which needs no
 * check against a parse, and reads back as that data (a JSON copy, so that no reader shares the
 * caller's objects). emitYaml is `yaml`'s stringify byte for byte (test/yaml-emit.test.ts), and
 * test/formats-yaml-readback.test.ts checks this read-back against a real parse on generated
 * entries. The parse it saves was most of a first apply's extra CPU: V8 optimised js-yaml's
 * block-style reader for the two new files (about 60 ms at 100 servers x 18 clients).
 * undefined: the general path (text to edit, a nested path, nothing to set).
 */
function createdWhole(
  text: string,
  path: string[],
  changes: Change[],
  opts: YamlFormatOptions,
): { text: string; data: unknown } | undefined {
  if (text.trim() !== '' || path.length !== 1) return undefined;
  const sets: [string, NativeEntry][] = [];
  for (const [name, entry] of changes)
    if (entry !== undefined) sets.push([name, nativeOf(name, entry, opts.listKey)!]);
  if (!sets.length) return undefined;
  const value = {
    ...opts.created,
    [path[0]!]: opts.listKey ? sets.map(([, n]) => n) : Object.fromEntries(sets),
  };
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  return { text: block(value, '', eol), data: JSON.parse(JSON.stringify(value)) };
}

export function yamlFormat(opts: YamlFormatOptions = {}): ConfigFormat {
  // The last text written and its data as the check below read it: apply reads what it wrote
  // right after (the record of a large file), and gets it here once instead of parsing again.
  let written: { text: string; data: unknown } | undefined;
  const readBack = (text: string, file: string): unknown => {
    if (written?.text !== text) return dataOf(text, file);
    const { data } = written;
    written = undefined; // once: no two readers share these objects
    return data;
  };
  return {
    name: 'yaml',
    readEntries(text, file, entriesPath) {
      return entriesOf(readBack(text, file), file, entriesPath, opts.listKey);
    },
    writeEntries(text, file, entriesPath, changes) {
      const list = Object.entries(changes);
      const whole = createdWhole(text, entriesPath, list, opts);
      if (whole) {
        written = whole;
        return whole.text;
      }
      const expected = { ...entriesOf(dataOf(text, file), file, entriesPath, opts.listKey) };
      const out = setEntries(text, file, entriesPath, list, opts);
      for (const [name, entry] of list) {
        if (entry === undefined) delete expected[name];
        else expected[name] = entry;
      }
      // A safety net: the edited text must read back as exactly the entries we meant to write.
      const data = dataOf(out, file);
      const after = entriesOf(data, file, entriesPath, opts.listKey);
      if (!sameJson(after, expected)) {
        throw new McpoError(
          'yaml-edit',
          `${file}: mcpo could not edit ${entriesPath.join('.')} without changing other parts of the file`,
          {
            hint: `write ${entriesPath.join('.')} in block style, one entry per ${opts.listKey ? 'item' : 'key'}, then run mcpo again`,
          },
        );
      }
      written = { text: out, data };
      return out;
    },
  };
}
