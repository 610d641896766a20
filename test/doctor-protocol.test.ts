// MCP 2026-07-28 replaces `initialize` with per-request `_meta` and `server/discover`. Doctor
// probes with `server/discover`, falls back to `initialize` for a legacy server, never for a modern
// one that refuses, and reports the revision the server speaks. Real servers: a modern stdio
// fixture, a modern streamable HTTP server in this process that checks the revision's headers, and
// legacy servers built on the SDK. Plus the probe's classification over generated answers.
import { describe, test, expect, beforeAll, afterAll, beforeEach, afterEach } from '@jest/globals';
import fc from 'fast-check';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { makeTmpHome, type TmpHome } from './helpers/tmp-home.js';
import { runMcpoAsync } from './helpers/run-async.js';
import { byServer, writeServersStack } from './helpers/doctor.js';
import { MODERN_VERSION, probeEra } from '../src/protocol/era.js';
import type { DoctorReport } from '../src/doctor/report.js';

const MODERN = fileURLToPath(new URL('./fixtures/doctor/modern-server.mjs', import.meta.url));
const STRICT = fileURLToPath(
  new URL('./fixtures/doctor/exits-before-initialize.mjs', import.meta.url),
);
const ECHO_ENV = fileURLToPath(new URL('./fixtures/doctor/echo-env.mjs', import.meta.url));
const servers: Server[] = [];
let modernHttp = '';
let legacyHttp = '';
const seen: string[] = [];

/** 2026-07-28 over HTTP: the version header must match `_meta`, Mcp-Method the body (else 400 -32020). */
function modernApp(
  req: import('node:http').IncomingMessage,
  res: import('node:http').ServerResponse,
): void {
  let body = '';
  req.on('data', (c) => (body += c));
  req.on('end', () => {
    const msg = JSON.parse(body || '{}') as {
      id?: string;
      method?: string;
      params?: { _meta?: Record<string, unknown> };
    };
    const version = msg.params?._meta?.['io.modelcontextprotocol/protocolVersion'];
    const json = (status: number, o: object) =>
      void res
        .writeHead(status, { 'content-type': 'application/json' })
        .end(JSON.stringify({ jsonrpc: '2.0', id: msg.id ?? null, ...o }));
    seen.push(`${req.headers['mcp-method']} ${req.headers['mcp-protocol-version']}`);
    if (req.headers['mcp-protocol-version'] !== version || req.headers['mcp-method'] !== msg.method)
      return json(400, { error: { code: -32020, message: 'Header mismatch' } });
    if (version !== MODERN_VERSION)
      return json(400, {
        error: {
          code: -32022,
          message: 'Unsupported protocol version',
          data: { supported: [MODERN_VERSION] },
        },
      });
    if (msg.method === 'server/discover')
      return json(200, {
        result: {
          supportedVersions: [MODERN_VERSION],
          capabilities: { tools: {}, prompts: {} },
          _meta: {
            'io.modelcontextprotocol/serverInfo': { name: 'modern-http', version: '4.5.6' },
          },
        },
      });
    if (msg.method === 'tools/list')
      return json(200, { result: { tools: [{ name: 'one', inputSchema: { type: 'object' } }] } });
    if (msg.method === 'prompts/list')
      return json(200, { result: { prompts: [{ name: 'p1' }, { name: 'p2' }] } });
    json(404, { error: { code: -32601, message: 'Method not found' } });
  });
}

/** A legacy (initialize-based) streamable HTTP server from the SDK, stateless. */
function legacyApp(
  req: import('node:http').IncomingMessage,
  res: import('node:http').ServerResponse,
): void {
  const mcp = new McpServer({ name: 'legacy-http', version: '1.2.3' });
  mcp.registerTool('ping', { description: 'pong' }, async () => ({
    content: [{ type: 'text', text: 'pong' }],
  }));
  const transport = new StreamableHTTPServerTransport({
    sessionIdGenerator: undefined,
    enableJsonResponse: true,
  });
  res.on('close', () => void transport.close());
  void mcp.connect(transport).then(() => transport.handleRequest(req, res));
}

const listen = (s: Server) =>
  new Promise<string>((resolve) =>
    s.listen(0, '127.0.0.1', () =>
      resolve(`http://127.0.0.1:${(s.address() as AddressInfo).port}/mcp`),
    ),
  );
beforeAll(async () => {
  const [m, l] = [createServer(modernApp), createServer(legacyApp)];
  servers.push(m, l);
  modernHttp = await listen(m);
  legacyHttp = await listen(l);
});
afterAll(async () => {
  for (const s of servers) {
    s.closeAllConnections();
    await new Promise<void>((resolve) => s.close(() => resolve()));
  }
});

let h: TmpHome;
beforeEach(() => {
  h = makeTmpHome('mcpo-doctor-protocol-');
  mkdirSync(join(h.home, 'p'));
});
afterEach(() => h.cleanup());

async function doctor(
  stack: Record<string, string>,
): Promise<{ code: number; byName: ReturnType<typeof byServer> }> {
  writeServersStack(join(h.home, 'p', 'mcp.stack.yaml'), stack);
  const r = await runMcpoAsync(['doctor', '--json', '--timeout', '20'], {
    env: h.env,
    cwd: join(h.home, 'p'),
  });
  return { code: r.code, byName: byServer(JSON.parse(r.stdout) as DoctorReport) };
}

