// What the bench scripts share: a temp home, one timed run, the median, and the launcher floor.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, realpathSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A fresh temp home and an environment whose paths all point into it (no colour). */
export function makeHome(prefix = 'mcpo-bench-') {
  const home = realpathSync(mkdtempSync(join(tmpdir(), prefix)));
  const env = {
    ...process.env,
    HOME: home,
    USERPROFILE: home,
    XDG_CONFIG_HOME: join(home, '.config'),
    XDG_STATE_HOME: join(home, '.local', 'state'),
    XDG_DATA_HOME: join(home, '.local', 'share'),
    XDG_CACHE_HOME: join(home, '.cache'),
    NO_COLOR: '1',
  };
  delete env.FORCE_COLOR;
  return { home, env };
}

/** Wall time of one run of `[file, ...args]` in ms; anything but exit 0 is an error. */
export function runOnce([file, ...args], env, cwd) {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(file, args, {
    env,
    cwd,
    stdio: ['ignore', 'pipe', 'pipe'],
    encoding: 'utf8',
    maxBuffer: 64 << 20,
  });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.error) throw r.error;
  // plan may exit 2 with --detailed-exitcode; without it, anything but 0 is a failure.
  if (r.status !== 0)
    throw new Error(`${[file, ...args].join(' ')} exited ${r.status}\n${r.stdout}\n${r.stderr}`);
  return ms;
}

export const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

/** The least any launcher written in Node costs: one Node start-up spawning `node -e 0` and waiting for it. */
export const LAUNCHER_FLOOR = [
  process.execPath,
  '-e',
  `require('node:child_process').spawn(process.execPath, ['-e', '0'], { stdio: 'inherit' }).on('exit', (c) => (process.exitCode = c))`,
];
