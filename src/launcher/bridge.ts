/**
 * `mcpo run` for a remote server: an MCP stdio server on our side, a streamable HTTP (or SSE)
 * client on the other, and every JSON-RPC message passed across unchanged
 * (https://github.com/modelcontextprotocol/typescript-sdk). This also gives remote servers to
 * clients that only speak stdio, such as Claude Desktop. Both MCP eras pass: `initialize` and
 * 2026-07-28 (its per-request headers set by the transport); which one the server speaks is
 * reported once, and a request refused for its revision is answered clearly (bridge-era.ts).
 */
import type { ServerSpec } from '../types.js';
import { importPackage } from '../import-package.js';
import { remoteClientTransport, type RemoteAuth } from './remote-transport.js';
import { redactText } from '../secrets/resolve.js';
import { McpoError } from '../errors.js';
import { httpSender } from '../protocol/http-sender.js';
import { BridgeEra } from './bridge-era.js';
import { ToolHeaders } from '../protocol/param-headers.js';

type Message = Record<string, unknown>;
/** Who asks when the bridge probes the server's versions itself (a refused `initialize`). */
const PROBE_CLIENT = { name: 'mcpo-run', version: '1' };
interface Transport {
  start(): Promise<void>;
  send(message: Message): Promise<void>;
  close(): Promise<void>;
  onmessage?: (message: Message) => void;
  onclose?: () => void;
  onerror?: (error: Error) => void;
  setProtocolVersion?: (version: string) => void;
}
type Ctor<O> = new (...args: O[]) => Transport;

/**
 * Resolves with the exit code once either side closes. `secretValues` are masked out of messages
 * (`auth`, the OAuth login of src/launcher/oauth.ts, adds its token values to them).
 */
export async function bridgeRemote(
  spec: ServerSpec,
  secretValues: string[],
  warn: (text: string) => void,
  auth?: RemoteAuth,
): Promise<number> {
  if (spec.transport !== 'http' && spec.transport !== 'sse') {
    throw new McpoError(
      'unsupported',
      `mcpo run cannot bridge a ${spec.transport} server (server ${spec.name}).`,
      { hint: 'use transport http or sse' },
    );
  }
  // The `x-mcp-header` parameters of the tools the server listed (modern revision only).
  const toolHeaders = new ToolHeaders();
  const [{ StdioServerTransport }, remote] = await Promise.all([
    importPackage<{ StdioServerTransport: Ctor<unknown> }>(
      '@modelcontextprotocol/sdk/server/stdio.js',
    ),
    remoteClientTransport<Transport>(spec, auth, (m) => toolHeaders.headersFor(m)),
  ]);
  const clean = (e: unknown) => {
    // The SDK's HTTP errors carry the status as `code`, not always in the message.
    const status =
      typeof (e as { code?: unknown })?.code === 'number'
        ? ` (HTTP ${(e as { code: number }).code})`
        : '';
    return redactText((e instanceof Error ? e.message : String(e)) + status, secretValues);
  };
  const local = new StdioServerTransport();
  const era = new BridgeEra(spec.name, warn, httpSender(spec, PROBE_CLIENT, 10_000));

  return new Promise<number>((resolve) => {
    let closed = false;
    const closeBoth = (code: number) => {
      if (closed) return;
      closed = true;
      void Promise.allSettled([local.close(), remote.close()]).then(() => resolve(code));
    };
    local.onmessage = (msg) => {
      era.outgoing(msg);
      remote.send(msg).catch(async (e: unknown) => {
        // The transport has reported the failure through onerror already (a warning on stderr).
        const text = `mcpo run ${spec.name}: the remote server did not accept a message: ${clean(e)}`;
        // A request that cannot be delivered is answered, so the client does not wait forever.
        if (!('id' in msg && 'method' in msg)) return;
        const error = (await era.refused(msg, e)) ?? { code: -32000, message: text };
        error.message = redactText(error.message, secretValues);
        void local.send({ jsonrpc: '2.0', id: msg.id, error }).catch(() => {});
      });
    };
    remote.onmessage = (msg) => {
      const request = era.incoming(msg);
      const listed = (msg.result as { tools?: unknown } | undefined)?.tools;
      if (request?.modern && request.method === 'tools/list' && Array.isArray(listed)) {
        // The revision has the HTTP client leave out tools whose annotations break its rules.
        const { kept, left } = toolHeaders.learn(listed);
        for (const t of left)
          warn(`mcpo run ${spec.name}: tool ${t.name} left out: its x-mcp-header has ${t.why}`);
        if (left.length) msg = { ...msg, result: { ...(msg.result as Message), tools: kept } };
      }
      const result = msg.result as { protocolVersion?: unknown } | undefined;
      if (typeof result?.protocolVersion === 'string')
        remote.setProtocolVersion?.(result.protocolVersion);
      void local.send(msg).catch(() => closeBoth(1));
    };
    local.onclose = () => closeBoth(0);
    remote.onclose = () => closeBoth(0);
    remote.onerror = (e) => warn(`mcpo run ${spec.name}: ${clean(e)}`);
    local.onerror = (e) => warn(`mcpo run ${spec.name}: ${clean(e)}`);
    // The SDK's stdio transport does not watch for the end of input: the client went away.
    process.stdin.once('end', () => closeBoth(0));
    remote
      .start()
      .then(() => local.start())
      .catch((e: unknown) => {
        warn(`mcpo run ${spec.name}: cannot reach ${new URL(spec.url!).origin}: ${clean(e)}`);
        closeBoth(1);
      });
  });
}
