// Start-up benchmark: `npm run bench` (builds first). Not a test; npm test does not run it.
//
// Each benchmark runs its command WARMUP times, then RUNS times, and reports the median wall time.
// A benchmark with `baseline` is also reported as a ratio to that benchmark's median, against
// its `target`. To add a row, add an entry to BENCHMARKS (setup() may create files in the temp
// home and return extra data for args()).
//
// Usage: node scripts/bench.mjs [--runs N] [--warmup N] [--only NAME|keychain|doctor|lock|scale] [--doctor-runs N]
//   [--scale-runs N] [--scale 100,1000,5000] [--scale-clients N] [--before DIR --before-timeout S]
//   [--json]
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
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
  const names = Array.from(
    { length: servers },
    (_, i) => `server-${String(i + 1).padStart(2, '0')}`,
  );
  const lines = ['version: 1', 'servers:'];
  for (const [i, n] of names.entries()) {
    lines.push(
      `  ${n}: { command: npx, args: [-y, "@example/mcp-server-${i + 1}"], env: { LOG_LEVEL: info } }`,
    );
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
/**
 * Every client id mcpo supports, from the CLI itself; of clients that read the same user file
 * (Cursor and its CLI agent) only the first, as one stack cannot give one file two writers.
 */
function clientIds() {
  const r = spawnSync(process.execPath, [cli, 'clients', '--json'], {
    encoding: 'utf8',
    env: { ...process.env, HOME: tmpdir() },
  });
  const seen = new Set();
  return JSON.parse(r.stdout)
    .filter((c) => {
      const user = c.scopes.find((s) => s.scope === 'user')?.path;
      if (!user || seen.has(user)) return false; // user scope only, one client per user file
      seen.add(user);
      return true;
    })
    .map((c) => c.id);
}

/**
 * The lock `mcpo lock` writes for stackYaml(servers): each npx package pinned, 12 tools each
 * with a two-line description (issue 15: plan reads it, and must stay within the plan target).
 */
function lockText(servers) {
  const out = ['mcpo-lock 1'];
  for (let i = 1; i <= servers; i++) {
    const hex = (n) => ((n * 2654435761) >>> 0).toString(16).padStart(8, '0').repeat(4);
    out.push(
      '',
      `server server-${String(i).padStart(2, '0')}`,
      `  npm @example/mcp-server-${i}`,
      `  version 1.${i}.0`,
      `  integrity sha512-${'A'.repeat(86)}==`,
    );
    for (let t = 1; t <= 12; t++)
      out.push(
        `  tool tool_${t} ${hex(i * 100 + t)}`,
        `    | Does thing ${t} of server ${i}.`,
        '    | Returns JSON.',
      );
  }
  return out.join('\n') + '\n';
}

/** A plan over `servers` servers written to each of `clients`, user scope, in a fresh home. */
function planBench(name, servers, clients, extra = {}) {
  return {
    name,
    baseline: 'node -e 0',
    ...extra,
    setup(home) {
      // The client folders exist for the first three; --force covers the others.
      for (const d of ['.config/Claude', '.claude', '.cursor'])
        mkdirSync(join(home, d), { recursive: true });
      const stack = join(home, 'project', 'mcp.stack.yaml');
      mkdirSync(dirname(stack), { recursive: true });
      writeFileSync(stack, stackYaml(servers, clients));
      if (extra.locked) writeFileSync(join(dirname(stack), 'mcp.stack.lock'), lockText(servers));
      return { stack, cwd: dirname(stack) };
    },
    cmd: (ctx) => [process.execPath, cli, 'plan', '--stack', ctx.stack, '--no-color', '--force'],
  };
}

const ALL = clientIds();
const BENCHMARKS = [
  { name: 'node -e 0', cmd: () => [process.execPath, '-e', '0'] },
  planBench('plan (10 servers, 3 clients)', 10, ['claude-desktop', 'claude-code', 'cursor'], {
    target: 1.5,
  }),
  // Issue 15: the same plan with mcp.stack.lock pinning every server (read, never resolved).
  planBench(
    'plan with a lock file (10 servers, 3 clients)',
    10,
    ['claude-desktop', 'claude-code', 'cursor'],
    { target: 1.5, locked: true },
  ),
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
      writeFileSync(
        stack,
        `version: 1\nservers:\n  trivial: { command: ${JSON.stringify(process.execPath)}, args: [-e, "0"], env: { KEY: "\${secret:trivial-key}" } }\n`,
      );
      return { stack, cwd: dirname(stack), env: { MCPO_SECRET_TRIVIAL_KEY: 'bench-value' } };
    },
    cmd: (ctx) => [process.execPath, cli, 'run', 'trivial', '--stack', ctx.stack],
  },
];