describe('mcpo doctor speaks both eras of MCP', () => {
  test('modern servers answer server/discover and modern listings (stdio and HTTP, with the revision headers); legacy servers fall back to initialize', async () => {
    const r = await doctor({
      modern: `{ command: node, args: ["${MODERN}"] }`,
      modern_http: `{ url: "${modernHttp}" }`,
      legacy: `{ command: node, args: ["${ECHO_ENV}"], env: { API_TOKEN: t, EXPECTED_TOKEN: t } }`,
      legacy_http: `{ url: "${legacyHttp}" }`,
    });
    expect(r.code).toBe(0);
    expect(r.byName.modern).toMatchObject({
      ok: true,
      era: 'modern',
      protocolVersion: MODERN_VERSION,
      serverInfo: { name: 'modern-stdio', version: '3.0.0' },
      counts: { tools: 2, resources: 0, prompts: 0 },
    });
    expect(r.byName.modern_http).toMatchObject({
      ok: true,
      era: 'modern',
      protocolVersion: MODERN_VERSION,
      serverInfo: { name: 'modern-http' },
      counts: { tools: 1, resources: 0, prompts: 2 },
    });
    expect(seen).toEqual(
      expect.arrayContaining([
        `server/discover ${MODERN_VERSION}`,
        `tools/list ${MODERN_VERSION}`,
        `prompts/list ${MODERN_VERSION}`,
      ]),
    );
    expect(r.byName.legacy).toMatchObject({
      ok: true,
      era: 'legacy',
      serverInfo: { name: 'echo-env' },
      protocolVersion: expect.stringMatching(/^2025-/),
    });
    expect(r.byName.legacy_http).toMatchObject({
      ok: true,
      era: 'legacy',
      serverInfo: { name: 'legacy-http' },
      counts: { tools: 1 },
    });
  }, 90_000);

  test('a legacy server that exits on the probe is started again and checked with initialize alone, with a warning', async () => {
    const r = await doctor({ strict: `{ command: node, args: ["${STRICT}"] }` });
    expect(r.code).toBe(0);
    expect(r.byName.strict).toMatchObject({
      ok: true,
      era: 'legacy',
      serverInfo: { name: 'strict-legacy' },
      counts: { tools: 1 },
    });
    expect(r.byName.strict!.warnings).toEqual([
      'the server exited on a request before `initialize` (the server/discover probe); checked again without it',
    ]);
  }, 60_000);

  test('a modern server that supports only other modern versions is reported, not retried with initialize', async () => {
    const r = await doctor({ future: `{ command: node, args: ["${MODERN}", "2027-01-01"] }` });
    expect(r.code).toBe(1);
    expect(r.byName.future!.failure).toMatchObject({
      kind: 'jsonrpc-error',
      message: `The server speaks the modern protocol but refused ${MODERN_VERSION} (JSON-RPC error -32022); it supports 2027-01-01.`,
    });
  }, 60_000);
});

describe('probeEra classifies any answer to server/discover', () => {
  test('modern only with our version listed; a modern error code never falls back; anything else is legacy', async () => {
    const version = fc.constantFrom(MODERN_VERSION, '2025-11-25', '2027-01-01');
    const answer = fc.oneof(
      fc.record({
        kind: fc.constant('result' as const),
        versions: fc.uniqueArray(version, { maxLength: 3 }),
      }),
      fc.record({
        kind: fc.constant('error' as const),
        code: fc.oneof(
          fc.constantFrom(-32020, -32021, -32022, -32601, -32602, -32000),
          fc.integer(),
        ),
        supported: fc.uniqueArray(version, { maxLength: 2 }),
      }),
      fc.record({
        kind: fc.constant('http' as const),
        status: fc.constantFrom(400, 401, 404, 500),
        modernBody: fc.boolean(),
      }),
    );
    await fc.assert(
      fc.asyncProperty(answer, async (a) => {
        const era = await probeEra(async () => {
          if (a.kind === 'result') return { supportedVersions: a.versions, capabilities: {} };
          if (a.kind === 'error')
            throw Object.assign(new Error('x'), { code: a.code, data: { supported: a.supported } });
          const body = a.modernBody
            ? JSON.stringify({
                jsonrpc: '2.0',
                id: 1,
                error: {
                  code: -32022,
                  message: 'Unsupported',
                  data: { supported: ['2027-01-01'] },
                },
              })
            : 'Bad Request';
          throw Object.assign(
            new Error(`Streamable HTTP error: Error POSTing to endpoint: ${body}`),
            { code: a.status },
          );
        });
        if (a.kind === 'result')
          expect(era.era).toBe(
            a.versions.includes(MODERN_VERSION)
              ? 'modern'
              : a.versions.length
                ? 'modern-rejected'
                : 'legacy',
          );
        if (a.kind === 'error')
          expect(era).toEqual(
            [-32020, -32021, -32022].includes(a.code)
              ? { era: 'modern-rejected', code: a.code, supported: a.supported }
              : { era: 'legacy' },
          );
        if (a.kind === 'http') expect(era.era).toBe(a.modernBody ? 'modern-rejected' : 'legacy');
      }),
      { numRuns: 300 },
    );
  });
});
