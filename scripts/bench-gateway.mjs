// The gateway's figures (issue 16): 3 clients x 10 stdio servers (real server-memory processes),
// direct (each client starts its 10 servers) versus `via: gateway` (each client starts one
// `mcpo gateway`, which answers tools/list from its list cache and starts nothing). Measured after
// every client has listed its tools: processes, total RSS, and the time from client start to a
// complete tools list. Then the cost of a forwarded call (p50, direct vs gateway) and of a cached
// call (p50). The gateway is measured twice: with the per-user daemon (the default: the clients'
// `mcpo gateway` processes relay to one daemon, counted with its children) and in-process
// (MCPO_GATEWAY_DAEMON=0). Needs `npm run build` and the client CLIs (.cache/client-clis).
// Usage: node scripts/bench-gateway.mjs [--calls N]
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { makeHome, median } from './bench-lib.mjs';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const CLI = join(root, 'dist', 'cli.cjs');
const MEMORY_JS = join(
  root,
  '.cache',
  'client-clis',
  'node_modules',
  '@modelcontextprotocol',
  'server-memory',
  'dist',
  'index.js',
);
const TOOLS_JS = join(root, 'test', 'fixtures', 'gateway', 'tools-server.mjs');
const CLIENTS = 3;
const SERVERS = 10;
const calls = Number(process.argv[process.argv.indexOf('--calls') + 1]) || 300;
const q = JSON.stringify;

const { home, env: baseEnv } = makeHome('mcpo-bench-gateway-');
// The daemon's socket inside the bench's home, not the user's.
const runtime = join(home, 'run');
mkdirSync(runtime, { mode: 0o700 });
let env = { ...baseEnv, XDG_RUNTIME_DIR: runtime };
const daemonPid = () => Number(readFileSync(join(runtime, 'mcpo', 'gateway.sock.pid'), 'utf8'));
const stack = join(home, 'mcp.stack.yaml');
const servers = Array.from(
  { length: SERVERS },
  (_, i) =>
    `  mem${i}: { command: ${q(process.execPath)}, args: [${q(MEMORY_JS)}], env: { MEMORY_FILE_PATH: ${q(join(home, `m${i}.jsonl`))} } }`,
);
writeFileSync(
  stack,
  `version: 1\nservers:\n${servers.join('\n')}\n  echo: { command: ${q(process.execPath)}, args: [${q(TOOLS_JS)}, e] }\n` +
    `  cached: { command: ${q(process.execPath)}, args: [${q(TOOLS_JS)}, c], cache: { ttl: 10m, tools: [echo] } }\n` +
    `stacks:\n  ten: { servers: [${Array.from({ length: SERVERS }, (_, i) => `mem${i}`).join(', ')}] }\n  calls: { servers: [echo, cached] }\n` +
    `clients:\n  claude-code: { stacks: [ten], via: gateway }\n  cursor: { stacks: [calls], via: gateway }\n`,
);

async function connect(command, args) {
  const client = new Client({ name: 'bench', version: '1' });
  const transport = new StdioClientTransport({ command, args, env, cwd: home, stderr: 'ignore' });
  await client.connect(transport);
  return { client, pid: transport.pid };
}

