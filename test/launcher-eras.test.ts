// `mcpo run`'s remote bridge speaks both MCP eras (issue 14, "The protocol as it is now"): a
// client of revision 2026-07-28 (server/discover, a version in each request's `_meta`) reaches a
// modern streamable HTTP server with the revision's headers on every request; an `initialize`
// client reaches a legacy SDK server as before; across eras the client gets a JSON-RPC error that
// names the revisions (a dual-era client then falls back to initialize through the same bridge),
// and the bridge says once on stderr which revision the server speaks. Real parts: the built
// CLI, the SDK's stdio client transport and Client, an SDK legacy server, a strict modern server.
import { describe, test, expect, beforeAll, afterAll, beforeEach, afterEach } from '@jest/globals';
import fc from 'fast-check';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { makeTmpHome, MCPO_CLI, type TmpHome } from './helpers/tmp-home.js';
import { connectStdio } from './helpers/mcp-client.js';
import { MODERN, startModernHttp, TOOLS, type ModernHttp } from './helpers/modern-http.js';
import {
  modernMeta,
  probeEra,
  request,
  transportSender,
  type MessageTransport,
} from '../src/protocol/era.js';

const CLIENT = { name: 'modern-test-client', version: '1.0.0' };
let modern: ModernHttp;
let legacy: Server;
let legacyUrl = '';
let refusing: Server;
let refusingUrl = '';

beforeAll(async () => {
  modern = await startModernHttp();
  // A legacy (initialize-based) stateless streamable HTTP server from the SDK.
  legacy = createServer((req, res) => {
    const mcp = new McpServer({ name: 'legacy-http', version: '1.0.0' });
    mcp.registerTool('ping', { description: 'pong' }, async () => ({
      content: [{ type: 'text', text: 'pong' }],
    }));
    const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined });
    res.on('close', () => void transport.close().then(() => mcp.close()));
    void mcp.connect(transport).then(() => transport.handleRequest(req, res));
  });
  await new Promise<void>((resolve) => legacy.listen(0, '127.0.0.1', resolve));
  legacyUrl = `http://127.0.0.1:${(legacy.address() as AddressInfo).port}/mcp`;
  // Refuses everyone: a 500 says nothing about the revision the server speaks.
  refusing = createServer((_req, res) => void res.writeHead(500).end('internal error'));
  await new Promise<void>((resolve) => refusing.listen(0, '127.0.0.1', resolve));
  refusingUrl = `http://127.0.0.1:${(refusing.address() as AddressInfo).port}/mcp`;
});
afterAll(async () => {
  await modern.close();
  legacy.closeAllConnections();
  await new Promise<void>((resolve) => legacy.close(() => resolve()));
  await new Promise<void>((resolve) => refusing.close(() => resolve()));
});

let h: TmpHome;
let stack: string;
beforeEach(() => {
  h = makeTmpHome('mcpo-launcher-eras-');
  mkdirSync(join(h.home, 'p'));
  stack = join(h.home, 'p', 'mcp.stack.yaml');
  writeFileSync(
    stack,
    `version: 1\nservers:\n  modern: { url: "${modern.url}" }\n  legacy: { url: "${legacyUrl}" }\n  refusing: { url: "${refusingUrl}" }\n`,
  );
});
afterEach(() => h.cleanup());

/** `mcpo run NAME` under the SDK's stdio client transport, started, with its stderr collected. */
async function bridge(name: string) {
  const t = new StdioClientTransport({
    command: process.execPath,
    args: [MCPO_CLI, 'run', name, '--stack', stack],
    env: h.env as Record<string, string>,
    cwd: h.home,
    stderr: 'pipe',
  });
  let err = '';
  t.stderr?.on('data', (d: Buffer) => (err += d.toString()));
  await t.start();
  return { t: t as unknown as MessageTransport, stderr: () => err, close: () => t.close() };
}

/** A modern request (its `_meta` added to `params`) through the bridge; the result or a rejection. */
const modernCall = (t: MessageTransport, method: string, params: Record<string, unknown> = {}) =>
  request(t, method, { ...params, _meta: modernMeta(CLIENT) }, 20_000);

const stderrLines = (text: string) =>
  text.split('\n').filter((l) => l.includes('the server speaks'));

