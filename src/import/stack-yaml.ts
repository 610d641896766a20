/**
 * The stack file `mcpo import` writes, built with the `yaml` Document API so that every server
 * and target carries a comment saying which client file it came from.
 */
import { Document, isMap, isScalar, isSeq, type Node, type Pair, type YAMLMap } from 'yaml';
import type { Scope } from '../types.js';
import type { StackServer } from './to-stack.js';

export interface StackTargetOut {
  client: string;
  scope: Scope;
  servers: string[];
  /** Written explicitly where the default would deliver secrets differently from the file. */
  secrets?: 'inline';
  /** Lines of the comment above the target (file path, clashes, warnings). */
  comment: string[];
}

export interface StackOut {
  /** Value of the `$schema=` modeline. */
  schema: string;
  header: string[];
  servers: { name: string; body: StackServer; comment: string[] }[];
  targets: StackTargetOut[];
}

export function renderStackYaml(s: StackOut): string {
  const clients: Record<string, unknown> = {};
  const byClient = new Map<string, StackTargetOut[]>();
  for (const t of s.targets) byClient.set(t.client, [...(byClient.get(t.client) ?? []), t]);
  for (const [client, list] of byClient) {
    const bodies = list.map((t) => ({
      scope: t.scope,
      servers: t.servers,
      ...(t.secrets ? { secrets: t.secrets } : {}),
    }));
    clients[client] = bodies.length === 1 ? bodies[0] : bodies;
  }
  const doc = new Document({
    version: 1,
    servers: Object.fromEntries(s.servers.map((srv) => [srv.name, srv.body])),
    ...(s.targets.length ? { clients } : {}),
  });
  doc.commentBefore = [
    ` yaml-language-server: $schema=${s.schema}`,
    ...s.header.map((l) => ` ${l}`),
  ].join('\n');

  const serversMap = doc.get('servers', true) as YAMLMap;
  serversMap.items.forEach((pair, i) => {
    comment(doc, pair, s.servers[i]!.comment, i > 0);
    compactLists(pair.value as Node);
  });
  const clientsMap = doc.get('clients', true) as YAMLMap | undefined;
  for (const pair of clientsMap?.items ?? []) {
    const list = byClient.get(String(isScalar(pair.key) ? pair.key.value : pair.key))!;
    if (isSeq(pair.value)) {
      pair.value.items.forEach((item, i) => {
        (item as Node).commentBefore = lines(list[i]!.comment);
        compactLists(item as Node);
      });
    } else {
      comment(doc, pair, list[0]!.comment, false);
      compactLists(pair.value as Node);
    }
  }
  return doc.toString({ lineWidth: 0 });
}

function comment(doc: Document, pair: Pair, text: string[], spaceBefore: boolean): void {
  const key = isScalar(pair.key) ? pair.key : doc.createNode(pair.key);
  key.commentBefore = lines(text);
  key.spaceBefore = spaceBefore;
  pair.key = key;
}

function lines(text: string[]): string {
  return text.map((l) => ` ${l}`).join('\n');
}

/** Lists of plain strings (`args`, `servers`) read best on one line. */
function compactLists(node: Node | null | undefined): void {
  if (isSeq(node)) {
    if (node.items.every((i) => isScalar(i))) node.flow = true;
    else for (const i of node.items) compactLists(i as Node);
  } else if (isMap(node)) {
    for (const p of node.items) compactLists(p.value as Node);
  }
}
