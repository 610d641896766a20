/**
 * What a remote server publishes about its OAuth, found the way the MCP authorization spec tells a
 * client to find it (https://modelcontextprotocol.io/specification/2025-11-25/basic/authorization,
 * unchanged in 2026-07-28): the 401's `WWW-Authenticate` `resource_metadata` or the RFC 9728
 * well-known URL, then the authorization server's RFC 8414 / OpenID metadata. The discovery itself
 * is the SDK's (`discoverOAuthProtectedResourceMetadata`, `discoverAuthorizationServerMetadata`);
 * this module only records where each document was found. Queries are never reported (they can
 * hold credentials).
 */
import { importPackage } from '../import-package.js';

/** One step of the discovery: found (where) or not (what was tried, why). */
export interface Found {
  found: boolean;
  /** The URL the document was read from, without its query. */
  url?: string;
  /** URLs tried without success. */
  tried: string[];
  error?: string;
}

export interface AuthFindings {
  /** Status of an unauthenticated request, and the challenge's parameters. */
  challenge: { status: number; resourceMetadataUrl?: string; scope?: string; error?: string };
  resourceMetadata: Found & { via?: 'www-authenticate' | 'well-known'; scopes?: string[] };
  /** The first of the resource's `authorization_servers`, or the server's origin when none is known. */
  authorizationServer: Found & {
    issuer: string;
    /** Whether the server's origin stands in because no resource metadata names one. */
    fallback: boolean;
    /** `code_challenge_methods_supported`; absent when the metadata does not list them. */
    pkceMethods?: string[];
    registration: boolean;
    metadataDocument: boolean;
  };
}

type FetchLike = (url: string | URL, init?: RequestInit) => Promise<Response>;
interface SdkAuth {
  extractWWWAuthenticateParams(res: Response): {
    resourceMetadataUrl?: URL;
    scope?: string;
    error?: string;
  };
  discoverOAuthProtectedResourceMetadata(
    url: string | URL,
    o?: { resourceMetadataUrl?: string | URL },
    f?: FetchLike,
  ): Promise<{ authorization_servers?: string[]; scopes_supported?: string[] }>;
  discoverAuthorizationServerMetadata(
    url: string | URL,
    o?: { fetchFn?: FetchLike },
  ): Promise<Record<string, unknown> | undefined>;
}

const noQuery = (u: string | URL) => {
  const url = new URL(String(u));
  url.search = '';
  return url.href;
};

/** A fetch that notes which URLs answered 2xx and which did not, for the report. */
function recording(): { fetch: FetchLike; ok: string[]; failed: string[] } {
  const rec = { ok: [] as string[], failed: [] as string[] };
  const f: FetchLike = async (url, init) => {
    const res = await fetch(url, init);
    (res.ok ? rec.ok : rec.failed).push(`${noQuery(url)}${res.ok ? '' : ` (${res.status})`}`);
    return res;
  };
  return { fetch: f, ...rec };
}

/** The body of the unauthenticated request: any MCP request will do, a 401 comes before it is read. */
const INITIALIZE = {
  protocolVersion: '2025-11-25',
  capabilities: {},
  clientInfo: { name: 'mcpo-doctor', version: '0.1.0' },
};
const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

/** Follows the discovery for a server URL, sending the entry's own headers with the first request. */
export async function probeAuth(
  url: string,
  headers: Record<string, string> = {},
): Promise<AuthFindings> {
  const sdk = await importPackage<SdkAuth>('@modelcontextprotocol/sdk/client/auth.js');
  const res = await fetch(url, {
    method: 'POST',
    headers: {
      ...headers,
      'content-type': 'application/json',
      accept: 'application/json, text/event-stream',
    },
    body: JSON.stringify({ jsonrpc: '2.0', id: 0, method: 'initialize', params: INITIALIZE }),
  });
  await res.body?.cancel().catch(() => {});
  const www = res.status === 401 || res.status === 403 ? sdk.extractWWWAuthenticateParams(res) : {};
  const challenge: AuthFindings['challenge'] = { status: res.status };
  if (www.resourceMetadataUrl) challenge.resourceMetadataUrl = noQuery(www.resourceMetadataUrl);
  if (www.scope) challenge.scope = www.scope;
  if (www.error) challenge.error = www.error;

  const prm = recording();
  let resourceMetadata: AuthFindings['resourceMetadata'];
  let servers: string[] = [];
  try {
    const named = www.resourceMetadataUrl ? { resourceMetadataUrl: www.resourceMetadataUrl } : {};
    const doc = await sdk.discoverOAuthProtectedResourceMetadata(url, named, prm.fetch);
    servers = doc.authorization_servers ?? [];
    const via = www.resourceMetadataUrl ? ('www-authenticate' as const) : ('well-known' as const);
    resourceMetadata = { found: true, url: prm.ok[prm.ok.length - 1]!, tried: prm.failed, via };
    if (doc.scopes_supported) resourceMetadata.scopes = doc.scopes_supported;
  } catch (e) {
    resourceMetadata = { found: false, tried: prm.failed, error: message(e) };
  }

  // Without resource metadata the SDK (and most clients) take the server's origin as the issuer.
  const issuer = servers[0] ?? new URL(url).origin;
  const as = recording();
  let meta: Record<string, unknown> | undefined;
  let error: string | undefined;
  try {
    meta = await sdk.discoverAuthorizationServerMetadata(issuer, { fetchFn: as.fetch });
  } catch (e) {
    error = message(e);
  }
  const methods = meta?.code_challenge_methods_supported;
  return {
    challenge,
    resourceMetadata,
    authorizationServer: {
      issuer: noQuery(issuer),
      fallback: !servers[0],
      found: !!meta,
      ...(meta ? { url: as.ok[as.ok.length - 1] } : {}),
      tried: as.failed,
      ...(error ? { error } : {}),
      ...(Array.isArray(methods) ? { pkceMethods: methods.map(String) } : {}),
      registration: typeof meta?.registration_endpoint === 'string',
      metadataDocument: meta?.client_id_metadata_document_supported === true,
    },
  };
}
