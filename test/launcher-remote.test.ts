// The remote bridge of `mcpo run`: a streamable HTTP MCP server on loopback that insists on
// `Authorization: Bearer <secret>`, reached by an MCP SDK client over stdio through mcpo.
import { describe, test, expect, beforeAll, afterAll, beforeEach, afterEach } from '@jest/globals';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { makeTmpHome, MCPO_CLI, type TmpHome } from './helpers/tmp-home.js';
import { connectStdio } from './helpers/mcp-client.js';

const TOKEN = 'rt-remote-5e1b-SECRET';
let http: Server;
let url: string;
let unauthorized = 0;

beforeAll(async () => {
  // Stateless streamable HTTP: a fresh server and transport per request, as in the SDK's examples.
  http = createServer((req, res) => {
    if (req.headers.authorization !== `Bearer ${TOKEN}`) {
      unauthorized++;
      res.writeHead(401, { 'content-type': 'text/plain' }).end('unauthorized');
      return;
    }
    const server = new McpServer({ name: 'remote-fixture', version: '1.0.0' });
    server.registerTool('remote_hello', { description: 'says hello' }, async () => ({
      content: [{ type: 'text', text: 'hello from remote' }],
    }));
    const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined });
    res.on('close', () => void transport.close().then(() => server.close()));
    void server.connect(transport).then(() => transport.handleRequest(req, res));
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(http.address() as AddressInfo).port}/mcp`;
});
afterAll(() => new Promise<void>((resolve) => http.close(() => resolve())));

let h: TmpHome;
let stack: string;
beforeEach(() => {
  h = makeTmpHome();
  mkdirSync(join(h.home, 'p'));
  stack = join(h.home, 'p', 'mcp.stack.yaml');
  writeFileSync(
    stack,
    `version: 1\nservers:\n  remote: { url: "${url}", headers: { Authorization: "Bearer \${secret:remote-token}" } }\n`,
  );
});
afterEach(() => h.cleanup());

describe('mcpo run bridges stdio to a remote server', () => {
  test('tools of the remote server are listed and called through the bridge, with the resolved header', async () => {
    const s = await connectStdio(
      process.execPath,
      [MCPO_CLI, 'run', 'remote', '--stack', stack],
      { ...h.env, MCPO_SECRET_REMOTE_TOKEN: TOKEN },
      h.home,
    );
    try {
      expect(s.client.getServerVersion()?.name).toBe('remote-fixture');
      expect((await s.client.listTools()).tools.map((t) => t.name)).toEqual(['remote_hello']);
      const res = await s.client.callTool({ name: 'remote_hello', arguments: {} });
      expect(res.content).toEqual([{ type: 'text', text: 'hello from remote' }]);
    } finally {
      await s.close();
    }
    expect(s.stderr()).not.toContain(TOKEN);
  });

  test('a wrong token is refused by the server; the client gets an error, and no value is printed', async () => {
    const before = unauthorized;
    const wrong = 'wrong-token-91c2';
    const failure = await connectStdio(
      process.execPath,
      [MCPO_CLI, 'run', 'remote', '--stack', stack],
      { ...h.env, MCPO_SECRET_REMOTE_TOKEN: wrong },
      h.home,
    ).then(
      () => new Error('connected'),
      (e: Error) => e,
    );
    // The message holds the client's error and mcpo's standard error.
    expect(failure.message).toContain('HTTP 401');
    expect(failure.message).not.toContain(wrong);
    expect(unauthorized).toBeGreaterThan(before);
  });
});
