/**
 * Pure edits of stack file text that keep its comments and layout (`mcpo add`, `mcpo remove`,
 * `mcpo new`): each is a change of the yaml Document, spliced into the original text line by
 * line (yaml-splice.ts), so every line the edit does not touch stays as it was.
 */
import {
  isMap,
  isScalar,
  isSeq,
  type Document,
  type Node,
  type Pair,
  type YAMLMap,
  type YAMLSeq,
} from 'yaml';
import { editYamlText } from './yaml-splice.js';

/** A server as `mcpo add` writes it under `servers.<name>` (the stack file's own keys). */
export interface ServerInput {
  command?: string;
  args?: string[];
  env?: Record<string, string>;
  cwd?: string;
  url?: string;
  transport?: 'http' | 'sse' | 'ws';
  headers?: Record<string, string>;
  description?: string;
  /** Where it came from (`mcpo add --from`): the registry server and version, and what was installed. */
  registry?: { name: string; version: string; via: string };
}

export interface AddServerOptions {
  /** Also list the server in this workflow stack (`stacks.<name>.servers`) of the same file. */
  toStack?: string;
  /** Also list it in these clients' targets (`clients.<id>.servers`); a missing target is created. */
  clients?: string[];
  /** `vars:` entries to add when the file does not define them yet, each with a comment. */
  vars?: Record<string, { value: string; comment: string }>;
  /** Comment lines written above the server (where it came from, defaults, choices). */
  comment?: string[];
}

/** The stack text with `servers.<name>` added (and listed in a stack or targets). Pure. */
export function addServerText(
  text: string,
  name: string,
  spec: ServerInput,
  opts: AddServerOptions = {},
): string {
  return editYamlText(text, (doc) => {
    let servers = doc.get('servers', true);
    if (!isMap(servers)) servers = insertTopLevel(doc, 'servers', doc.createNode({}) as YAMLMap);
    const map = servers as YAMLMap;
    const value = doc.createNode(spec) as YAMLMap;
    const args = value.get('args', true);
    if (isSeq(args)) args.flow = true;
    const registry = value.get('registry', true);
    if (isMap(registry)) registry.flow = true;
    const pair = doc.createPair(name, value) as Pair<Node, Node>;
    if (opts.comment?.length)
      (pair.key as Node).commentBefore = opts.comment.map((l) => ` ${oneLine(l)}`).join('\n');
    // Keep the file's rhythm: a blank line between servers when the last one has one.
    const last = map.items[map.items.length - 1] as Pair<Node> | undefined;
    if (last && (last.key as Node | undefined)?.spaceBefore) (pair.key as Node).spaceBefore = true;
    map.items.push(pair);
    addVars(doc, opts.vars ?? {});
    if (opts.toStack)
      appendName(
        doc,
        doc.getIn(['stacks', opts.toStack, 'servers'], true),
        ['stacks', opts.toStack, 'servers'],
        name,
      );
    for (const id of opts.clients ?? []) addToTargets(doc, id, name);
  });
}

/** Adds the `vars:` entries the file lacks (an existing var keeps its value), before `servers:`. */
function addVars(doc: Document, vars: Record<string, { value: string; comment: string }>): void {
  const names = Object.keys(vars);
  if (!names.length) return;
  let map = doc.get('vars', true);
  if (!isMap(map)) {
    map = doc.createNode({}) as YAMLMap;
    const root = doc.contents as YAMLMap;
    const at = root.items.findIndex((p) => isScalar(p.key) && p.key.value === 'servers');
    const pair = doc.createPair('vars', map) as Pair<Node, Node>;
    root.items.splice(at < 0 ? root.items.length : at, 0, pair);
  }
  const m = map as YAMLMap;
  for (const name of names) {
    if (m.has(name)) continue;
    const pair = doc.createPair(name, vars[name]!.value) as Pair<Node, Node>;
    (pair.key as Node).commentBefore = ` ${oneLine(vars[name]!.comment)}`;
    m.items.push(pair);
  }
}

/** A comment line: registry text may hold line breaks, which would end the comment. */
function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** The stack text without `servers.<name>` and without its mentions in stacks and targets. Pure. */
export function removeServerText(text: string, name: string): string {
  return editYamlText(text, (doc) => {
    const servers = doc.get('servers', true);
    if (isMap(servers)) {
      const at = servers.items.findIndex((p) => isScalar(p.key) && p.key.value === name);
      // The next server takes the removed one's place, blank line before it or not.
      const next = servers.items[at + 1]?.key as Node | undefined;
      if (at >= 0 && next && isScalar(next))
        next.spaceBefore = Boolean((servers.items[at]!.key as Node).spaceBefore);
      if (at >= 0) servers.items.splice(at, 1);
    }
    const stacks = doc.get('stacks', true);
    if (isMap(stacks))
      for (const p of stacks.items)
        if (isMap(p.value)) dropName(p.value.get('servers', true), name);
    const clients = doc.get('clients', true);
    if (!isMap(clients)) return;
    for (const p of clients.items) {
      const targets = isSeq(p.value) ? p.value.items : [p.value];
      for (const t of targets) if (isMap(t)) dropName(t.get('servers', true), name);
    }
  });
}

