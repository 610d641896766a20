// A private, unlocked Secret Service (gnome-keyring on its own D-Bus session) for keychain tests,
// following shared/reference/keyring-ci.md: dbus-run-session -- scripts/with-keyring.sh CMD...,
// which unlocks gnome-keyring-daemon, waits for org.freedesktop.secrets, then execs CMD.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { MCPO_CLI, runCommand, type RunResult } from './tmp-home.js';
import { REPO_ROOT } from './client-clis.js';

/** The wrapper that unlocks gnome-keyring on the session bus, then execs its arguments. */
export function keyringWrapper(): string {
  return join(REPO_ROOT, 'scripts', 'with-keyring.sh');
}

/** Why keychain tests cannot run here, or undefined when they can. */
export function keyringUnavailableReason(): string | undefined {
  if (process.platform !== 'linux') return 'keychain tests use gnome-keyring and run on Linux only';
  for (const tool of ['dbus-run-session', 'dbus-send', 'gnome-keyring-daemon']) {
    if (spawnSync('sh', ['-c', `command -v ${tool}`]).status !== 0)
      return `${tool} is not installed (apt-get install dbus gnome-keyring)`;
  }
  return undefined;
}

/** The command line prefix that runs a program inside a fresh private keyring session. */
export function inKeyring(argv: string[]): string[] {
  return ['dbus-run-session', '--', keyringWrapper(), ...argv];
}

/** Runs `mcpo ...args` inside a private keyring session; the keyring lives in env.HOME. */
export function runMcpoInKeyring(
  args: string[],
  opts: { env: NodeJS.ProcessEnv; cwd: string; input?: string },
): RunResult {
  const [file, ...rest] = inKeyring([process.execPath, MCPO_CLI, ...args]);
  const r = runCommand(file!, rest, opts);
  // dbus-daemon warns on every start when it cannot raise the fd limit; it is not mcpo's output.
  return {
    ...r,
    stderr: r.stderr.replace(/^dbus-daemon\[\d+\]: .*Failed to set fd limit.*\n/gm, ''),
  };
}
