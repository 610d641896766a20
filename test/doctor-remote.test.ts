// `mcpo doctor` on the remote and protocol failures a real server can show: an SSE server on
// loopback (the SDK's own SSEServerTransport), 403, a TLS failure (an https server whose
// certificate is self-signed, made by openssl for this run), and a stdio server that answers
// `initialize` with a JSON-RPC error.
import { describe, test, expect, beforeAll, afterAll, beforeEach, afterEach } from '@jest/globals';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { SSEServerTransport } from '@modelcontextprotocol/sdk/server/sse.js';
import { makeTmpHome, runCommand, type TmpHome } from './helpers/tmp-home.js';
import { runMcpoAsync } from './helpers/run-async.js';
import { byServer, writeServersStack } from './helpers/doctor.js';
import type { DoctorReport, ServerReport } from '../src/doctor/report.js';

const IN_CI = !!process.env.CI && process.env.CI !== 'false' && process.env.CI !== '0';
const FIX = fileURLToPath(new URL('./fixtures/doctor/', import.meta.url));
const TOKEN = 'sse-bearer-4b1d-SECRET';
const servers: Server[] = [];
let base = '';
let tlsBase = '';
let certDir: TmpHome;

/** GET /sse opens the event stream, POST /messages?sessionId= carries the client's requests. */
function sseApp(): (req: IncomingMessage, res: ServerResponse) => void {
  const sessions = new Map<string, SSEServerTransport>();
  return (req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (url.pathname === '/forbidden')
      return void res.writeHead(403, { 'content-type': 'text/plain' }).end('forbidden');
    if (req.headers.authorization !== `Bearer ${TOKEN}`)
      return void res.writeHead(401).end('unauthorized');
    if (req.method === 'GET' && url.pathname === '/sse') {
      const transport = new SSEServerTransport('/messages', res);
      sessions.set(transport.sessionId, transport);
      res.on('close', () => sessions.delete(transport.sessionId));
      const server = new McpServer({ name: 'loopback-sse', version: '7.8.9' });
      server.registerTool('ping', { description: 'answers pong' }, async () => ({
        content: [{ type: 'text', text: 'pong' }],
      }));
      server.registerPrompt('hello', { description: 'a prompt' }, () => ({
        messages: [{ role: 'user', content: { type: 'text', text: 'hi' } }],
      }));
      return void server.connect(transport);
    }
    const transport = sessions.get(url.searchParams.get('sessionId') ?? '');
    if (req.method === 'POST' && url.pathname === '/messages' && transport)
      return void transport.handlePostMessage(req, res);
    res.writeHead(404).end('not found');
  };
}

const listen = (s: Server) =>
  new Promise<string>((resolve) =>
    s.listen(0, '127.0.0.1', () => resolve(String((s.address() as AddressInfo).port))),
  );

/** A self-signed certificate for 127.0.0.1, or the reason there is none (openssl missing). */
function selfSignedCert(dir: string): { key: Buffer; cert: Buffer } | string {
  const r = runCommand(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-keyout',
      'key.pem',
      '-out',
      'cert.pem',
      '-days',
      '1',
      '-subj',
      '/CN=127.0.0.1',
      '-addext',
      'subjectAltName=IP:127.0.0.1',
    ],
    { env: process.env, cwd: dir },
  );
  if (r.code !== 0)
    return `openssl could not make a certificate (${(r.stderr || 'not installed').split('\n')[0]})`;
  return { key: readFileSync(join(dir, 'key.pem')), cert: readFileSync(join(dir, 'cert.pem')) };
}

certDir = makeTmpHome('mcpo-doctor-tls-');
const tls = selfSignedCert(certDir.home);
if (typeof tls === 'string' && IN_CI)
  throw new Error(`The TLS case needs openssl under CI: ${tls}`);
const tlsTest = typeof tls === 'string' ? test.skip : test;

beforeAll(async () => {
  const plain = createServer(sseApp());
  servers.push(plain);
  base = `http://127.0.0.1:${await listen(plain)}`;
  if (typeof tls !== 'string') {
    const secure = createHttpsServer(tls, sseApp()) as unknown as Server;
    servers.push(secure);
    tlsBase = `https://127.0.0.1:${await listen(secure)}`;
  }
});
afterAll(async () => {
  for (const s of servers) {
    s.closeAllConnections();
    await new Promise<void>((resolve) => s.close(() => resolve()));
  }
  certDir.cleanup();
});

let h: TmpHome;
let stack: string;
beforeEach(() => {
  h = makeTmpHome('mcpo-doctor-remote-');
  mkdirSync(join(h.home, 'p'));
  stack = join(h.home, 'p', 'mcp.stack.yaml');
});
afterEach(() => h.cleanup());

async function doctor(
  servers: Record<string, string>,
): Promise<{ code: number; out: string; byName: Record<string, ServerReport> }> {
  writeServersStack(stack, servers);
  const r = await runMcpoAsync(['doctor', '--stack', stack, '--json', '--timeout', '20'], {
    env: { ...h.env, MCPO_SECRET_SSE_TOKEN: TOKEN },
    cwd: join(h.home, 'p'),
  });
  const report = JSON.parse(r.stdout) as DoctorReport;
  return { code: r.code, out: r.stdout + r.stderr, byName: byServer(report) };
}
const auth = 'headers: { Authorization: "Bearer ${secret:sse-token}" }';

describe('mcpo doctor: SSE, 403, TLS and JSON-RPC errors', () => {
  test('an SSE server answers through the event stream with the resolved header; the token is in no output', async () => {
    const r = await doctor({ events: `{ url: "${base}/sse", transport: sse, ${auth} }` });
    expect(r.code).toBe(0);
    expect(r.byName.events).toMatchObject({
      ok: true,
      transport: 'sse',
      serverInfo: { name: 'loopback-sse', version: '7.8.9' },
      counts: { tools: 1, resources: 0, prompts: 1 },
    });
    expect(r.out).not.toContain(TOKEN);
  }, 60_000);

  test('403 and a JSON-RPC error to initialize are classified with a fix; exit 1', async () => {
    const r = await doctor({
      forbidden: `{ url: "${base}/forbidden", transport: sse, ${auth} }`,
      rejects: `{ command: node, args: ["${FIX}rejects-initialize.mjs"] }`,
    });
    expect(r.code).toBe(1);
    expect(r.byName.forbidden!.failure).toMatchObject({
      kind: 'http-403',
      fix: expect.stringContaining('scopes'),
    });
    expect(r.byName.rejects!.failure).toMatchObject({
      kind: 'jsonrpc-error',
      message: expect.stringContaining('-32602'),
    });
    expect(r.byName.rejects!.failure!.message).toContain('Unsupported protocol version');
  }, 60_000);

  tlsTest(
    `a self-signed certificate is a TLS failure naming the cause${typeof tls === 'string' ? ` (skipped: ${tls})` : ''}`,
    async () => {
      const r = await doctor({
        secure: `{ url: "${tlsBase}/sse", transport: sse, ${auth} }`,
        secure_http: `{ url: "${tlsBase}/mcp", ${auth} }`,
      });
      expect(r.code).toBe(1);
      for (const name of ['secure', 'secure_http']) {
        expect(r.byName[name]!.failure).toMatchObject({
          kind: 'tls',
          message: expect.stringMatching(
            /^TLS failed for https:\/\/127\.0\.0\.1:\d+: (DEPTH_ZERO_SELF_SIGNED_CERT|self-signed certificate)\.$/,
          ),
          fix: expect.stringContaining('certificate'),
        });
      }
    },
    60_000,
  );
});