/** The stack file's top-level keys in the order the README and `mcpo init` write them. */
const TOP_LEVEL_ORDER = [
  'version',
  'include',
  'secrets_namespace',
  'vars',
  'servers',
  'stacks',
  'clients',
  'use',
];

/**
 * Adds a top-level key where it belongs (before the first key that comes after it in
 * TOP_LEVEL_ORDER), not at the end of the file: `servers:` goes above `clients:` and below the
 * comments that introduce it (`mcpo init`'s commented `# servers:` example), after a blank line
 * like its neighbours. Comment paragraphs about later keys (`# clients:`) stay below it.
 */
function insertTopLevel<T extends Node>(doc: Document, key: string, value: T): T {
  const root = doc.contents;
  if (!isMap(root) || rank(key) < 0) {
    doc.set(key, value);
    return value;
  }
  const at = root.items.findIndex((p) => rank(p.key) > rank(key));
  const pair = doc.createPair(key, value) as Pair<Node, Node>;
  const newKey = pair.key as Node;
  newKey.spaceBefore = root.items.length > 0 && at !== 0;
  if (at < 0) {
    // Appended: the file's trailing comments before the first one about a later key come first.
    const [above, below] = splitComment(doc.comment, key, false);
    if (above) [newKey.commentBefore, doc.comment] = [above, below ?? null];
    root.items.push(pair);
    return value;
  }
  const next = root.items[at]!.key as Node;
  const [above, below] = splitComment(next.commentBefore, key, true);
  if (above) {
    [newKey.commentBefore, next.commentBefore] = [above, below ?? undefined];
    next.spaceBefore = true;
  }
  root.items.splice(at, 0, pair);
  return value;
}

function rank(k: unknown): number {
  return TOP_LEVEL_ORDER.indexOf(String(isScalar(k) ? k.value : k));
}

/**
 * Splits comment paragraphs (blank-line separated) before the first one that shows a key ranked
 * after `key` (`# clients:`); with none, `keepLast` keeps the last paragraph for what follows.
 * @returns [paragraphs above the new key, the rest], or [] when nothing moves.
 */
function splitComment(
  comment: string | null | undefined,
  key: string,
  keepLast: boolean,
): [string?, string?] {
  const paragraphs = comment ? comment.split('\n\n') : [];
  const later = (p: string) =>
    p.split('\n').some((line) => {
      const m = /^ ?([a-z_]+):/.exec(line);
      return !!m && rank(m[1]) > rank(key);
    });
  let cut = paragraphs.findIndex(later);
  if (cut < 0) cut = keepLast ? paragraphs.length - 1 : paragraphs.length;
  if (cut <= 0) return [];
  const rest = paragraphs.slice(cut).join('\n\n');
  return [paragraphs.slice(0, cut).join('\n\n'), rest || undefined];
}

/** Stack names in this file (not includes), so edits can tell "elsewhere" from "nowhere". */
export function stackNamesIn(doc: Document): string[] {
  const stacks = doc.get('stacks', true);
  return isMap(stacks)
    ? stacks.items.map((p) => String(isScalar(p.key) ? p.key.value : p.key))
    : [];
}

function addToTargets(doc: Document, client: string, name: string): void {
  const existing = doc.getIn(['clients', client], true);
  if (existing === undefined || existing === null) {
    const clients = doc.get('clients', true);
    const target = doc.createNode({ servers: [name] }) as YAMLMap;
    // Match the neighbours: README-style files write each target on one line.
    const first = isMap(clients) ? (clients.items[0]?.value as Node | undefined) : undefined;
    target.flow = isMap(first) ? Boolean(first.flow) : false;
    (target.get('servers', true) as unknown as YAMLSeq).flow = true;
    doc.setIn(['clients', client], target);
    return;
  }
  const targets = isSeq(existing) ? existing.items : [existing];
  for (const t of targets) {
    if (isMap(t)) appendName(doc, t.get('servers', true), null, name, t);
  }
}

/** Appends `name` to a list of names (creating `servers: [name]` on `owner` when absent). */
function appendName(
  doc: Document,
  seq: unknown,
  path: (string | number)[] | null,
  name: string,
  owner?: YAMLMap,
): void {
  if (isSeq(seq)) {
    if (!seq.items.some((i) => isScalar(i) && i.value === name)) seq.add(doc.createNode(name));
    return;
  }
  const created = doc.createNode([name]) as YAMLSeq;
  created.flow = true;
  if (owner) owner.set('servers', created);
  else if (path) doc.setIn(path, created);
}

function dropName(seq: unknown, name: string): void {
  if (!isSeq(seq)) return;
  for (let i = seq.items.length - 1; i >= 0; i--) {
    const item = seq.items[i];
    if (isScalar(item) && item.value === name) seq.delete(i);
  }
}
