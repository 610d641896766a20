/**
 * Modern (2026-07-28) requests over streamable HTTP through the SDK's transport: each request is
 * a POST of its own carrying `MCP-Protocol-Version` and `Mcp-Method`, as the revision requires
 * (https://modelcontextprotocol.io/specification/2026-07-28/basic/transports/streamable-http),
 * so each gets a transport of its own (the revision has no session to keep).
 * Stdio uses `transportSender` of era.ts on its one process instead.
 */
import type { ServerSpec } from '../types.js';
import { remoteClientTransport } from '../launcher/remote-transport.js';
import { modernMeta, request, type MessageTransport, type ModernSend } from './era.js';

interface HttpTransport extends MessageTransport {
  start(): Promise<void>;
  close(): Promise<void>;
}

/** `spec`: a remote server with its secrets already substituted. */
export function httpSender(
  spec: ServerSpec,
  clientInfo: { name: string; version: string },
  timeoutMs: number,
): ModernSend {
  return async (method) => {
    // The transport sets the revision's headers from the body (src/protocol/headers.ts).
    const t = await remoteClientTransport<HttpTransport>(spec);
    await t.start();
    try {
      return await request(t, method, { _meta: modernMeta(clientInfo) }, timeoutMs);
    } finally {
      await t.close().catch(() => {});
    }
  };
}
