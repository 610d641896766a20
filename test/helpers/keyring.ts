// A private, unlocked Secret Service (gnome-keyring on its own D-Bus session) for keychain tests,
// following shared/reference/keyring-ci.md: dbus-run-session -- <wrapper> CMD..., where the
// wrapper unlocks gnome-keyring-daemon, waits for org.freedesktop.secrets, then execs CMD.
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MCPO_CLI, runCommand, type RunResult } from './tmp-home.js';

const WRAPPER = `#!/bin/sh
eval "$(printf '%s' "\${MCPO_TEST_KEYRING_PASSWORD:-mcpo-test}" | gnome-keyring-daemon --unlock --components=secrets --daemonize)"
export GNOME_KEYRING_CONTROL
i=0
while [ $i -lt 50 ]; do
  dbus-send --session --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus \\
    org.freedesktop.DBus.NameHasOwner string:org.freedesktop.secrets 2>/dev/null | grep -q 'boolean true' && break
  sleep 0.1
  i=$((i + 1))
done
exec "$@"
`;

let wrapper: string | undefined;
/** The wrapper script (written once per test process). */
export function keyringWrapper(): string {
  if (!wrapper) {
    wrapper = join(mkdtempSync(join(tmpdir(), 'mcpo-keyring-')), 'with-keyring.sh');
    writeFileSync(wrapper, WRAPPER);
    chmodSync(wrapper, 0o755);
  }
  return wrapper;
}

/** Why keychain tests cannot run here, or undefined when they can. */
export function keyringUnavailableReason(): string | undefined {
  if (process.platform !== 'linux') return 'keychain tests use gnome-keyring and run on Linux only';
  for (const tool of ['dbus-run-session', 'dbus-send', 'gnome-keyring-daemon']) {
    if (spawnSync('sh', ['-c', `command -v ${tool}`]).status !== 0) return `${tool} is not installed (apt-get install dbus gnome-keyring)`;
  }
  return undefined;
}

/** The command line prefix that runs a program inside a fresh private keyring session. */
export function inKeyring(argv: string[]): string[] {
  return ['dbus-run-session', '--', keyringWrapper(), ...argv];
}

/** Runs `mcpo ...args` inside a private keyring session; the keyring lives in env.HOME. */
export function runMcpoInKeyring(args: string[], opts: { env: NodeJS.ProcessEnv; cwd: string; input?: string }): RunResult {
  const [file, ...rest] = inKeyring([process.execPath, MCPO_CLI, ...args]);
  const r = runCommand(file!, rest, opts);
  // dbus-daemon warns on every start when it cannot raise the fd limit; it is not mcpo's output.
  return { ...r, stderr: r.stderr.replace(/^dbus-daemon\[\d+\]: .*Failed to set fd limit.*\n/gm, '') };
}
