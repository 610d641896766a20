// `mcpo doctor` against real MCP servers from npm (server-memory, server-everything,
// server-filesystem, from test/clients-cli in .cache/client-clis), a streamable HTTP server on
// loopback built with the SDK (as launcher-remote.test.ts), HTTP 401/404, a closed port, and the
// broken servers in test/fixtures/doctor. Under CI the servers must be installed (the suite
// fails otherwise); elsewhere it is skipped with the reason when they cannot be installed.
import { describe, test, expect, beforeAll, afterAll, beforeEach, afterEach } from '@jest/globals';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { clientPackagePath } from './helpers/client-clis.js';
import { makeTmpHome, type TmpHome } from './helpers/tmp-home.js';
import { runMcpoAsync } from './helpers/run-async.js';
import { installOrSkip } from './helpers/real-client.js';
import { byServer, writeServersStack } from './helpers/doctor.js';
import type { DoctorReport } from '../src/doctor/report.js';

const { skipReason } = installOrSkip('doctor server');
const suite = skipReason ? describe.skip : describe;

const FIX = fileURLToPath(new URL('./fixtures/doctor/', import.meta.url));
const pkg = (name: string) =>
  clientPackagePath(`@modelcontextprotocol/${name}`, 'dist', 'index.js');
const TOKEN = 'doctor-bearer-77f3-SECRET';
let http: Server;
let base = '';
let closedPort = 0;

beforeAll(async () => {
  http = createServer((req, res) => {
    if (req.url !== '/mcp')
      return void res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
    if (req.headers.authorization !== `Bearer ${TOKEN}`)
      return void res.writeHead(401, { 'content-type': 'text/plain' }).end('unauthorized');
    const server = new McpServer({ name: 'loopback-http', version: '4.5.6' });
    server.registerTool('ping', { description: 'answers pong' }, async () => ({
      content: [{ type: 'text', text: 'pong' }],
    }));
    const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined });
    res.on('close', () => void transport.close().then(() => server.close()));
    void server.connect(transport).then(() => transport.handleRequest(req, res));
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  // A port that was just free: nothing listens there.
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  closedPort = (probe.address() as AddressInfo).port;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
});
afterAll(() => new Promise<void>((resolve) => http.close(() => resolve())));

let h: TmpHome;
let stack: string;
beforeEach(() => {
  h = makeTmpHome('mcpo-doctor-');
  mkdirSync(join(h.home, 'p'));
  stack = join(h.home, 'p', 'mcp.stack.yaml');
});
afterEach(() => h.cleanup());

const writeStack = (servers: Record<string, string>) => writeServersStack(stack, servers);
async function doctor(args: string[], env: NodeJS.ProcessEnv = h.env) {
  const r = await runMcpoAsync(['doctor', '--stack', stack, ...args], {
    env,
    cwd: join(h.home, 'p'),
  });
  return {
    ...r,
    json: args.includes('--json') && r.stdout ? (JSON.parse(r.stdout) as DoctorReport) : undefined,
  };
}
const byName = byServer;

