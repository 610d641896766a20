// The SSE side of `mcpo run`'s remote bridge: a real SSE MCP server on loopback (the SDK's
// SSEServerTransport on node:http) that records the headers of its event stream (GET) and of
// every posted message (POST). A client file written with `secrets: launcher` holds no secret;
// the entry it holds, started as a client would, reaches the server with the resolved headers.
import { describe, test, expect, beforeAll, afterAll, beforeEach, afterEach } from '@jest/globals';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { SSEServerTransport } from '@modelcontextprotocol/sdk/server/sse.js';
import { makeTmpHome, MCPO_CLI, runMcpo, type TmpHome } from './helpers/tmp-home.js';
import { connectStdio } from './helpers/mcp-client.js';

const TOKEN = 'sse-bearer-3f9a-SECRET';
const API_KEY = 'sse-apikey-77c0-SECRET';
let http: Server;
let url: string;
const seen: { method: string; headers: IncomingHttpHeaders }[] = [];
const sessions = new Map<string, SSEServerTransport>();

beforeAll(async () => {
  http = createServer((req, res) => {
    seen.push({ method: req.method ?? '', headers: req.headers });
    if (req.headers.authorization !== `Bearer ${TOKEN}`) {
      res.writeHead(401, { 'content-type': 'text/plain' }).end('unauthorized');
      return;
    }
    const path = new URL(req.url ?? '/', 'http://localhost');
    if (req.method === 'GET' && path.pathname === '/sse') {
      const transport = new SSEServerTransport('/messages', res);
      sessions.set(transport.sessionId, transport);
      const server = new McpServer({ name: 'sse-fixture', version: '1.0.0' });
      server.registerTool('sse_hello', { description: 'says hello over SSE' }, async () => ({
        content: [{ type: 'text', text: 'hello over sse' }],
      }));
      res.on('close', () => {
        sessions.delete(transport.sessionId);
        void server.close();
      });
      void server.connect(transport);
      return;
    }
    const transport =
      req.method === 'POST' && path.pathname === '/messages'
        ? sessions.get(path.searchParams.get('sessionId') ?? '')
        : undefined;
    if (!transport) {
      res.writeHead(404).end('no such session');
      return;
    }
    void transport.handlePostMessage(req, res);
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(http.address() as AddressInfo).port}/sse`;
});
afterAll(() => new Promise<void>((resolve) => http.close(() => resolve())));

let h: TmpHome;
let project: string;
let env: NodeJS.ProcessEnv;
beforeEach(() => {
  h = makeTmpHome();
  project = join(h.home, 'p');
  mkdirSync(project);
  env = { ...h.env, MCPO_SECRET_SSE_TOKEN: TOKEN, MCPO_SECRET_SSE_KEY: API_KEY };
  writeFileSync(
    join(project, 'mcp.stack.yaml'),
    `version: 1
servers:
  events:
    transport: sse
    url: "${url}"
    headers: { Authorization: "Bearer \${secret:sse-token}", X-Api-Key: "\${secret:sse-key}" }
clients:
  cursor: { scope: project, servers: [events], secrets: launcher }
`,
  );
  seen.length = 0;
});
afterEach(() => h.cleanup());

describe('mcpo run bridges stdio to an SSE server', () => {
  test('the launcher entry holds no secret, and started as written it reaches the SSE server with the resolved headers', async () => {
    const r = runMcpo(['apply', '--yes'], { env, cwd: project });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const text = readFileSync(join(project, '.cursor', 'mcp.json'), 'utf8');
    expect(text).not.toContain(TOKEN);
    expect(text).not.toContain(API_KEY);
    const entry = JSON.parse(text).mcpServers.events as { command: string; args: string[] };
    expect(entry.args.slice(1, 3)).toEqual(['run', 'events']);

    const s = await connectStdio(entry.command, entry.args, env, project);
    try {
      expect(s.client.getServerVersion()?.name).toBe('sse-fixture');
      expect((await s.client.listTools()).tools.map((t) => t.name)).toEqual(['sse_hello']);
      expect((await s.client.callTool({ name: 'sse_hello', arguments: {} })).content).toEqual([
        { type: 'text', text: 'hello over sse' },
      ]);
    } finally {
      await s.close();
    }
    // The event stream and every posted message carried both resolved headers.
    expect(seen.map((x) => x.method)).toEqual(expect.arrayContaining(['GET', 'POST']));
    for (const { headers } of seen) {
      expect(headers.authorization).toBe(`Bearer ${TOKEN}`);
      expect(headers['x-api-key']).toBe(API_KEY);
    }
    expect(s.stderr()).not.toContain(TOKEN);
    expect(s.stderr()).not.toContain(API_KEY);
  });

  test('a wrong token is refused on the event stream; the client gets an error naming the status, and no value is printed', async () => {
    const wrong = 'wrong-sse-token-0b1d';
    const failure = await connectStdio(
      process.execPath,
      [MCPO_CLI, 'run', 'events', '--stack', join(project, 'mcp.stack.yaml')],
      { ...env, MCPO_SECRET_SSE_TOKEN: wrong },
      project,
    ).then(
      () => new Error('connected'),
      (e: Error) => e,
    );
    expect(failure.message).toMatch(/401|unauthorized/i);
    expect(failure.message).not.toContain(wrong);
    expect(failure.message).not.toContain(API_KEY);
    expect(seen.filter((x) => x.method === 'GET').length).toBeGreaterThan(0);
  });
});
