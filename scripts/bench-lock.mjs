// The lock row of `npm run bench` (issue 15): `mcpo lock` on ten stdio servers, its wall time
// divided by locking the slowest one alone (`mcpo lock --update NAME`, the others kept), target
// <= 1.5. The servers are test/fixtures/lock/tools-server.mjs, each waiting START_DELAY_MS before
// its handshake as a server behind `npx`/`uvx` waits for its download: the row measures that mcpo
// waits for them at once, not one after the other (ten Node start-ups on a 2-core machine also
// cost CPU time, which no concurrency removes).
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cpus, loadavg } from 'node:os';
import { makeHome, median, runOnce } from './bench-lib.mjs';

const TARGET = 1.5;
const SERVERS = 10;
const DELAY_MS = 1500;

export function benchLock({ root, cli, runs, log }) {
  const { home, env } = makeHome('mcpo-bench-lock-');
  try {
    const fixture = join(root, 'test', 'fixtures', 'lock', 'tools-server.mjs');
    const names = Array.from({ length: SERVERS }, (_, i) => `s${i + 1}`);
    const lines = ['version: 1', 'servers:'];
    for (const [i, n] of names.entries()) {
      const tools = join(home, `${n}.json`);
      const list = Array.from({ length: 8 }, (_, t) => ({
        name: `tool_${t}`,
        description: `Tool ${t} of ${n}.`,
      }));
      writeFileSync(tools, JSON.stringify({ tools: list }));
      // The last server is the slowest.
      const delay = i === SERVERS - 1 ? DELAY_MS : DELAY_MS - 200;
      lines.push(
        `  ${n}: ${JSON.stringify({ command: process.execPath, args: [fixture], env: { TOOLS_FILE: tools, START_DELAY_MS: String(delay) } })}`,
      );
    }
    const dir = join(home, 'p');
    mkdirSync(dir);
    const stack = join(dir, 'mcp.stack.yaml');
    writeFileSync(stack, lines.join('\n') + '\n');
    const lock = (...args) =>
      runOnce([process.execPath, cli, 'lock', '--stack', stack, ...args], env, dir);
    lock(); // warm-up, and the lock the single-server runs keep
    const all = [];
    const single = [];
    for (let i = 0; i < runs; i++) {
      all.push(lock('--update'));
      single.push(lock('--update', names.at(-1)));
    }
    const ratio = median(all) / median(single);
    const ok = ratio <= TARGET;
    const name = `lock (${SERVERS} stdio servers, ${DELAY_MS} ms handshakes)`;
    log(
      `${name}: ${median(all).toFixed(0)} ms / the slowest server alone: ${median(single).toFixed(0)} ms = ratio ${ratio.toFixed(2)} (target <= ${TARGET})${ok ? '' : '  OVER TARGET'}`,
    );
    log(
      `${name}: one server after the other would take about ${((median(single) * SERVERS) / 1000).toFixed(1)} s; load average ${loadavg()[0].toFixed(2)} on ${cpus().length} cores`,
    );
    return {
      rows: [
        {
          name,
          median: median(all),
          baseline: 'slowest single server lock',
          baselineMedian: median(single),
          ratio,
          target: TARGET,
          ok,
          runs,
        },
      ],
      failed: !ok,
    };
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
}
