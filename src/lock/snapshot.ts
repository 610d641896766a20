/**
 * A server's tool snapshot: every tool, resource template and prompt it lists (all pages), each
 * kept as its name, its description, and a hash of everything else the model is shown (input
 * and output schema, annotations, title, arguments): a change there shows as a new hash.
 * Known secret values are masked first, so a server that echoes a token never puts it in the lock.
 */
import { createHash } from 'node:crypto';
import type { Redactor } from '../secrets/redact.js';
import type { ItemKind, SnapshotItem } from './types.js';
import { sortItems } from './format.js';

type Page = Record<string, unknown> & { nextCursor?: string };
/** The part of the SDK's Client a snapshot uses (doctor's check hands it over once connected). */
export interface ListingClient {
  getServerCapabilities(): { tools?: object; resources?: object; prompts?: object } | undefined;
  listTools(p?: { cursor?: string }): Promise<Page>;
  listResourceTemplates(p?: { cursor?: string }): Promise<Page>;
  listPrompts(p?: { cursor?: string }): Promise<Page>;
}

/** A server that keeps answering a cursor is cut off: no real list is this long. */
const MAX_PAGES = 100;

export async function takeSnapshot(
  client: ListingClient,
  redactor: Redactor,
): Promise<SnapshotItem[]> {
  const caps = client.getServerCapabilities() ?? {};
  const [tools, templates, prompts] = await Promise.all([
    caps.tools ? all((p) => client.listTools(p), 'tools') : [],
    caps.resources
      ? all((p) => client.listResourceTemplates(p), 'resourceTemplates').catch(() => [])
      : [],
    caps.prompts ? all((p) => client.listPrompts(p), 'prompts') : [],
  ]);
  const items = [
    ...tools.map((t) => item('tool', t, redactor)),
    ...templates.map((t) => item('template', t, redactor)),
    ...prompts.map((t) => item('prompt', t, redactor)),
  ];
  return sortItems(items);
}

type Lister = (p?: { cursor?: string }) => Promise<Page>;

async function all(list: Lister, key: string): Promise<Record<string, unknown>[]> {
  const out: Record<string, unknown>[] = [];
  let cursor: string | undefined;
  for (let i = 0; i < MAX_PAGES; i++) {
    const page = await list(cursor ? { cursor } : undefined);
    const got = page[key];
    const isObject = (x: unknown): x is Record<string, unknown> =>
      typeof x === 'object' && x !== null;
    if (Array.isArray(got)) out.push(...got.filter(isObject));
    if (typeof page.nextCursor !== 'string' || !page.nextCursor || page.nextCursor === cursor)
      break;
    cursor = page.nextCursor;
  }
  return out;
}

/** One listed thing as the lock keeps it; `_meta` is protocol data the model does not see. */
export function item(
  kind: ItemKind,
  raw: Record<string, unknown>,
  redactor: Redactor,
): SnapshotItem {
  const { name, description, _meta, ...rest } = raw;
  void _meta;
  const text = typeof description === 'string' ? redactor.text(description) : '';
  const label =
    typeof name === 'string' ? name : kind === 'template' ? String(raw.uriTemplate) : '';
  const hash = hashOf(redactor.text(canonical(rest)));
  return { kind, name: redactor.text(label), description: text, hash };
}

export function hashOf(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 32);
}

/** JSON with keys sorted at every level, so the same schema always hashes the same. */
export function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v && typeof v === 'object') {
    const keys = Object.keys(v)
      .filter((k) => (v as Record<string, unknown>)[k] !== undefined)
      .sort();
    const member = (k: string) =>
      `${JSON.stringify(k)}:${canonical((v as Record<string, unknown>)[k])}`;
    return `{${keys.map(member).join(',')}}`;
  }
  return JSON.stringify(v) ?? 'null';
}
