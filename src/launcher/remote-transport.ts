import type { ServerSpec } from '../types.js';
import type { OAuthClientProvider } from '@modelcontextprotocol/sdk/client/auth.js';
import { importPackage } from '../import-package.js';
import { modernHeadersFetch } from '../protocol/headers.js';

/** OAuth for the transport (src/launcher/oauth.ts): the SDK's provider, and a check before requests. */
export interface RemoteAuth {
  provider: OAuthClientProvider;
  /** Refreshes tokens that are about to expire; throws when a login is needed. */
  beforeRequest(): Promise<void>;
}

interface Sending {
  start(): Promise<void>;
  send(m: unknown, o?: unknown): Promise<void>;
  onerror?: (e: Error) => void;
}

/**
 * The MCP SDK's client transport for a remote server: SSE for `transport: sse`, streamable HTTP
 * otherwise, sending the server's (resolved) headers with every request, and on each modern
 * (2026-07-28) request the headers that revision requires (src/protocol/headers.ts). Shared by the
 * launcher's bridge and `mcpo doctor`; T is the caller's view of the SDK's Transport.
 */
export async function remoteClientTransport<T>(
  spec: ServerSpec,
  auth?: RemoteAuth,
  /** More headers for a modern request (the bridge's `Mcp-Param-*`). */
  extraHeaders?: (message: unknown) => Record<string, string>,
): Promise<T> {
  type Ctor = new (url: URL, o: object) => T;
  const Transport =
    spec.transport === 'sse'
      ? (
          await importPackage<{ SSEClientTransport: Ctor }>(
            '@modelcontextprotocol/sdk/client/sse.js',
          )
        ).SSEClientTransport
      : (
          await importPackage<{ StreamableHTTPClientTransport: Ctor }>(
            '@modelcontextprotocol/sdk/client/streamableHttp.js',
          )
        ).StreamableHTTPClientTransport;
  const options = {
    requestInit: { headers: spec.headers ?? {} },
    fetch: modernHeadersFetch(fetch, extraHeaders),
    ...(auth ? { authProvider: auth.provider } : {}),
  };
  const transport = new Transport(new URL(spec.url!), options);
  if (auth) refreshFirst(transport as Sending, auth);
  return transport;
}

/** The SDK's transport refreshes only after a 401; a token about to expire is refreshed first. */
function refreshFirst(t: Sending, auth: RemoteAuth): void {
  const [start, send] = [t.start.bind(t), t.send.bind(t)];
  const before = () =>
    auth.beforeRequest().catch((e: Error) => {
      // Reported like the transport's own failures (a warning on the bridge's stderr).
      t.onerror?.(e);
      throw e;
    });
  t.start = async () => (await before(), start());
  t.send = async (m, o) => (await before(), send(m, o));
}