/** The process and all its descendants (Linux /proc), with their RSS in KiB. */
function tree(pid) {
  const parent = new Map();
  for (const d of readdirSync('/proc').filter((x) => /^\d+$/.test(x))) {
    try {
      parent.set(
        Number(d),
        Number(readFileSync(`/proc/${d}/stat`, 'utf8').split(') ')[1].split(' ')[1]),
      );
    } catch {}
  }
  const out = [pid];
  for (let i = 0; i < out.length; i++) for (const [p, pp] of parent) if (pp === out[i]) out.push(p);
  const rss = (p) => {
    try {
      return Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${p}/status`, 'utf8'))[1]);
    } catch {
      return 0;
    }
  };
  return out.map((p) => ({ pid: p, rss: rss(p) }));
}

function footprint(pids) {
  const all = pids.flatMap(tree);
  return { processes: all.length, rssMiB: all.reduce((s, p) => s + p.rss, 0) / 1024 };
}

async function direct() {
  const t0 = performance.now();
  const clients = await Promise.all(
    Array.from({ length: CLIENTS }, async () => {
      const conns = await Promise.all(
        Array.from({ length: SERVERS }, () => connect(process.execPath, [MEMORY_JS])),
      );
      await Promise.all(conns.map((c) => c.client.listTools()));
      return { conns, listedMs: performance.now() - t0 };
    }),
  );
  const conns = clients.flatMap((c) => c.conns);
  const f = footprint(conns.map((c) => c.pid));
  await Promise.all(conns.map((c) => c.client.close()));
  return { ...f, listedMs: median(clients.map((c) => c.listedMs)) };
}

async function viaGateway(daemon) {
  env = { ...env, MCPO_GATEWAY_DAEMON: daemon ? '1' : '0' };
  const args = [CLI, 'gateway', '--stack', stack, '--target', 'claude-code'];
  // Warm the list cache once, as the first session after `mcpo apply` (or `mcpo lock`) does.
  const warm = await connect(process.execPath, args);
  await warm.client.listTools();
  await warm.client.close();
  const t0 = performance.now();
  const clients = await Promise.all(
    Array.from({ length: CLIENTS }, async () => {
      const c = await connect(process.execPath, args);
      const { tools } = await c.client.listTools();
      return { c, tools: tools.length, listedMs: performance.now() - t0 };
    }),
  );
  const f = footprint([...clients.map((x) => x.c.pid), ...(daemon ? [daemonPid()] : [])]);
  await Promise.all(clients.map((x) => x.c.client.close()));
  return { ...f, listedMs: median(clients.map((c) => c.listedMs)), tools: clients[0].tools };
}

async function p50(call) {
  for (let i = 0; i < 200; i++) await call(); // warm-up: the backend starts, JIT settles
  const times = [];
  for (let i = 0; i < calls; i++) {
    const t = performance.now();
    await call();
    times.push(performance.now() - t);
  }
  return median(times);
}

/** A tool error would time the gateway's refusal, not a call. */
function ok(r) {
  if (r.isError) throw new Error(`tool error: ${JSON.stringify(r.content)}`);
  return r;
}

async function callCosts(daemon) {
  env = { ...env, MCPO_GATEWAY_DAEMON: daemon ? '1' : '0' };
  const d = await connect(process.execPath, [TOOLS_JS, 'd']);
  const g = await connect(process.execPath, [
    CLI,
    'gateway',
    '--stack',
    stack,
    '--target',
    'cursor',
  ]);
  let n = 0;
  const out = {
    directMs: await p50(() =>
      d.client.callTool({ name: 'echo', arguments: { text: String(n++) } }),
    ),
    gatewayMs: await p50(() =>
      g.client.callTool({ name: 'echo__echo', arguments: { text: String(n++) } }).then(ok),
    ),
    cachedMs: await p50(() =>
      g.client.callTool({ name: 'cached__echo', arguments: { text: 'same' } }).then(ok),
    ),
  };
  await Promise.all([d.client.close(), g.client.close()]);
  return out;
}

const fmt = (x) => x.toFixed(2);
const d = await direct();
const gd = await viaGateway(true);
const gi = await viaGateway(false);
const cd = await callCosts(true);
const ci = await callCosts(false);
console.log(
  `${CLIENTS} clients x ${SERVERS} stdio servers (server-memory), after every client listed its tools:`,
);
console.log(
  `  direct:             ${d.processes} processes, ${fmt(d.rssMiB)} MiB RSS, tools listed after ${fmt(d.listedMs)} ms (median client)`,
);
for (const [name, g] of [
  ['gateway, daemon:   ', gd],
  ['gateway, in-process:', gi],
]) {
  console.log(
    `  ${name} ${g.processes} processes, ${fmt(g.rssMiB)} MiB RSS, tools listed after ${fmt(g.listedMs)} ms (median client), ${g.tools} tools`,
  );
  console.log(
    `    ratio: ${fmt(d.processes / g.processes)}x fewer processes, ${fmt(d.rssMiB / g.rssMiB)}x less memory`,
  );
}
for (const [name, c] of [
  ['daemon', cd],
  ['in-process', ci],
]) {
  console.log(
    `tool call p50 over ${calls} calls (${name}): direct ${fmt(c.directMs)} ms, via gateway ${fmt(c.gatewayMs)} ms (+${fmt(c.gatewayMs - c.directMs)} ms), cached ${fmt(c.cachedMs)} ms`,
  );
}
