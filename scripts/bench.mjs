// Start-up benchmark: `npm run bench` (builds first). Not a test; npm test does not run it.
//
// Each benchmark runs its command WARMUP times, then RUNS times, and reports the median wall time.
// A benchmark with `baseline` is also reported as a ratio to that benchmark's median, against
// its `target`. To add a row, add an entry to BENCHMARKS (setup() may create files in the temp
// home and return extra data for args()).
//
// Usage: node scripts/bench.mjs [--runs N] [--warmup N] [--only NAME|keychain|doctor] [--doctor-runs N] [--json]
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LAUNCHER_FLOOR, makeHome, median, runOnce } from './bench-lib.mjs';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const cli = join(root, 'dist', 'cli.cjs');

const argv = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = argv.indexOf(name);
  return i >= 0 && argv[i + 1] !== undefined ? argv[i + 1] : dflt;
};
const RUNS = Number(opt('--runs', 20));
const WARMUP = Number(opt('--warmup', 3));
const ONLY = opt('--only', undefined);
const JSON_OUT = argv.includes('--json');

/** A stack with `servers` stdio servers, all written to each of `clients` (user scope). */
function stackYaml(servers, clients) {
  const names = Array.from({ length: servers }, (_, i) => `server-${String(i + 1).padStart(2, '0')}`);
  const lines = ['version: 1', 'servers:'];
  for (const [i, n] of names.entries()) {
    lines.push(`  ${n}: { command: npx, args: [-y, "@example/mcp-server-${i + 1}"], env: { LOG_LEVEL: info } }`);
  }
  lines.push('clients:');
  for (const c of clients) lines.push(`  ${c}: { servers: [${names.join(', ')}] }`);
  return lines.join('\n') + '\n';
}

/**
 * name: row label; cmd: [file, ...args]; setup(home) -> ctx (optional; ctx.cwd, ctx.env: extra variables);
 * baseline: name of the row this one is compared with; target: max ratio to that baseline;
 * floor: name of a row printed as a second ratio (the least this kind of command can cost).
 */
/** Every client id mcpo supports, from the CLI itself. */
function clientIds() {
  const r = spawnSync(process.execPath, [cli, 'clients', '--json'], { encoding: 'utf8', env: { ...process.env, HOME: tmpdir() } });
  return JSON.parse(r.stdout).map((c) => c.id);
}

/** A plan over `servers` servers written to each of `clients`, user scope, in a fresh home. */
function planBench(name, servers, clients, extra = {}) {
  return {
    name,
    baseline: 'node -e 0',
    ...extra,
    setup(home) {
      // The client folders exist for the first three; --force covers the others.
      for (const d of ['.config/Claude', '.claude', '.cursor']) mkdirSync(join(home, d), { recursive: true });
      const stack = join(home, 'project', 'mcp.stack.yaml');
      mkdirSync(dirname(stack), { recursive: true });
      writeFileSync(stack, stackYaml(servers, clients));
      return { stack, cwd: dirname(stack) };
    },
    cmd: (ctx) => [process.execPath, cli, 'plan', '--stack', ctx.stack, '--no-color', '--force'],
  };
}

