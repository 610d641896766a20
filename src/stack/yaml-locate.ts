/**
 * A parsed stack file and the mapping from a JSON path inside it to file:line:col,
 * so every problem points at the node that causes it.
 */
import { LineCounter, isMap, isScalar, parseDocument, visit, type Document } from 'yaml';
import type { Problem, SourceLoc } from '../types.js';
import { fastYamlData } from './yaml-fast.js';

export type YamlPath = (string | number)[];

export interface SourceDoc {
  /** Absolute path. */
  file: string;
  text: string;
  /** The `yaml` Document (node ranges for locations); may be parsed on first use. */
  readonly doc: Document;
  readonly lineCounter: LineCounter;
  /** The plain data; after syntax errors, yaml's best-effort recovery (or undefined). */
  data: unknown;
  /** False when the file has YAML errors: its data is not schema-checked then. */
  syntaxOk: boolean;
}

/**
 * Parses a stack file; YAML syntax errors (duplicate keys included) become problems. The data
 * comes from the fast reader when it can answer (yaml-fast.ts); `doc` and `lineCounter`, needed
 * only for a location, are then built on first use.
 */
export function parseSource(file: string, text: string, problems: Problem[]): SourceDoc {
  const fast = fastYamlData(text);
  if (fast) {
    let parsed: { doc: Document; lineCounter: LineCounter } | undefined;
    const full = () => (parsed ??= parseFull(text));
    return {
      file,
      text,
      data: fast.data,
      syntaxOk: true,
      get doc() {
        return full().doc;
      },
      get lineCounter() {
        return full().lineCounter;
      },
    };
  }
  const { doc, lineCounter } = parseFull(text);
  const lines = new Set<number>();
  for (const err of doc.errors) {
    const pos = err.linePos?.[0] ?? { line: 1, col: 1 };
    // yaml often reports one mistake several times on the same line; the first says it best.
    if (lines.has(pos.line)) continue;
    lines.add(pos.line);
    problems.push({
      code: err.code === 'DUPLICATE_KEY' ? 'duplicate-key' : 'yaml-syntax',
      message: firstLine(err.message),
      hint:
        err.code === 'DUPLICATE_KEY'
          ? 'remove or rename one of the two keys'
          : 'fix the YAML syntax at this position',
      loc: { file, line: pos.line, col: pos.col },
    });
  }
  const data = toData(doc);
  if ('error' in data) problems.push(dataProblem(file, doc, lineCounter, data.error));
  return {
    file,
    text,
    doc,
    lineCounter,
    data: data.value,
    syntaxOk: doc.errors.length === 0 && !('error' in data),
  };
}

function parseFull(text: string): { doc: Document; lineCounter: LineCounter } {
  const lineCounter = new LineCounter();
  return {
    doc: parseDocument(text, { lineCounter, prettyErrors: true, uniqueKeys: true }),
    lineCounter,
  };
}

/** The document's data; `yaml` throws here (not in doc.errors) when aliases expand too much. */
function toData(doc: Document): { value: unknown } | { value: undefined; error: Error } {
  try {
    return { value: doc.toJS() };
  } catch (e) {
    return { value: undefined, error: e instanceof Error ? e : new Error(String(e)) };
  }
}

/**
 * Why a parsed document gave no data, at its first alias (the usual cause: `yaml` refuses to
 * expand more than 100 aliases, a guard against alias bombs), else at the top of the file.
 */
function dataProblem(file: string, doc: Document, lineCounter: LineCounter, error: Error): Problem {
  let at = 0;
  visit(doc, {
    Alias(_, node) {
      at = node.range?.[0] ?? 0;
      return visit.BREAK;
    },
  });
  const { line, col } = lineCounter.linePos(at);
  const aliases = /alias/i.test(error.message);
  return {
    code: aliases ? 'yaml-aliases' : 'yaml-syntax',
    message: aliases
      ? 'too many YAML aliases: the YAML reader expands fewer than 100 `*alias` references (a guard against alias bombs)'
      : `the YAML cannot be read: ${firstLine(error.message)}`,
    hint: aliases
      ? 'write the repeated values out, or put a repeated text in `vars:` and use ${var:NAME}'
      : 'fix the YAML at this position',
    loc: { file, line, col },
  };
}

