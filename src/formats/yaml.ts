import { isDeepStrictEqual } from 'node:util';
import { isMap, isScalar, isSeq, parseDocument, stringify, type Document, type YAMLMap, type YAMLSeq } from 'yaml';
import type { ConfigFormat } from './contract.js';
import type { NativeEntry } from '../types.js';
import { McpoError, ParseError } from '../errors.js';

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
    throw new ParseError({ file, line: pos?.line ?? 1, col: pos?.col ?? 1 }, `not valid YAML (${what})`, HINT);
  }
  if (doc.contents !== null && !isMap(doc.contents)) throw new ParseError({ file, line: 1, col: 1 }, 'the top level is not a YAML map', HINT);
  return doc;
}

const isObject = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);

function entriesOf(doc: Document.Parsed, file: string, path: string[], listKey: string | undefined): Record<string, NativeEntry> {
  const where = path.join('.');
  const value = path.reduce<unknown>((n, k) => (isObject(n) && Object.hasOwn(n, k) ? n[k] : undefined), doc.toJS());
  if (value === undefined || value === null) return {};
  const entries: Record<string, NativeEntry> = {};
  const bad = (msg: string): never => {
    throw new ParseError({ file, line: 1, col: 1 }, msg, HINT);
  };
  if (listKey) {
    if (!Array.isArray(value)) bad(`${where} is not a list`);
    for (const item of value as unknown[]) {
      if (!isObject(item) || typeof item[listKey] !== 'string') bad(`an item of ${where} has no ${listKey}`);
      const { [listKey]: name, ...rest } = item as Record<string, unknown>;
      Object.defineProperty(entries, name as string, { value: rest, enumerable: true, writable: true, configurable: true });
    }
  } else {
    if (!isObject(value)) bad(`${where} is not a map`);
    for (const [name, entry] of Object.entries(value as Record<string, unknown>)) {
      if (!isObject(entry)) bad(`entry "${name}" in ${where} is not a map`);
      Object.defineProperty(entries, name, { value: entry, enumerable: true, writable: true, configurable: true });
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
      const end = (p.value as { range?: [number, number, number] } | null)?.range?.[2] ?? key.range![2];
      return { name: String(key.value), start: lineStart(text, key.range![0]), end };
    });
  }
  return (coll as YAMLSeq).items.map((it) => {
    const node = it as { range?: [number, number, number] };
    let dash = node.range![0] - 1;
    while (dash >= 0 && /\s/.test(text[dash]!)) dash--;
    const name = isMap(it) && listKey ? it.get(listKey) : undefined;
    return { name: typeof name === 'string' ? name : undefined, start: lineStart(text, dash), end: node.range![2] };
  });
}

/** Block YAML for `value`, every line indented by `indent`. */
function block(value: unknown, indent: string, eol: string): string {
  const lines = stringify(value, { lineWidth: 0 }).split('\n');
  lines.pop();
  return lines.map((l) => (l ? indent + l : l)).join(eol) + eol;
}

function cut(text: string, it: Item): string {
  // The last line of a file without a final newline takes the newline before it along.
  const from = it.end === text.length && !text.endsWith('\n') && it.start > 0 ? it.start - 1 : it.start;
  return text.slice(0, from) + text.slice(it.end);
}

function setEntry(text: string, file: string, path: string[], name: string, entry: NativeEntry | undefined, opts: YamlFormatOptions): string {
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const { listKey } = opts;
  const native = listKey && entry ? { [listKey]: name, ...Object.fromEntries(Object.entries(entry).filter(([k]) => k !== listKey)) } : entry;
  const doc = parseYaml(text, file);
  const coll = doc.getIn(path, true);
  if (coll === undefined && path.length === 1) {
    if (!native) return text;
    const fresh = { [path[0]!]: listKey ? [native] : { [name]: native } };
    if (text.trim() === '') return block({ ...opts.created, ...fresh }, '', eol);
    return text + (text.endsWith('\n') ? '' : eol) + block(fresh, '', eol);
  }
  if (isScalar(coll) && coll.value === null) return native ? intoEmptyKey(text, doc, path, listKey ? [native] : { [name]: native }, eol) : text;
  if ((!isMap(coll) && !isSeq(coll)) || coll.flow || coll.items.length === 0) {
    if (coll !== undefined && !(isScalar(coll) && coll.value === null) && !isMap(coll) && !isSeq(coll)) {
      throw new ParseError({ file, line: 1, col: 1 }, `${path.join('.')} is not a ${listKey ? 'list' : 'map'}`, HINT);
    }
    return viaDocument(doc, path, name, native, listKey);
  }
  const items = itemsOf(text, coll, listKey);
  const own = items.filter((i) => i.name === name);
  const [first, ...rest] = own;
  let out = rest.reverse().reduce(cut, text);
  if (!native) return first ? cut(out, first) : out;
  const ref = first ?? items[0]!;
  const indent = /^[ \t]*/.exec(out.slice(ref.start))![0];
  const lines = block(listKey ? [native] : { [name]: native }, indent, eol);
  if (first) return out.slice(0, first.start) + (out.slice(first.start, first.end).endsWith('\n') ? lines : lines.slice(0, -eol.length)) + out.slice(first.end);
  const at = items[items.length - 1]!.end;
  return out.slice(0, at) + (out[at - 1] === '\n' ? '' : eol) + lines + out.slice(at);
}

/**
 * `extensions:` with no value (or `~`, `null`): the first entry goes on the lines below the key,
 * indented under it; the key's line keeps its comment and every other line stays as it was.
 */
function intoEmptyKey(text: string, doc: Document.Parsed, path: string[], value: unknown, eol: string): string {
  const parent = path.length === 1 ? doc.contents : doc.getIn(path.slice(0, -1), true);
  const pair = isMap(parent) ? parent.items.find((p) => isScalar(p.key) && p.key.value === path[path.length - 1]) : undefined;
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

/** Empty or flow-style collections: edit the node and re-print (the only case that re-prints). */
function viaDocument(doc: Document.Parsed, path: string[], name: string, native: NativeEntry | undefined, listKey: string | undefined): string {
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
  return doc.toString({ lineWidth: 0 });
}

export function yamlFormat(opts: YamlFormatOptions = {}): ConfigFormat {
  return {
    name: 'yaml',
    readEntries(text, file, entriesPath) {
      return entriesOf(parseYaml(text, file), file, entriesPath, opts.listKey);
    },
    writeEntries(text, file, entriesPath, changes) {
      const expected = { ...entriesOf(parseYaml(text, file), file, entriesPath, opts.listKey) };
      let out = text;
      for (const [name, entry] of Object.entries(changes)) {
        out = setEntry(out, file, entriesPath, name, entry, opts);
        if (entry === undefined) delete expected[name];
        else expected[name] = entry;
      }
      // A safety net: the edited text must read back as exactly the entries we meant to write.
      const after = entriesOf(parseYaml(out, file), file, entriesPath, opts.listKey);
      if (!isDeepStrictEqual(JSON.parse(JSON.stringify(after)), JSON.parse(JSON.stringify(expected)))) {
        throw new McpoError('yaml-edit', `${file}: mcpo could not edit ${entriesPath.join('.')} without changing other parts of the file`, {
          hint: `write ${entriesPath.join('.')} in block style, one entry per ${opts.listKey ? 'item' : 'key'}, then run mcpo again`,
        });
      }
      return out;
    },
  };
}