const ALL = clientIds();
const BENCHMARKS = [
  { name: 'node -e 0', cmd: () => [process.execPath, '-e', '0'] },
  planBench('plan (10 servers, 3 clients)', 10, ['claude-desktop', 'claude-code', 'cursor'], { target: 1.5 }),
  planBench(`plan (10 servers, all ${ALL.length} clients)`, 10, ALL, { target: 2.0 }),
  planBench(`plan (100 servers, all ${ALL.length} clients)`, 100, ALL),
  planBench(`plan (1000 servers, all ${ALL.length} clients)`, 1000, ALL, { maxMs: 1000 }),
  {
    // The least any launcher written in Node can cost: one Node start-up that spawns the same
    // trivial server and waits for it, as `mcpo run` does (the `floor` of the next row).
    name: 'launcher floor (node spawning node -e 0)',
    cmd: () => LAUNCHER_FLOOR,
  },
  {
    // The launcher's overhead on a client's server start: load the stack, resolve the secret,
    // spawn the server, wait for it. The secret comes from the environment (no keychain here).
    // Two Node start-ups (mcpo, then the server) against one, so this ratio is at least 2: the
    // second line printed for it is the ratio over `floor`, which is mcpo's own share.
    name: 'run (launcher, trivial stdio program)',
    baseline: 'node -e 0',
    target: 1.5,
    floor: 'launcher floor (node spawning node -e 0)',
    setup(home) {
      const stack = join(home, 'project', 'mcp.stack.yaml');
      mkdirSync(dirname(stack), { recursive: true });
      writeFileSync(stack, `version: 1\nservers:\n  trivial: { command: ${JSON.stringify(process.execPath)}, args: [-e, "0"], env: { KEY: "\${secret:trivial-key}" } }\n`);
      return { stack, cwd: dirname(stack), env: { MCPO_SECRET_TRIVIAL_KEY: 'bench-value' } };
    },
    cmd: (ctx) => [process.execPath, cli, 'run', 'trivial', '--stack', ctx.stack],
  },
];




if (!existsSync(cli)) {
  console.error(`${cli} is missing: run \`npm run build\` first (npm run bench does).`);
  process.exit(1);
}

// Rounds are interleaved (one run of each benchmark per round), so a change in machine load
// during the run affects every row alike instead of skewing the ratios.
const only = BENCHMARKS.find((x) => x.name === ONLY);
const selected = BENCHMARKS.filter((b) => !ONLY || b.name === ONLY || b.name === only?.baseline || b.name === only?.floor);
const prepared = selected.map((b) => {
  const { home, env } = makeHome();
  const ctx = b.setup ? b.setup(home) : {};
  return { b, home, env: { ...env, ...ctx.env }, cmd: b.cmd(ctx), cwd: ctx.cwd ?? home, times: [] };
});
const results = new Map();
try {
  for (let i = 0; i < WARMUP; i++) for (const p of prepared) runOnce(p.cmd, p.env, p.cwd);
  for (let i = 0; i < RUNS; i++) for (const p of prepared) p.times.push(runOnce(p.cmd, p.env, p.cwd));
  for (const { b, times } of prepared) {
    results.set(b.name, { name: b.name, median: median(times), min: Math.min(...times), max: Math.max(...times), runs: RUNS });
  }
} finally {
  for (const p of prepared) rmSync(p.home, { recursive: true, force: true });
}