/**
 * Scale (issue 17): apply from empty, the re-plan after it, and a no-op apply, at 100, 1000 and
 * 5000 servers over every client. These take seconds, so they run SCALE_RUNS times (not RUNS),
 * each in a fresh home, and print peak RSS (from /usr/bin/time when present, else the
 * child's own report through a preload). One command per row, each against its target.
 */
const SCALE_RUNS = Number(opt('--scale-runs', 3));
const SCALE = opt('--scale', '100,1000,5000').split(',').filter(Boolean).map(Number);
// Issue 17's table is "servers x 18 clients" (mcpo had 18 when it was filed): the scale rows
// write to the first 18 user-scope clients unless told otherwise (0: all of them).
const SCALE_CLIENTS = Number(opt('--scale-clients', 18));

// --before DIR: the same rows, in the same run, for another build (DIR/cli.cjs), each command
// given at most --before-timeout seconds (an earlier build took minutes at 1000 servers).
// Resolved here: each command runs in its own temp project folder.
const BEFORE = opt('--before', undefined) && resolve(opt('--before', undefined));
const BEFORE_TIMEOUT = Number(opt('--before-timeout', 60)) * 1000;

function timed(args, env, cwd, timeout) {
  // Peak RSS from /usr/bin/time (the kernel's ru_maxrss of the child, in KB).
  const t0 = process.hrtime.bigint();
  // CPU time (user + system) too: on a shared machine it moves less than wall time.
  const r = spawnSync('/usr/bin/time', ['-f', '%M %U %S', ...args], {
    env,
    cwd,
    encoding: 'utf8',
    maxBuffer: 256 << 20,
    timeout,
    killSignal: 'SIGKILL',
  });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.error?.code === 'ETIMEDOUT' || r.signal)
    return { ms: Infinity, cpuMs: Infinity, rssMb: NaN };
  if (r.error || r.status !== 0)
    throw new Error(`${args.join(' ')} exited ${r.status}\n${r.stderr}`);
  const [kb, user, sys] = r.stderr.trim().split('\n').at(-1).split(' ').map(Number);
  return { ms, cpuMs: (user + sys) * 1000, rssMb: kb / 1024 };
}

const scaleClients = () => (SCALE_CLIENTS > 0 ? ALL.slice(0, SCALE_CLIENTS) : ALL);

