/**
 * The gateway as one MCP server over stdio, on the SDK's `Server`: tools, resources and prompts
 * of the active backends, calls forwarded with the client's progress token and cancellation.
 * Standard output belongs to the client; nothing else may be written there.
 */
import type { Server } from '@modelcontextprotocol/sdk/server/index.js';
import type { Gateway, CallContext } from './gateway.js';
import { importPackage } from '../import-package.js';
import type { Upstream } from './backend.js';

type Extra = {
  signal: AbortSignal;
  _meta?: { progressToken?: string | number };
  sendNotification(n: { method: string; params?: Record<string, unknown> }): Promise<void>;
};

/** The client's side of a call: its cancellation, and progress sent back under its own token. */
function contextOf(extra: Extra): CallContext {
  const token = extra._meta?.progressToken;
  const ctx: CallContext = { signal: extra.signal };
  if (token !== undefined) {
    ctx.onprogress = (p) =>
      void extra
        .sendNotification({
          method: 'notifications/progress',
          params: { ...p, progressToken: token },
        })
        .catch(() => {});
  }
  return ctx;
}

/**
 * Builds the SDK server for `gateway`; the caller connects it to a transport. A promise is
 * accepted so the daemon can answer `initialize` while it is still opening the session.
 */
export async function gatewayServer(
  gateway: Gateway | Promise<Gateway>,
  version: string,
): Promise<Server> {
  const [{ Server }, t] = await Promise.all([
    importPackage<typeof import('@modelcontextprotocol/sdk/server/index.js')>(
      '@modelcontextprotocol/sdk/server/index.js',
    ),
    importPackage<typeof import('@modelcontextprotocol/sdk/types.js')>(
      '@modelcontextprotocol/sdk/types.js',
    ),
  ]);
  const server = new Server(
    { name: 'mcpo-gateway', version },
    {
      capabilities: {
        tools: { listChanged: true },
        resources: { listChanged: true },
        prompts: { listChanged: true },
      },
    },
  );
  const g = () => Promise.resolve(gateway);
  server.setNotificationHandler(
    t.RootsListChangedNotificationSchema,
    () =>
      void g().then(
        (x) => x.rootsChanged(),
        () => {},
      ),
  );
  server.setRequestHandler(t.ListToolsRequestSchema, async () => ({
    tools: (await (await g()).listTools()) as never,
  }));
  server.setRequestHandler(
    t.CallToolRequestSchema,
    async (req, extra) =>
      (await g()).callTool(req.params.name, req.params.arguments, contextOf(extra)) as never,
  );
  server.setRequestHandler(t.ListResourcesRequestSchema, async () => ({
    resources: (await (await g()).listResources()) as never,
  }));
  server.setRequestHandler(t.ListResourceTemplatesRequestSchema, async () => ({
    resourceTemplates: (await (await g()).listResourceTemplates()) as never,
  }));
  server.setRequestHandler(
    t.ReadResourceRequestSchema,
    async (req, extra) => (await g()).readResource(req.params.uri, contextOf(extra)) as never,
  );
  server.setRequestHandler(t.ListPromptsRequestSchema, async () => ({
    prompts: (await (await g()).listPrompts()) as never,
  }));
  server.setRequestHandler(
    t.GetPromptRequestSchema,
    async (req, extra) =>
      (await g()).getPrompt(req.params.name, req.params.arguments, contextOf(extra)) as never,
  );
  return server;
}

/** Tells the client that every list may have changed (after `mcpo use`, or a backend said so). */
export async function announceListsChanged(server: Server): Promise<void> {
  await Promise.allSettled([
    server.sendToolListChanged(),
    server.sendResourceListChanged(),
    server.sendPromptListChanged(),
  ]);
}

/** A request the client answers itself (a person may be involved): no gateway-side time limit. */
const CLIENT_REQUEST_TIMEOUT_MS = 24 * 3_600_000;

/**
 * What backends may ask of the client through the gateway: sampling, elicitation and roots,
 * each only when the client said it can (the SDK refuses a handler for an undeclared capability).
 * The request reaches the client whose gateway started the backend: each session has its own.
 */
export function upstreamOf(server: Server): Upstream | undefined {
  const caps = server.getClientCapabilities();
  return caps ? upstreamVia(caps, () => server) : undefined;
}

/**
 * As upstreamOf, for a backend several sessions share: each request goes to the session that
 * `pick` names at that moment (the one whose call is in flight on that backend).
 */
export function upstreamVia(
  caps: Record<string, unknown>,
  pick: () => Server | undefined,
): Upstream {
  const capabilities: Record<string, unknown> = {};
  for (const k of ['sampling', 'elicitation', 'roots'] as const)
    if (caps[k]) capabilities[k] = caps[k];
  const to = (): Server => {
    const s = pick();
    if (!s) throw new Error('The client session that used this server has ended.');
    return s;
  };
  return {
    capabilities,
    install(client, t) {
      const opts = (signal: AbortSignal) => ({ signal, timeout: CLIENT_REQUEST_TIMEOUT_MS });
      if (caps.sampling)
        client.setRequestHandler(
          t.CreateMessageRequestSchema,
          (req, extra) => to().createMessage(req.params, opts(extra.signal)) as never,
        );
      if (caps.elicitation)
        client.setRequestHandler(
          t.ElicitRequestSchema,
          (req, extra) => to().elicitInput(req.params, opts(extra.signal)) as never,
        );
      if (caps.roots)
        client.setRequestHandler(t.ListRootsRequestSchema, (req, extra) =>
          to().listRoots(req.params, opts(extra.signal)),
        );
    },
  };
}