/** With prettyErrors, yaml appends " at line L, column C:" and a code excerpt; loc carries that. */
function firstLine(message: string): string {
  return message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
}

/**
 * Location of the value at `path`. With `key`, the location of the map key that holds it
 * (better for "unknown key" or "missing x" messages). With `index`, the position of that
 * character inside a string scalar, when the source spells the string verbatim.
 * Falls back to the closest existing ancestor, then to the top of the file.
 */
export function locate(
  src: SourceDoc,
  path: YamlPath,
  opts: { key?: boolean; index?: number } = {},
): SourceLoc {
  const offset = nodeOffset(src, path, opts);
  const { line, col } = src.lineCounter.linePos(offset);
  return { file: src.file, line, col };
}

/**
 * Sets `obj.source` to the location of `path`, found on first read. Finding it needs the yaml
 * Document, which loading a stack without problems otherwise never builds (see parseSource);
 * a plan reads a server's source only to point an error at it. The property is not enumerable,
 * so walks over a spec (secret scans, spreads, JSON) neither build the Document nor copy it.
 */
export function setSourceLazily(
  obj: { source?: SourceLoc },
  src: SourceDoc,
  path: YamlPath,
  opts: { key?: boolean } = {},
): void {
  const at = [...path];
  // `this`: a copy made with keepSource settles its own value.
  const settle = (target: object, value: SourceLoc | undefined) =>
    Object.defineProperty(target, 'source', {
      value,
      enumerable: false,
      writable: true,
      configurable: true,
    });
  Object.defineProperty(obj, 'source', {
    enumerable: false,
    configurable: true,
    get(this: object) {
      const loc = locate(src, at, opts);
      settle(this, loc);
      return loc;
    },
    set(this: object, value: SourceLoc | undefined) {
      settle(this, value);
    },
  });
}

function nodeOffset(
  src: SourceDoc,
  path: YamlPath,
  opts: { key?: boolean; index?: number },
): number {
  if (opts.key && path.length > 0) {
    const parent = src.doc.getIn(path.slice(0, -1), true);
    const last = path[path.length - 1];
    if (isMap(parent)) {
      const pair = parent.items.find((p) => isScalar(p.key) && p.key.value === last);
      const range = pair && isScalar(pair.key) ? pair.key.range : undefined;
      if (range) return range[0];
    }
  }
  for (let n = path.length; n >= 0; n--) {
    const node = n === 0 ? src.doc.contents : src.doc.getIn(path.slice(0, n), true);
    const range = (node as { range?: [number, number, number] } | null | undefined)?.range;
    if (!range) continue;
    if (n === path.length && opts.index !== undefined && isScalar(node)) {
      return (
        range[0] +
        verbatimShift(src.text.slice(range[0], range[1]), node.type, String(node.value), opts.index)
      );
    }
    return range[0];
  }
  return 0;
}

/** Offset of character `index` of `value` inside its source, or 0 when escapes make that unsure. */
function verbatimShift(
  source: string,
  type: string | undefined,
  value: string,
  index: number,
): number {
  if (type === 'PLAIN' && source === value) return index;
  if (type === 'QUOTE_DOUBLE' && source === `"${value}"`) return index + 1;
  if (type === 'QUOTE_SINGLE' && source === `'${value}'`) return index + 1;
  return 0;
}

/** `servers.github.args[0]`, for messages. */
export function formatPath(path: YamlPath): string {
  let out = '';
  for (const p of path) out += typeof p === 'number' ? `[${p}]` : out === '' ? p : `.${p}`;
  return out;
}