suite('mcpo doctor on real servers', () => {
  test('three npm stdio servers and a streamable HTTP server answer: names, versions, protocol, counts, time to ready', async () => {
    writeStack({
      memory: `{ command: node, args: ["${pkg('server-memory')}"] }`,
      everything: `{ command: node, args: ["${pkg('server-everything')}", "stdio"] }`,
      files: `{ command: node, args: ["${pkg('server-filesystem')}", "${h.home}"] }`,
      remote: `{ url: "${base}/mcp", headers: { Authorization: "Bearer \${secret:remote-token}" } }`,
    });
    const r = await doctor(['--json', '--timeout', '90'], {
      ...h.env,
      MCPO_SECRET_REMOTE_TOKEN: TOKEN,
    });
    expect(r.code).toBe(0);
    const s = byName(r.json!);
    expect(r.json!.ok).toBe(true);
    expect(s.memory).toMatchObject({
      ok: true,
      transport: 'stdio',
      serverInfo: { name: 'memory-server' },
    });
    expect(s.memory!.counts!.tools).toBeGreaterThan(0);
    expect(s.everything!.counts!.prompts).toBeGreaterThan(0);
    expect(s.everything!.counts!.resources).toBeGreaterThan(0);
    expect(s.files!.serverInfo!.name).toMatch(/filesystem/);
    expect(s.remote).toMatchObject({
      ok: true,
      transport: 'http',
      serverInfo: { name: 'loopback-http', version: '4.5.6' },
      counts: { tools: 1, resources: 0, prompts: 0 },
    });
    for (const rep of r.json!.servers) {
      expect(rep.protocolVersion).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(rep.readyMs).toBeGreaterThan(0);
      expect(rep.readyMs!).toBeLessThanOrEqual(rep.totalMs);
    }
    expect(r.stdout + r.stderr).not.toContain(TOKEN);
  }, 180_000);

  test('broken servers fail with their class and a fix, at once (non-JSON stdout does not wait for the timeout); exit 1', async () => {
    writeStack({
      crash: `{ command: node, args: ["${FIX}crashes.mjs"] }`,
      chatty: `{ command: node, args: ["${FIX}prints-stdout.mjs"] }`,
      missing: `{ command: mcpo-no-such-server }`,
      runner: `{ command: bunx, args: [some-server] }`,
      nosecret: `{ command: node, args: ["${FIX}echo-env.mjs"], env: { API_TOKEN: "\${secret:absent-token}" } }`,
      unauthorized: `{ url: "${base}/mcp", headers: { Authorization: "Bearer wrong" } }`,
      notfound: `{ url: "${base}/nothing-here" }`,
      refused: `{ url: "http://127.0.0.1:${closedPort}/mcp" }`,
    });
    const started = Date.now();
    const r = await doctor(['--json'], {
      ...h.env,
      PATH: `${join(process.execPath, '..')}:/usr/bin:/bin`,
    });
    // --timeout defaults to 30 s per server: every failure here must be found long before that.
    expect(Date.now() - started).toBeLessThan(25_000);
    expect(r.code).toBe(1);
    const s = byName(r.json!);
    expect(r.json!.ok).toBe(false);
    expect(s.crash!.failure).toMatchObject({ kind: 'exited-early', exitCode: 3 });
    expect(s.crash!.failure!.stderr).toEqual(['loading config', 'Error: DATABASE_URL is not set']);
    expect(s.chatty!.failure!.kind).toBe('stdout-not-json');
    expect(s.chatty!.failure!.message).toContain('Server listening on stdio');
    expect(s.missing!.failure!.kind).toBe('command-not-found');
    expect(s.runner!.failure).toMatchObject({ kind: 'runner-missing' });
    expect(s.runner!.failure!.fix).toContain('bun.sh');
    expect(s.nosecret!.failure).toMatchObject({ kind: 'secret-missing' });
    expect(s.nosecret!.failure!.fix).toContain('mcpo secret set absent-token');
    expect(s.unauthorized!.failure!.kind).toBe('http-401');
    // No OAuth metadata anywhere (test/doctor-auth.test.ts has the OAuth cases): the credential is the suspect.
    expect(s.unauthorized!.failure!.fix).toMatch(
      /^the server publishes no OAuth metadata, so it wants a credential of its own: check the Authorization header/,
    );
    expect(s.notfound!.failure!.kind).toBe('http-404');
    expect(s.refused!.failure!.kind).toBe('connection-refused');
    for (const rep of r.json!.servers) expect(rep.failure!.fix.length).toBeGreaterThan(10);
  }, 120_000);

  test('a server that never answers fails with a timeout after --timeout seconds', async () => {
    writeStack({ silent: `{ command: node, args: ["${FIX}never-answers.mjs"] }` });
    const r = await doctor(['--json', '--timeout', '2']);
    expect(r.code).toBe(1);
    expect(r.json!.servers[0]!.failure!.kind).toBe('timeout');
    expect(r.json!.servers[0]!.totalMs).toBeGreaterThanOrEqual(2000);
  }, 60_000);

  test('secret values never appear, even when the server prints them on stderr', async () => {
    const value = 'tok-9c1e-DO-NOT-PRINT';
    writeStack({
      leaky: `{ command: node, args: ["${FIX}echo-env.mjs"], env: { API_TOKEN: "\${secret:api}", EXPECTED_TOKEN: other } }`,
    });
    const env = { ...h.env, MCPO_SECRET_API: value };
    const human = await doctor([], env);
    const json = await doctor(['--json'], env);
    expect(json.json!.servers[0]!.failure!.kind).toBe('exited-early');
    expect(json.json!.servers[0]!.failure!.stderr).toEqual(['rejected token (sensitive)']);
    expect(human.stdout).toContain('its last stderr line: rejected token (sensitive)');
    for (const out of [human.stdout, human.stderr, json.stdout, json.stderr])
      expect(out).not.toContain(value);
  }, 60_000);

  test('human output: one line per server, then each failure with its fix; only the named servers are checked', async () => {
    writeStack({
      memory: `{ command: node, args: ["${pkg('server-memory')}"] }`,
      crash: `{ command: node, args: ["${FIX}crashes.mjs"] }`,
      other: `{ command: node, args: ["${FIX}never-answers.mjs"] }`,
    });
    const r = await doctor(['memory', 'crash', '--timeout', '90']);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(
      /^ok +memory +memory-server .* · \d+ tools?, \d+ resources?, \d+ prompts? · ready in \d+ ms$/m,
    );
    expect(r.stdout).toMatch(/^FAIL crash +exited-early: The server exited with code 3/m);
    expect(r.stdout).toContain('Fix: read the stderr lines');
    expect(r.stdout).toContain('1 check failed.');
    expect(r.stdout).not.toContain('other');
  }, 120_000);

  test('an unknown server name is an error naming the servers, and nothing is started', async () => {
    writeStack({ memory: `{ command: node, args: ["${pkg('server-memory')}"] }` });
    const r = await doctor(['memroy']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('No server named memroy in the stack.');
    expect(r.stderr).toContain('did you mean memory?');
  }, 60_000);

  test('a command found only through nvm works in the shell but is flagged, naming the absolute path for GUI clients', async () => {
    const bin = join(h.home, '.nvm', 'versions', 'node', 'v99.0.0', 'bin');
    mkdirSync(bin, { recursive: true });
    symlinkSync(process.execPath, join(bin, 'node'));
    writeStack({ memory: `{ command: node, args: ["${pkg('server-memory')}"] }` });
    const r = await doctor(['--json', '--timeout', '90'], {
      ...h.env,
      PATH: `${bin}:/usr/bin:/bin`,
    });
    const rep = r.json!.servers[0]!;
    expect(rep.ok).toBe(true);
    expect(rep.command).toBe(join(bin, 'node'));
    expect(rep.warnings.join('\n')).toContain(
      `node resolves through nvm (${join(bin, 'node')}), which GUI clients such as Claude Desktop do not see: use the absolute path ${join(bin, 'node')}`,
    );
    expect(r.code).toBe(0);
  }, 120_000);
});
