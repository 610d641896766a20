import type { ServerSpec } from '../types.js';
import { importPackage } from '../import-package.js';

/**
 * The MCP SDK's client transport for a remote server: SSE for `transport: sse`, streamable HTTP
 * otherwise, sending the server's (resolved) headers with every request. Shared by the launcher's
 * bridge and `mcpo doctor`; T is the caller's view of the SDK's Transport.
 */
export async function remoteClientTransport<T>(spec: ServerSpec): Promise<T> {
  type Ctor = new (url: URL, o: object) => T;
  const Transport =
    spec.transport === 'sse'
      ? (await importPackage<{ SSEClientTransport: Ctor }>('@modelcontextprotocol/sdk/client/sse.js')).SSEClientTransport
      : (await importPackage<{ StreamableHTTPClientTransport: Ctor }>('@modelcontextprotocol/sdk/client/streamableHttp.js')).StreamableHTTPClientTransport;
  return new Transport(new URL(spec.url!), { requestInit: { headers: spec.headers ?? {} } });
}