function scaleRun(n, cliPath = cli, timeout = undefined, clients = scaleClients()) {
  const { home, env } = makeHome();
  try {
    const project = join(home, 'project');
    mkdirSync(project, { recursive: true });
    const stack = join(project, 'mcp.stack.yaml');
    writeFileSync(stack, stackYaml(n, clients));
    const cmd = (...a) => [
      process.execPath,
      cliPath,
      ...a,
      '--stack',
      stack,
      '--no-color',
      '--force',
    ];
    const plan = timed(cmd('plan'), env, project, timeout);
    const apply = timed(cmd('apply', '--yes'), env, project, timeout);
    const skipped = { ms: Infinity, cpuMs: Infinity, rssMb: NaN };
    const replan = apply.ms === Infinity ? skipped : timed(cmd('plan'), env, project, timeout);
    const noop =
      apply.ms === Infinity ? skipped : timed(cmd('apply', '--yes'), env, project, timeout);
    return { plan, apply, replan, noop };
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
}

/**
 * The issue's absolute targets (500 ms, 1.5 s, 6 s) were set on a machine where `node -e 0` took
 * 64 ms (its table: 1.28 s = 20x). On another machine each is scaled by this machine's `node -e 0`
 * (median of 9 runs, measured with the scale rows), and both figures are printed.
 */
const ISSUE_NODE_MS = 64;
let nodeMs = ISSUE_NODE_MS;
const scaled = (ms) => (ms * nodeMs) / ISSUE_NODE_MS;
const within = (ms) =>
  nodeMs === ISSUE_NODE_MS
    ? `< ${ms} ms`
    : `< ${ms} ms where node -e 0 takes ${ISSUE_NODE_MS} ms; here ${nodeMs.toFixed(0)} ms: < ${scaled(ms).toFixed(0)} ms`;

/** name, median ms (and `before`'s), peak RSS, target text, ok. */
function scaleRows() {
  const out = [];
  const node = () => runOnce([process.execPath, '-e', '0'], process.env, tmpdir());
  nodeMs = median(Array.from({ length: 9 }, node));
  for (const n of SCALE) {
    const runs = [];
    const befores = [];
    // Interleaved, so that load on the machine weighs on both builds alike.
    for (let i = 0; i < SCALE_RUNS; i++) {
      runs.push(scaleRun(n));
      if (BEFORE && i === 0) befores.push(scaleRun(n, join(BEFORE, 'cli.cjs'), BEFORE_TIMEOUT));
    }
    const m = (k, list = runs) => (list.length ? median(list.map((r) => r[k].ms)) : undefined);
    const rss = (k) => Math.max(...runs.map((r) => r[k].rssMb));
    const cpu = (k, list = runs) => (list.length ? median(list.map((r) => r[k].cpuMs)) : undefined);
    const beforeRss = (k) =>
      befores.length ? Math.max(...befores.map((r) => r[k].rssMb)) : undefined;
    const row = (name, k, target, ok) => ({
      name,
      median: m(k),
      cpuMs: cpu(k),
      before: m(k, befores),
      beforeCpuMs: cpu(k, befores),
      rssMb: rss(k),
      beforeRssMb: beforeRss(k),
      target,
      ok,
    });
    const planMs = m('plan');
    const limit = n >= 5000 ? 6000 : 1500;
    // On a shared, loaded machine wall time swings with the load (and apply waits on fsync,
    // which plan never does): the ratio to plan is judged on CPU time, and both are printed.
    const cpuRatio = cpu('apply') / cpu('plan');
    const small = `<= 1.5x plan in CPU (now ${cpuRatio.toFixed(2)}x; wall ${(m('apply') / planMs).toFixed(2)}x of ${planMs.toFixed(0)} ms)`;
    out.push(
      row(
        `apply from empty (${n} servers x ${scaleClients().length} clients)`,
        'apply',
        n <= 100 ? small : within(limit),
        n <= 100 ? cpuRatio <= 1.5 : m('apply') < scaled(limit),
      ),
    );
    out.push(
      row(
        `re-plan after it, "No changes." (${n} servers)`,
        'replan',
        n === 1000 ? within(500) : undefined,
        n !== 1000 || m('replan') < scaled(500),
      ),
    );
    out.push(
      row(
        `no-op apply (${n} servers)`,
        'noop',
        'writes nothing, no lock (test/no-write.test.ts)',
        true,
      ),
    );
    out.push(
      row(
        `plan from empty (${n} servers)`,
        'plan',
        n >= 5000 ? within(1500) : undefined,
        n < 5000 || m('plan') < scaled(1500),
      ),
    );
  }
  const peak = Math.max(...out.map((r) => r.rssMb));
  const beforePeak = Math.max(
    ...out.map((r) => r.beforeRssMb ?? NaN).filter((x) => !Number.isNaN(x)),
  );
  out.push({
    name: 'peak RSS, any of these commands',
    median: NaN,
    rssMb: peak,
    beforeRssMb: beforePeak,
    target: '< 400 MB',
    ok: peak < 400,
  });
  // The issue's memory bound is for every client, not the table's 18: the largest stack once
  // more over all of them (plan, apply, re-plan, no-op apply; the peak of any).
  const most = Math.max(...SCALE);
  if (scaleClients().length < ALL.length && most >= 5000) {
    const runs = Array.from({ length: SCALE_RUNS }, () => scaleRun(most, cli, undefined, ALL));
    const before = BEFORE ? [scaleRun(most, join(BEFORE, 'cli.cjs'), BEFORE_TIMEOUT, ALL)] : [];
    const peakOf = (list) => Math.max(...list.flatMap((r) => Object.values(r).map((x) => x.rssMb)));
    const rssMb = peakOf(runs);
    out.push({
      name: `apply from empty (${most} servers x every client, ${ALL.length}); peak RSS of any command`,
      median: median(runs.map((r) => r.apply.ms)),
      cpuMs: median(runs.map((r) => r.apply.cpuMs)),
      ...(before.length && {
        before: before[0].apply.ms,
        beforeCpuMs: before[0].apply.cpuMs,
        beforeRssMb: peakOf(before),
      }),
      rssMb,
      target: '< 400 MB',
      ok: rssMb < 400,
    });
  }
  return out;
}

if (!existsSync(cli)) {
  console.error(`${cli} is missing: run \`npm run build\` first (npm run bench does).`);
  process.exit(1);
}

// Rounds are interleaved (one run of each benchmark per round), so a change in machine load
// during the run affects every row alike instead of skewing the ratios.
const only = BENCHMARKS.find((x) => x.name === ONLY);
const selected = BENCHMARKS.filter(
  (b) => !ONLY || b.name === ONLY || b.name === only?.baseline || b.name === only?.floor,
);
const prepared = selected.map((b) => {
  const { home, env } = makeHome();
  const ctx = b.setup ? b.setup(home) : {};
  return { b, home, env: { ...env, ...ctx.env }, cmd: b.cmd(ctx), cwd: ctx.cwd ?? home, times: [] };
});
const results = new Map();
try {
  for (let i = 0; i < WARMUP; i++) for (const p of prepared) runOnce(p.cmd, p.env, p.cwd);
  for (let i = 0; i < RUNS; i++)
    for (const p of prepared) p.times.push(runOnce(p.cmd, p.env, p.cwd));
  for (const { b, times } of prepared) {
    results.set(b.name, {
      name: b.name,
      median: median(times),
      min: Math.min(...times),
      max: Math.max(...times),
      runs: RUNS,
    });
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
      rows.at(-1).floor = {
        name: floor.name,
        median: floor.median,
        ratio: r.median / floor.median,
      };
    }
  } else {
    rows.push(r);
    if (!JSON_OUT)
      console.log(
        `${r.name}: ${r.median.toFixed(1)} ms (min ${r.min.toFixed(1)}, max ${r.max.toFixed(1)}, ${r.runs} runs)`,
      );
  }
}
for (const b of BENCHMARKS) {
  const r = results.get(b.name);
  if (r && b.maxMs !== undefined) {
    const ok = r.median <= b.maxMs;
    if (!ok) failed = true;
    if (!JSON_OUT)
      console.log(
        `${r.name}: ${r.median.toFixed(0)} ms (target < ${b.maxMs} ms)${ok ? '' : '  OVER TARGET'}`,
      );
  }
}
// How plan time grows with the number of servers (start-up, the same for all, subtracted).
const scale = [10, 100, 1000].map((n) =>
  results.get(`plan (${n} servers, all ${ALL.length} clients)`),
);
const base = results.get('node -e 0');
if (!JSON_OUT && scale.every(Boolean) && base) {
  const work = scale.map((r) => r.median - base.median);
  console.log(
    `growth over start-up, 10 -> 100 -> 1000 servers: ${work.map((w) => w.toFixed(0) + ' ms').join(' -> ')} (x${(work[1] / work[0]).toFixed(1)}, x${(work[2] / work[1]).toFixed(1)}; linear is x10 at most)`,
  );
}
if (!ONLY || ONLY === 'scale') {
  const { loadavg } = await import('node:os');
  if (!JSON_OUT)
    console.log(
      `scale rows: median of ${SCALE_RUNS} runs${BEFORE ? `, before = ${BEFORE} (1 run, ${BEFORE_TIMEOUT / 1000} s cap)` : ''}; load average ${loadavg()[0].toFixed(2)}`,
    );
  const show = (ms) =>
    ms === undefined || Number.isNaN(ms)
      ? ''
      : ms === Infinity
        ? `> ${BEFORE_TIMEOUT / 1000} s`
        : `${ms.toFixed(0)} ms`;
  for (const r of scaleRows()) {
    rows.push(r);
    if (!r.ok) failed = true;
    if (!JSON_OUT) {
      const cpu = r.cpuMs === undefined ? '' : ` (cpu ${show(r.cpuMs)})`;
      const beforeCpu =
        r.beforeCpuMs === undefined || r.beforeCpuMs === Infinity
          ? ''
          : ` (cpu ${show(r.beforeCpuMs)})`;
      const ms = [
        show(r.median) + (show(r.median) ? cpu : ''),
        r.before !== undefined ? `before ${show(r.before)}${beforeCpu}` : '',
      ]
        .filter(Boolean)
        .join(', ');
      const beforeRss =
        r.beforeRssMb === undefined || !Number.isFinite(r.beforeRssMb)
          ? ''
          : ` (before ${r.beforeRssMb.toFixed(0)} MB)`;
      console.log(
        `${r.name}: ${ms ? `${ms}, ` : ''}peak RSS ${r.rssMb.toFixed(0)} MB${beforeRss}${r.target ? ` (target ${r.target})${r.ok ? '' : '  OVER TARGET'}` : ''}`,
      );
    }
  }
  if (!JSON_OUT) console.log(`load average after the scale rows: ${loadavg()[0].toFixed(2)}`);
}
// The launcher with its secret in a real keychain, in one private keyring session (bench-keychain.mjs).
if (!ONLY || ONLY === 'keychain') {
  const name = 'run (launcher, secret from the keychain)';
  const missing = ['dbus-run-session', 'gnome-keyring-daemon', 'dbus-send'].filter(
    (t) => spawnSync('sh', ['-c', `command -v ${t}`]).status !== 0,
  );
  if (missing.length) {
    if (!JSON_OUT)
      console.log(
        `${name}: skipped: ${missing.join(', ')} not installed (apt-get install dbus gnome-keyring)`,
      );
  } else {
    const { home, env } = makeHome();
    try {
      const r = spawnSync(
        'dbus-run-session',
        [
          '--',
          join(root, 'scripts', 'with-keyring.sh'),
          process.execPath,
          join(root, 'scripts', 'bench-keychain.mjs'),
          cli,
          String(RUNS),
          String(WARMUP),
        ],
        { env, cwd: home, encoding: 'utf8' },
      );
      if (r.status !== 0) throw new Error(`${name}: ${r.stderr}`);
      const m = JSON.parse(r.stdout.trim().split('\n').at(-1));
      const ratio = m.run / m.node;
      const ok = ratio <= 1.5;
      if (!ok) failed = true;
      rows.push({
        name,
        median: m.run,
        baseline: 'node -e 0',
        baselineMedian: m.node,
        ratio,
        target: 1.5,
        ok,
        runs: RUNS,
        floor: { name: 'launcher floor', median: m.floor, ratio: m.run / m.floor },
      });
      if (!JSON_OUT) {
        console.log(
          `${name}: ${m.run.toFixed(1)} ms / node -e 0: ${m.node.toFixed(1)} ms = ratio ${ratio.toFixed(2)} (target <= 1.5)${ok ? '' : '  OVER TARGET'}`,
        );
        console.log(
          `${name} over its floor: ${m.run.toFixed(1)} ms / launcher floor: ${m.floor.toFixed(1)} ms = ratio ${(m.run / m.floor).toFixed(2)} (mcpo's own share ${(m.run - m.floor).toFixed(1)} ms)`,
        );
      }
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  }
}
// Doctor starts real servers: a few rounds only, run after the start-up rows (see bench-doctor.mjs).
if (!ONLY || ONLY === 'doctor') {
  const { benchDoctor } = await import('./bench-doctor.mjs');
  const d = benchDoctor({
    root,
    cli,
    runs: Math.min(RUNS, Number(opt('--doctor-runs', 3))),
    log: (t) => !JSON_OUT && console.log(t),
  });
  rows.push(...d.rows);
  if (d.failed) failed = true;
}
// `mcpo lock` starts every server: a few rounds only, like doctor (see bench-lock.mjs).
if (!ONLY || ONLY === 'lock') {
  const { benchLock } = await import('./bench-lock.mjs');
  const d = benchLock({
    root,
    cli,
    runs: Math.min(RUNS, Number(opt('--doctor-runs', 3))),
    log: (t) => !JSON_OUT && console.log(t),
  });
  rows.push(...d.rows);
  if (d.failed) failed = true;
}
if (JSON_OUT) console.log(JSON.stringify(rows, null, 2));
// Report only: a ratio over target is printed, and sets the exit code to 3 so scripts can notice.
if (failed) process.exitCode = 3;
