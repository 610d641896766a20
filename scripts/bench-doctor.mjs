// The doctor row of `npm run bench` (issue 5): `mcpo doctor` on five real stdio servers, its wall
// time divided by the slowest single server's check (`mcpo doctor --stack S NAME`, wall time),
// target <= 1.3, and `claude mcp list` (which also health-checks every server) on the same five.
// The servers and Claude Code come from test/clients-cli, installed in .cache/client-clis by the
// tests; without that cache both rows print "skipped: ...".
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeHome, median, runOnce } from './bench-lib.mjs';

const TARGET = 1.3;

/** Runs the doctor rows; returns rows for --json, and whether a target was missed. */
export function benchDoctor({ root, cli, runs, log }) {
  const cache = join(root, '.cache', 'client-clis', 'node_modules');
  const pkg = (name) => join(cache, '@modelcontextprotocol', name, 'dist', 'index.js');
  const missing = ['server-memory', 'server-everything', 'server-filesystem'].filter(
    (n) => !existsSync(pkg(n)),
  );
  if (missing.length) {
    log(
      `doctor (5 stdio servers): skipped: ${missing.join(', ')} not in ${cache} (run the tests once to install them)`,
    );
    log('claude mcp list (5 stdio servers): skipped: the client CLI cache is absent');
    return { rows: [], failed: false };
  }
  const { home, env } = makeHome('mcpo-bench-doctor-');
  try {
    const servers = {
      memory: {
        command: process.execPath,
        args: [pkg('server-memory')],
        env: { MEMORY_FILE_PATH: join(home, 'm1.json') },
      },
      memory2: {
        command: process.execPath,
        args: [pkg('server-memory')],
        env: { MEMORY_FILE_PATH: join(home, 'm2.json') },
      },
      everything: { command: process.execPath, args: [pkg('server-everything'), 'stdio'] },
      files: { command: process.execPath, args: [pkg('server-filesystem'), home] },
      files2: { command: process.execPath, args: [pkg('server-filesystem'), tmpdir()] },
    };
    const stack = join(home, 'mcp.stack.yaml');
    writeFileSync(
      stack,
      `version: 1\nservers:\n${Object.entries(servers)
        .map(([n, s]) => `  ${n}: ${JSON.stringify(s)}\n`)
        .join('')}`,
    );
    const time = (file, args, extraEnv = {}) =>
      runOnce([file, ...args], { ...env, ...extraEnv }, home);
    const doctor = (...names) =>
      time(process.execPath, [cli, 'doctor', '--stack', stack, '--json', ...names]);
    const claude = join(cache, '.bin', 'claude');
    const claudeEnv = {
      DISABLE_AUTOUPDATER: '1',
      CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1',
      DISABLE_TELEMETRY: '1',
      DISABLE_ERROR_REPORTING: '1',
    };
    mkdirSync(join(home, '.claude'), { recursive: true });
    writeFileSync(
      join(home, '.claude.json'),
      JSON.stringify(
        {
          mcpServers: Object.fromEntries(
            Object.entries(servers).map(([n, s]) => [n, { type: 'stdio', ...s }]),
          ),
        },
        null,
        2,
      ),
    );

    const all = [];
    const slowest = [];
    const lists = [];
    doctor(); // warm-up: file caches
    for (let i = 0; i < runs; i++) {
      all.push(doctor());
      slowest.push(Math.max(...Object.keys(servers).map((n) => doctor(n))));
      if (existsSync(claude)) lists.push(time(claude, ['mcp', 'list'], claudeEnv));
    }
    const med = median;
    const ratio = med(all) / med(slowest);
    const ok = ratio <= TARGET;
    log(
      `doctor (5 stdio servers): ${med(all).toFixed(0)} ms / slowest single server's check: ${med(slowest).toFixed(0)} ms = ratio ${ratio.toFixed(2)} (target <= ${TARGET})${ok ? '' : '  OVER TARGET'}`,
    );
    const rows = [
      {
        name: 'doctor (5 stdio servers)',
        median: med(all),
        baseline: 'slowest single server check',
        baselineMedian: med(slowest),
        ratio,
        target: TARGET,
        ok,
        runs,
      },
    ];
    if (lists.length) {
      log(
        `claude mcp list (5 stdio servers): ${med(lists).toFixed(0)} ms (mcpo doctor: ${(med(all) / med(lists)).toFixed(2)}x its time)`,
      );
      rows.push({ name: 'claude mcp list (5 stdio servers)', median: med(lists), runs });
    } else log(`claude mcp list (5 stdio servers): skipped: ${claude} is absent`);
    return { rows, failed: !ok };
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
}
