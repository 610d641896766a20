// A throw-away HOME for end-to-end tests, and a runner for the built CLI (dist/cli.cjs).
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO_ROOT = dirname(dirname(dirname(fileURLToPath(import.meta.url))));
/** The built CLI; `npm test` builds it first (`npm run build`). */
export const MCPO_CLI = join(REPO_ROOT, 'dist', 'cli.cjs');

export interface TmpHome {
  /** Real path (symlinks resolved) of the temporary home directory. */
  home: string;
  /** process.env with HOME, USERPROFILE, XDG_{CONFIG,STATE,DATA,CACHE}_HOME inside `home`, NO_COLOR=1; PATH kept. */
  env: NodeJS.ProcessEnv;
  /** Removes the directory. */
  cleanup(): void;
}

/** Creates a temp dir and an environment whose HOME and XDG_* dirs all point inside it. */
/** `base`: the folder to make the home in (default the system temp folder). */
export function makeTmpHome(prefix = 'mcpo-home-', base = tmpdir()): TmpHome {
  const home = realpathSync(mkdtempSync(join(base, prefix)));
  const xdg = {
    XDG_CONFIG_HOME: join(home, '.config'),
    XDG_STATE_HOME: join(home, '.local', 'state'),
    XDG_DATA_HOME: join(home, '.local', 'share'),
    XDG_CACHE_HOME: join(home, '.cache'),
  };
  for (const dir of Object.values(xdg)) mkdirSync(dir, { recursive: true });
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    HOME: home,
    USERPROFILE: home,
    ...xdg,
    NO_COLOR: '1',
  };
  delete env.FORCE_COLOR;
  delete env.CLAUDE_CONFIG_DIR;
  delete env.CODEX_HOME;
  return { home, env, cleanup: () => rmSync(home, { recursive: true, force: true }) };
}

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `node dist/cli.cjs ...args`; never throws on a non-zero exit (a signal gives code -1). */
export function runMcpo(
  args: string[],
  opts: { env: NodeJS.ProcessEnv; cwd: string; input?: string; timeoutMs?: number },
): RunResult {
  return runCommand(process.execPath, [MCPO_CLI, ...args], opts);
}

/** Runs any program the same way (stdin is `input`, or empty so nothing waits on a terminal). */
export function runCommand(
  file: string,
  args: string[],
  opts: { env: NodeJS.ProcessEnv; cwd: string; input?: string; timeoutMs?: number },
): RunResult {
  const r = spawnSync(file, args, {
    cwd: opts.cwd,
    env: opts.env,
    input: opts.input ?? '',
    encoding: 'utf8',
    timeout: opts.timeoutMs ?? 60_000,
    maxBuffer: 64 * 1024 * 1024,
  });
  if (r.error) throw new Error(`${file} ${args.join(' ')}: ${r.error.message}`);
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}