const rows = [];
let failed = false;
for (const b of BENCHMARKS) {
  const r = results.get(b.name);
  if (!r) continue;
  const base = b.baseline ? results.get(b.baseline) : undefined;
  if (base) {
    const ratio = r.median / base.median;
    const ok = b.target === undefined || ratio <= b.target;
    if (!ok) failed = true;
    rows.push({ ...r, baseline: base.name, ratio, target: b.target, ok });
    if (!JSON_OUT) {
      console.log(
        `${r.name}: ${r.median.toFixed(1)} ms / ${base.name}: ${base.median.toFixed(1)} ms = ratio ${ratio.toFixed(2)}` +
          (b.target !== undefined ? ` (target <= ${b.target})${ok ? '' : '  OVER TARGET'}` : ''),
      );
    }
    const floor = b.floor && results.get(b.floor);
    if (floor) {
      const spread = (x) => `${x.min.toFixed(1)}-${x.max.toFixed(1)}`;
      if (!JSON_OUT) {
        console.log(
          `${r.name} over its floor: ${r.median.toFixed(1)} ms / ${floor.name}: ${floor.median.toFixed(1)} ms = ratio ${(r.median / floor.median).toFixed(2)}` +
            ` (mcpo's own share ${(r.median - floor.median).toFixed(1)} ms; min-max ${spread(r)} / ${spread(floor)})`,
        );
      }
      rows.at(-1).floor = { name: floor.name, median: floor.median, ratio: r.median / floor.median };
    }
  } else {
    rows.push(r);
    if (!JSON_OUT) console.log(`${r.name}: ${r.median.toFixed(1)} ms (min ${r.min.toFixed(1)}, max ${r.max.toFixed(1)}, ${r.runs} runs)`);
  }
}
for (const b of BENCHMARKS) {
  const r = results.get(b.name);
  if (r && b.maxMs !== undefined) {
    const ok = r.median <= b.maxMs;
    if (!ok) failed = true;
    if (!JSON_OUT) console.log(`${r.name}: ${r.median.toFixed(0)} ms (target < ${b.maxMs} ms)${ok ? '' : '  OVER TARGET'}`);
  }
}
// How plan time grows with the number of servers (start-up, the same for all, subtracted).
const scale = [10, 100, 1000].map((n) => results.get(`plan (${n} servers, all ${ALL.length} clients)`));
const base = results.get('node -e 0');
if (!JSON_OUT && scale.every(Boolean) && base) {
  const work = scale.map((r) => r.median - base.median);
  console.log(`growth over start-up, 10 -> 100 -> 1000 servers: ${work.map((w) => w.toFixed(0) + ' ms').join(' -> ')} (x${(work[1] / work[0]).toFixed(1)}, x${(work[2] / work[1]).toFixed(1)}; linear is x10 at most)`);
}
// The launcher with its secret in a real keychain, in one private keyring session (bench-keychain.mjs).
if (!ONLY || ONLY === 'keychain') {
  const name = 'run (launcher, secret from the keychain)';
  const missing = ['dbus-run-session', 'gnome-keyring-daemon', 'dbus-send'].filter((t) => spawnSync('sh', ['-c', `command -v ${t}`]).status !== 0);
  if (missing.length) {
    if (!JSON_OUT) console.log(`${name}: skipped: ${missing.join(', ')} not installed (apt-get install dbus gnome-keyring)`);
  } else {
    const { home, env } = makeHome();
    try {
      const r = spawnSync('dbus-run-session', ['--', join(root, 'scripts', 'with-keyring.sh'), process.execPath, join(root, 'scripts', 'bench-keychain.mjs'), cli, String(RUNS), String(WARMUP)], { env, cwd: home, encoding: 'utf8' });
      if (r.status !== 0) throw new Error(`${name}: ${r.stderr}`);
      const m = JSON.parse(r.stdout.trim().split('\n').at(-1));
      const ratio = m.run / m.node;
      const ok = ratio <= 1.5;
      if (!ok) failed = true;
      rows.push({ name, median: m.run, baseline: 'node -e 0', baselineMedian: m.node, ratio, target: 1.5, ok, runs: RUNS, floor: { name: 'launcher floor', median: m.floor, ratio: m.run / m.floor } });
      if (!JSON_OUT) {
        console.log(`${name}: ${m.run.toFixed(1)} ms / node -e 0: ${m.node.toFixed(1)} ms = ratio ${ratio.toFixed(2)} (target <= 1.5)${ok ? '' : '  OVER TARGET'}`);
        console.log(`${name} over its floor: ${m.run.toFixed(1)} ms / launcher floor: ${m.floor.toFixed(1)} ms = ratio ${(m.run / m.floor).toFixed(2)} (mcpo's own share ${(m.run - m.floor).toFixed(1)} ms)`);
      }
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  }
}
// Doctor starts real servers: a few rounds only, run after the start-up rows (see bench-doctor.mjs).
if (!ONLY || ONLY === 'doctor') {
  const { benchDoctor } = await import('./bench-doctor.mjs');
  const d = benchDoctor({ root, cli, runs: Math.min(RUNS, Number(opt('--doctor-runs', 3))), log: (t) => !JSON_OUT && console.log(t) });
  rows.push(...d.rows);
  if (d.failed) failed = true;
}
if (JSON_OUT) console.log(JSON.stringify(rows, null, 2));
// Report only: a ratio over target is printed, and sets the exit code to 3 so scripts can notice.
if (failed) process.exitCode = 3;
