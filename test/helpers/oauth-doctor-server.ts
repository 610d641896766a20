// A loopback authorization server and protected MCP server built from the SDK's own server auth
// (mcpAuthRouter with its in-memory demo provider, requireBearerAuth), for doctor's OAuth report.
// Until the login branch's test/helpers/oauth-server.ts lands; this one also serves a second
// origin that answers 401 without any metadata (no resource_metadata, no well-known documents).
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import { mcpAuthRouter, getOAuthProtectedResourceMetadataUrl } from '@modelcontextprotocol/sdk/server/auth/router.js';
import { requireBearerAuth } from '@modelcontextprotocol/sdk/server/auth/middleware/bearerAuth.js';
import { DemoInMemoryAuthProvider } from '@modelcontextprotocol/sdk/examples/server/demoInMemoryOAuthProvider.js';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';

// express has no types installed here: the little of it this helper uses, typed by hand.
type Handler = (req: IncomingMessage & { body?: unknown }, res: ServerResponse, next?: () => void) => unknown;
interface App {
  (req: IncomingMessage, res: ServerResponse): void;
  use(h: unknown): void;
  post(path: string, ...h: Handler[]): void;
}
const express = createRequire(import.meta.url)('express') as { (): App; json(): Handler };

export interface OAuthDoctorServers {
  /** Protected MCP endpoint of the origin that also is the authorization server. */
  mcpUrl: string;
  issuer: string;
  /** A protected endpoint whose origin publishes no OAuth metadata at all. */
  bareUrl: string;
  close(): Promise<void>;
}

const listen = (s: Server) => new Promise<number>((resolve) => s.listen(0, '127.0.0.1', () => resolve((s.address() as AddressInfo).port)));

export async function startOAuthDoctorServers(): Promise<OAuthDoctorServers> {
  const app = express();
  const server = createServer(app);
  const base = `http://127.0.0.1:${await listen(server)}`;
  const mcpUrl = `${base}/mcp`;
  const provider = new DemoInMemoryAuthProvider();
  app.use(mcpAuthRouter({ provider, issuerUrl: new URL(base), resourceServerUrl: new URL(mcpUrl), scopesSupported: ['mcp'] }));
  const bearer = requireBearerAuth({ verifier: provider, resourceMetadataUrl: getOAuthProtectedResourceMetadataUrl(new URL(mcpUrl)) });
  app.post('/mcp', express.json(), bearer as unknown as Handler, async (req, res) => {
    const mcp = new McpServer({ name: 'protected', version: '1.0.0' });
    mcp.registerTool('ping', { description: 'answers pong' }, async () => ({ content: [{ type: 'text', text: 'pong' }] }));
    const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined });
    res.on('close', () => void transport.close());
    await mcp.connect(transport);
    await transport.handleRequest(req, res, req.body);
  });

  // The MCP endpoint asks for a token; every metadata URL is missing (404).
  const bare = createServer((req, res) => {
    if (req.method === 'POST') return void res.writeHead(401, { 'www-authenticate': 'Bearer realm="bare"' }).end();
    res.writeHead(404).end();
  });
  const bareUrl = `http://127.0.0.1:${await listen(bare)}/mcp`;
  return {
    mcpUrl,
    issuer: `${base}/`,
    bareUrl,
    close: async () => {
      for (const s of [server, bare]) {
        s.closeAllConnections();
        await new Promise<void>((resolve) => s.close(() => resolve()));
      }
    },
  };
}