describe('a 2026-07-28 client through mcpo run', () => {
  test('reaches a modern HTTP server: discover, list and call, each POST with the revision headers; the revision is reported once', async () => {
    const b = await bridge('modern');
    const from = modern.seen.length;
    try {
      const era = await probeEra(transportSender(b.t, CLIENT, 20_000));
      expect(era).toMatchObject({
        era: 'modern',
        version: MODERN,
        serverInfo: { name: 'modern-http' },
      });
      const list = await modernCall(b.t, 'tools/list');
      // `bad` breaks the x-mcp-header rules: left out, as the revision has HTTP clients do.
      expect(list.tools).toEqual(TOOLS.filter((t) => t.name !== 'bad'));
      const call = await modernCall(b.t, 'tools/call', { name: 'echo', arguments: {} });
      expect(call.content).toEqual([{ type: 'text', text: 'called echo' }]);
    } finally {
      await b.close();
    }
    const posts = modern.seen.slice(from);
    expect(posts.map((p) => p.method)).toEqual(['server/discover', 'tools/list', 'tools/call']);
    expect(posts.every((p) => p.ok && p.headers['mcp-protocol-version'] === MODERN)).toBe(true);
    expect(posts[2]!.headers['mcp-name']).toBe('echo');
    expect(stderrLines(b.stderr())).toEqual([
      `mcpo run modern: the server speaks MCP ${MODERN} (per-request _meta)`,
    ]);
  }, 60_000);

  test('any tool name (non-ASCII, padded, sentinel-like) reaches the server with a matching Mcp-Name', async () => {
    const names = fc.sample(fc.string({ unit: 'grapheme', minLength: 1, maxLength: 12 }), 25);
    names.push(' padded ', 'Hello, 世界', '=?base64?literal?=', 'line1\nline2');
    const b = await bridge('modern');
    const from = modern.seen.length;
    try {
      for (const name of names) {
        const r = await modernCall(b.t, 'tools/call', { name, arguments: {} });
        expect(r.content).toEqual([{ type: 'text', text: `called ${name}` }]);
      }
    } finally {
      await b.close();
    }
    expect(modern.seen.slice(from).filter((p) => !p.ok)).toEqual([]);
  }, 60_000);

  test('tools/call mirrors the x-mcp-header parameters of any arguments into Mcp-Param headers', async () => {
    const args = fc.sample(
      fc.record(
        {
          region: fc.oneof(fc.string({ unit: 'grapheme', maxLength: 10 }), fc.constant(null)),
          opts: fc.record({ n: fc.maxSafeInteger() }, { requiredKeys: [] }),
          flag: fc.boolean(),
          other: fc.string(),
        },
        { requiredKeys: [] },
      ),
      25,
    );
    const b = await bridge('modern');
    const from = modern.seen.length;
    try {
      await modernCall(b.t, 'tools/list');
      for (const a of args) {
        const r = await modernCall(b.t, 'tools/call', { name: 'sql', arguments: a });
        expect(r.content).toEqual([{ type: 'text', text: 'called sql' }]);
      }
    } finally {
      await b.close();
    }
    expect(modern.seen.slice(from).filter((p) => !p.ok)).toEqual([]);
    expect(b.stderr()).toContain('tool bad left out: its x-mcp-header has X is not a string');
  }, 60_000);

  test('a legacy server: the modern request gets an error naming the revisions (not a modern one), and the client falls back to initialize through the same bridge', async () => {
    const b = await bridge('legacy');
    try {
      const failure = await modernCall(b.t, 'server/discover').then(
        () => undefined,
        (e: Error & { code?: unknown }) => e,
      );
      expect(failure).toMatchObject({ code: -32000 });
      expect(failure!.message).toContain('speaks only the initialize-based MCP revisions');
      expect(failure!.message).toContain(MODERN);
      // The stdio fall-back rule of a dual-era client: not a modern error, so legacy.
      expect(await probeEra(transportSender(b.t, CLIENT, 20_000))).toEqual({ era: 'legacy' });
      const init = await request(
        b.t,
        'initialize',
        { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: CLIENT },
        20_000,
      );
      expect(init).toMatchObject({
        protocolVersion: '2025-11-25',
        serverInfo: { name: 'legacy-http' },
      });
      await (b.t as unknown as { send(m: object): Promise<void> }).send({
        jsonrpc: '2.0',
        method: 'notifications/initialized',
      });
      const list = await request(b.t, 'tools/list', {}, 20_000);
      expect((list.tools as { name: string }[]).map((t) => t.name)).toEqual(['ping']);
    } finally {
      await b.close();
    }
    expect(stderrLines(b.stderr())).toEqual([
      'mcpo run legacy: the server speaks only initialize-based MCP revisions (2025-11-25 and earlier)',
    ]);
  }, 60_000);

  test('a refusal that is not about the revision (HTTP 500) is not taken for a legacy server', async () => {
    const b = await bridge('refusing');
    try {
      const failure = await modernCall(b.t, 'server/discover').then(
        () => undefined,
        (e: Error & { code?: unknown }) => e,
      );
      expect(failure).toMatchObject({ code: -32000 });
      expect(failure!.message).toContain('the remote server did not accept a message');
      expect(failure!.message).toContain('HTTP 500');
    } finally {
      await b.close();
    }
    expect(stderrLines(b.stderr())).toEqual([]);
  }, 60_000);
});

describe('an initialize client through mcpo run', () => {
  test('a legacy server works as before, and its revision is reported once', async () => {
    const s = await connectStdio(
      process.execPath,
      [MCPO_CLI, 'run', 'legacy', '--stack', stack],
      h.env,
      h.home,
    );
    try {
      expect((await s.client.listTools()).tools.map((t) => t.name)).toEqual(['ping']);
      expect((await s.client.callTool({ name: 'ping', arguments: {} })).content).toEqual([
        { type: 'text', text: 'pong' },
      ]);
    } finally {
      await s.close();
    }
    expect(stderrLines(s.stderr())).toEqual([
      'mcpo run legacy: the server speaks MCP 2025-11-25 (initialize)',
    ]);
  }, 60_000);

  test('a modern-only server: initialize is answered with an error naming both revisions', async () => {
    const failure = await connectStdio(
      process.execPath,
      [MCPO_CLI, 'run', 'modern', '--stack', stack],
      h.env,
      h.home,
    ).then(
      () => new Error('connected'),
      (e: Error) => e,
    );
    expect(failure.message).toContain(
      `Server modern speaks MCP ${MODERN}, which has no initialize`,
    );
    expect(failure.message).toContain('this client sent initialize');
    expect(stderrLines(failure.message)).toEqual([
      `mcpo run modern: the server speaks MCP ${MODERN} (server/discover; no initialize)`,
    ]);
  }, 60_000);
});
