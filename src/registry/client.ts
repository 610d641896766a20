/**
 * Reads an MCP registry over HTTP with Node's fetch. Endpoints of the registry API
 * (modelcontextprotocol/registry docs/reference/api/openapi.yaml, official-registry-api.md):
 * - `GET /v0.1/servers?search=TEXT&version=latest&cursor=C` -> `{servers: [{server, _meta}],
 *   metadata: {nextCursor}}`; search is a substring match on names (and descriptions);
 * - `GET /v0.1/servers/{serverName}/versions/{version}` (name URL-encoded, `latest` allowed)
 *   -> `{server, _meta}`.
 */
import { McpoError } from '../errors.js';
import { badData, checkServer } from './check.js';
import type { RegistryEntry, RegistryServer } from './types.js';

/** The official registry (docs/reference/api/official-registry-api.md, "Base URLs"). */
export const OFFICIAL_REGISTRY = 'https://registry.modelcontextprotocol.io';
const API = '/v0.1';
const OFFICIAL_META = 'io.modelcontextprotocol.registry/official';
/** Pages `search` reads at most: the registry is large and a search should be quick. */
const MAX_PAGES = 20;

/**
 * The registry base URL: `MCPO_REGISTRY_URL`, else the stack's `registry:` key, else the
 * official registry. The environment wins so CI and a one-off run can point elsewhere.
 */
export function registryUrl(
  env: Record<string, string | undefined>,
  fromStack: string | undefined,
): string {
  const url = env.MCPO_REGISTRY_URL || fromStack || OFFICIAL_REGISTRY;
  if (!/^https?:\/\/[^\s/]+/.test(url)) {
    throw new McpoError('bad-registry-url', `The registry URL \`${url}\` is not an http(s) URL.`, {
      hint: "set MCPO_REGISTRY_URL or the stack's `registry:` key to e.g. https://registry.modelcontextprotocol.io",
    });
  }
  return url.replace(/\/+$/, '');
}

/** A search: the entries that passed the checks, and why the others were left out. */
export interface SearchResult {
  entries: RegistryEntry[];
  /** One sentence per entry left out (bad registry data); one bad entry does not hide the rest. */
  skipped: string[];
}

/** Every server whose name or description matches `text` (latest versions), following cursors. */
export async function searchServers(base: string, text: string): Promise<SearchResult> {
  const out: RegistryEntry[] = [];
  const skipped: string[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < MAX_PAGES; page++) {
    const q = new URLSearchParams({ search: text, version: 'latest' });
    if (cursor) q.set('cursor', cursor);
    const body = await getJson(base, `${API}/servers?${q}`);
    const list = (body as { servers?: unknown }).servers;
    if (!Array.isArray(list)) throw badData(`the search \`${text}\``, 'has no `servers` list');
    for (const item of list) {
      try {
        out.push(entry(item, `a search result for \`${text}\``));
      } catch (e) {
        if (!(e instanceof McpoError)) throw e;
        skipped.push(e.message.replace(/, so mcpo wrote nothing\.$/, '.'));
      }
    }
    const next = (body as { metadata?: { nextCursor?: unknown } }).metadata?.nextCursor;
    if (typeof next !== 'string' || !next || next === cursor) break;
    cursor = next;
  }
  return { entries: out, skipped };
}

/** One version (`latest` when not given) of a server, checked. */
export async function getServer(
  base: string,
  name: string,
  version = 'latest',
): Promise<RegistryServer> {
  const path = `${API}/servers/${encodeURIComponent(name)}/versions/${encodeURIComponent(version)}`;
  const body = await getJson(base, path, `${name}${version === 'latest' ? '' : `@${version}`}`);
  const server = entry(body, name).server;
  if (server.name !== name) throw badData(name, `is named \`${server.name}\``);
  if (version !== 'latest' && server.version !== version)
    throw badData(name, `answers version ${server.version} for ${version}`);
  return server;
}

function entry(item: unknown, label: string): RegistryEntry {
  const raw = item as {
    server?: unknown;
    _meta?: Record<string, { isLatest?: unknown; status?: unknown }>;
  };
  if (typeof item !== 'object' || item === null) throw badData(label, 'is not a JSON object');
  const server = checkServer(raw.server, label);
  const meta = raw._meta?.[OFFICIAL_META];
  const e: RegistryEntry = { server };
  if (typeof meta?.isLatest === 'boolean') e.isLatest = meta.isLatest;
  if (typeof meta?.status === 'string') e.status = meta.status;
  return e;
}

async function getJson(base: string, path: string, notFound?: string): Promise<unknown> {
  const url = base + path;
  let res: Response;
  try {
    res = await fetch(url, { headers: { accept: 'application/json' } });
  } catch (e) {
    const why = (e as { cause?: { code?: string } }).cause?.code ?? (e as Error).message;
    throw new McpoError(
      'registry-unreachable',
      `The registry at ${base} cannot be reached (${why}).`,
      {
        hint: 'check the network, or set MCPO_REGISTRY_URL to a registry you can reach',
      },
    );
  }
  if (res.status === 404 && notFound) {
    throw new McpoError(
      'registry-not-found',
      `The registry at ${base} has no server ${notFound}.`,
      {
        hint: `run \`mcpo search TEXT\` to find the exact name`,
      },
    );
  }
  if (!res.ok)
    throw new McpoError(
      'registry-error',
      `The registry at ${base} answered ${res.status} for ${path}.`,
      { hint: 'try again later' },
    );
  try {
    return await res.json();
  } catch {
    throw badData(notFound ?? path, 'is not valid JSON');
  }
}
