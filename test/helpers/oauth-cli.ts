// Driving `mcpo login` and the launcher bridge inside a private keyring session (keyring.ts),
// without blocking the event loop: the loopback OAuth fixture (oauth-server.ts) lives in the
// test process. `loginHeadless` is the user with --no-browser: it reads the URL mcpo prints and
// lets the fixture's authorize step redirect a fetch back to mcpo's loopback.
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { inKeyring } from './keyring.js';
import { MCPO_CLI, type RunResult } from './tmp-home.js';
import { connectStdio, type StdioSession } from './mcp-client.js';
import { followAuthorize } from './oauth-server.js';

const DBUS_NOISE = /^dbus-daemon\[\d+\]: .*Failed to set fd limit.*\n/gm;

/** Runs `mcpo ...args` in a keyring session; `onLine` sees each line of standard output. */
export function mcpoInKeyringAsync(
  args: string[],
  opts: { env: NodeJS.ProcessEnv; cwd: string; onLine?: (line: string) => void },
): Promise<RunResult> {
  const [file, ...rest] = inKeyring([process.execPath, MCPO_CLI, ...args]);
  return new Promise((resolve, reject) => {
    const child = spawn(file!, rest, {
      cwd: opts.cwd,
      env: opts.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let partial = '';
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
      partial += d.toString();
      const lines = partial.split('\n');
      partial = lines.pop()!;
      for (const line of lines) opts.onLine?.(line);
    });
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.once('error', reject);
    child.once('close', (code) =>
      resolve({ code: code ?? -1, stdout, stderr: stderr.replace(DBUS_NOISE, '') }),
    );
  });
}

export interface HeadlessLogin extends RunResult {
  /** The authorization URL mcpo printed, if any. */
  url?: string;
  /** What mcpo's loopback answered the redirected browser. */
  callback?: { status: number; body: string };
}

/** `mcpo login SERVER --no-browser ...extra`, with the printed URL followed like a browser would. */
export async function loginHeadless(
  server: string,
  stack: string,
  opts: {
    env: NodeJS.ProcessEnv;
    cwd: string;
    extra?: string[];
    follow?: boolean;
    noBrowserFlag?: boolean;
  },
): Promise<HeadlessLogin> {
  let url: string | undefined;
  let followed: Promise<{ status: number; body: string } | undefined> = Promise.resolve(undefined);
  const flags = [
    ...(opts.noBrowserFlag === false ? [] : ['--no-browser']),
    '--timeout',
    '30',
    ...(opts.extra ?? []),
  ];
  const r = await mcpoInKeyringAsync(['login', server, '--stack', stack, ...flags], {
    ...opts,
    onLine: (line) => {
      if (url || !/^https?:\/\//.test(line)) return;
      url = line;
      if (opts.follow !== false)
        followed = followAuthorize(line).catch((e: Error) => ({ status: -1, body: e.message }));
    },
  });
  const callback = await followed;
  return { ...r, ...(url ? { url } : {}), ...(callback ? { callback } : {}) };
}

/** An MCP client talking to `mcpo run SERVER` (the launcher bridge) inside a keyring session. */
export function connectBridge(
  server: string,
  stack: string,
  env: NodeJS.ProcessEnv,
  cwd: string,
): Promise<StdioSession> {
  const [file, ...rest] = inKeyring([process.execPath, MCPO_CLI, 'run', server, '--stack', stack]);
  return connectStdio(file!, rest, env, cwd);
}

/** Files under `dir` whose bytes contain any of `values` (relative paths). */
export function filesContaining(dir: string, values: string[]): string[] {
  const found: string[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      const st = statSync(p);
      if (st.isDirectory()) walk(p);
      else if (st.isFile()) {
        const bytes = readFileSync(p).toString('latin1');
        if (values.some((v) => bytes.includes(v))) found.push(p.slice(dir.length + 1));
      }
    }
  };
  walk(dir);
  return found;
}
