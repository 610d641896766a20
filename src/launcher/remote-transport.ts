import type { ServerSpec } from '../types.js';
import type { OAuthClientProvider } from '@modelcontextprotocol/sdk/client/auth.js';
import { importPackage } from '../import-package.js';

/** OAuth for the transport (src/launcher/oauth.ts): the SDK's provider, and a check run before each request. */
export interface RemoteAuth {
  provider: OAuthClientProvider;
  /** Refreshes tokens that are about to expire; throws when a login is needed. */
  beforeRequest(): Promise<void>;
}

type Sending = { start(): Promise<void>; send(m: unknown, o?: unknown): Promise<void>; onerror?: (e: Error) => void };

/**
 * The MCP SDK's client transport for a remote server: SSE for `transport: sse`, streamable HTTP
 * otherwise, sending the server's (resolved) headers with every request. Shared by the launcher's
 * bridge and `mcpo doctor`; T is the caller's view of the SDK's Transport.
 */
export async function remoteClientTransport<T>(spec: ServerSpec, auth?: RemoteAuth): Promise<T> {
  type Ctor = new (url: URL, o: object) => T;
  const Transport =
    spec.transport === 'sse'
      ? (await importPackage<{ SSEClientTransport: Ctor }>('@modelcontextprotocol/sdk/client/sse.js')).SSEClientTransport
      : (await importPackage<{ StreamableHTTPClientTransport: Ctor }>('@modelcontextprotocol/sdk/client/streamableHttp.js')).StreamableHTTPClientTransport;
  const transport = new Transport(new URL(spec.url!), { requestInit: { headers: spec.headers ?? {} }, ...(auth ? { authProvider: auth.provider } : {}) });
  if (auth) {
    // The SDK's transport refreshes only after a 401; a token about to expire is refreshed first.
    const t = transport as Sending;
    const [start, send] = [t.start.bind(t), t.send.bind(t)];
    const first = async () => auth.beforeRequest().catch((e: Error) => (t.onerror?.(e), Promise.reject(e)));
    t.start = async () => (await first(), start());
    t.send = async (m, o) => (await first(), send(m, o));
  }
  return transport;
}
