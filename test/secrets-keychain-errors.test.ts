// Each way the Linux keychain can fail, produced for real, and the one sentence (with its fix)
// that `mcpo secret list` / `mcpo plan` prints for it: no session bus, a bus socket that is gone,
// a private bus with no Secret Service, a locked keyring, an item that is not there, and a
// Secret Service that never answers (gnome-keyring stopped with SIGSTOP).
import { describe, test, expect, beforeEach, afterEach } from '@jest/globals';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  makeTmpHome,
  MCPO_CLI,
  runCommand,
  runMcpo,
  type RunResult,
  type TmpHome,
} from './helpers/tmp-home.js';
import { keyringUnavailableReason, runMcpoInKeyring } from './helpers/keyring.js';
import { UNLOCK_COMMAND } from '../src/secrets/keychain-errors.js';

const reason = keyringUnavailableReason();
const STACK = `version: 1
servers:
  gh:
    command: npx
    env: { TOKEN: "\${secret:github-token}" }
clients:
  claude-code: { scope: project, servers: [gh], secrets: inline }
`;
const OR_ENV = 'or provide the secret as MCPO_SECRET_<NAME> in the environment.';

/** A session bus with no service files, so nothing is started on demand (the stock one activates gnome-keyring). */
const BARE_BUS = `<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN" "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:tmpdir=/tmp</listen>
  <auth>EXTERNAL</auth>
  <policy context="default"><allow send_destination="*" eavesdrop="true"/><allow eavesdrop="true"/><allow own="*"/></policy>
</busconfig>
`;

/** Waits until org.freedesktop.secrets has an owner on the session bus (keyring-ci.md, step 2). */
const WAIT_FOR_SECRETS = `i=0
while [ $i -lt 50 ]; do
  dbus-send --session --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus \\
    org.freedesktop.DBus.NameHasOwner string:org.freedesktop.secrets 2>/dev/null | grep -q 'boolean true' && break
  sleep 0.1; i=$((i + 1))
done`;

/** Starts the daemon without unlocking it: an existing login keyring stays locked. */
const LOCKED = `eval "$(gnome-keyring-daemon --start --components=secrets)"
${WAIT_FOR_SECRETS}
exec "$@"`;

/** An unlocked daemon that is then frozen: it owns the bus name but never replies. Thawed and ended after. */
const FROZEN = `eval "$(printf '%s' mcpo-test | gnome-keyring-daemon --unlock --components=secrets --daemonize)"
${WAIT_FOR_SECRETS}
pid=$(dbus-send --session --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus \\
  org.freedesktop.DBus.GetConnectionUnixProcessID string:org.freedesktop.secrets | awk '/uint32/ {print $2}')
kill -STOP "$pid"
"$@"
code=$?
kill -CONT "$pid"; kill "$pid"
exit $code`;

/** Drops the D-Bus daemon's and the GNOME prompter's own chatter, which is not mcpo's output. */
const mcpoLines = (r: RunResult) =>
  r.stderr.split('\n').filter((l) => /^(Error|Fix|Warning): /.test(l));

if (reason && process.env.CI === 'true') {
  test('a real D-Bus and gnome-keyring are available (required under CI=true)', () => {
    throw new Error(`keychain failure tests cannot run: ${reason}`);
  });
}

(reason ? describe.skip : describe)(
  `keychain failures as sentences${reason ? ` (skipped: ${reason})` : ''}`,
  () => {
    let h: TmpHome;
    let project: string;
    const write = (name: string, text: string) => {
      const file = join(h.home, name);
      writeFileSync(file, text, { mode: 0o755 });
      return file;
    };
    const inSession = (busArgs: string[], wrapper: string[], args: string[], input?: string) =>
      runCommand(
        'dbus-run-session',
        [...busArgs, '--', ...wrapper, process.execPath, MCPO_CLI, ...args],
        { env: h.env, cwd: project, timeoutMs: 30_000, ...(input ? { input } : {}) },
      );

    beforeEach(() => {
      h = makeTmpHome();
      project = join(h.home, 'p');
      mkdirSync(project);
      writeFileSync(join(project, 'mcp.stack.yaml'), STACK);
    });
    afterEach(() => h.cleanup());

    test('no session bus: secret list fails with the sentence, plan warns and still plans', () => {
      const env = { ...h.env };
      delete env.DBUS_SESSION_BUS_ADDRESS;
      const list = runMcpo(['secret', 'list'], { env, cwd: project });
      expect(list.code).toBe(1);
      expect(list.stdout).toContain('github-token  unknown  keychain unreadable');
      expect(mcpoLines(list)).toEqual([
        'Error: There is no D-Bus session bus (DBUS_SESSION_BUS_ADDRESS is not set), so the Secret Service keychain cannot be reached.',
        `Fix: run mcpo inside a desktop session or under \`dbus-run-session\`, ${OR_ENV}`,
      ]);
      const plan = runMcpo(['plan'], { env, cwd: project });
      expect(plan.code).toBe(0);
      // Said once, short, under the secret it concerns; nothing on stderr before the plan.
      expect(plan.stderr).toBe('');
      expect(plan.stdout).toContain('mcpo secret set github-token');
      expect(plan.stdout.match(/D-Bus/g)).toHaveLength(1);
      expect(plan.stdout).toMatch(
        /MCPO_SECRET_GITHUB_TOKEN=\.\.\.\)\n {2}Not looked up in the keychain: There is no D-Bus session bus/,
      );
    });

    test('no session bus, and no secret to look up: plan says nothing about D-Bus', () => {
      const env = { ...h.env };
      delete env.DBUS_SESSION_BUS_ADDRESS;
      writeFileSync(
        join(project, 'mcp.stack.yaml'),
        STACK.replace('"${secret:github-token}"', 'plain'),
      );
      const plan = runMcpo(['plan'], { env, cwd: project });
      expect(plan.code).toBe(0);
      expect(plan.stdout + plan.stderr).not.toMatch(/D-Bus|keychain/);
    });

    test('a session bus whose socket is gone', () => {
      const address = `unix:path=${join(h.home, 'gone-bus-socket')}`;
      const r = runMcpo(['secret', 'list'], {
        env: { ...h.env, DBUS_SESSION_BUS_ADDRESS: address },
        cwd: project,
      });
      expect(r.code).toBe(1);
      expect(mcpoLines(r)).toEqual([
        `Error: The D-Bus session bus at ${address} is gone, so the Secret Service keychain cannot be reached.`,
        `Fix: log in again or start a new session (\`dbus-run-session\`), ${OR_ENV}`,
      ]);
    });

    test('a private session bus with no Secret Service on it', () => {
      const r = inSession(
        [`--config-file=${write('bare-bus.conf', BARE_BUS)}`],
        [],
        ['secret', 'list'],
      );
      expect(r.code).toBe(1);
      expect(mcpoLines(r)).toEqual([
        'Error: No Secret Service is running on the session bus (such as gnome-keyring or KeePassXC).',
        `Fix: install and start one (e.g. \`gnome-keyring-daemon --start --components=secrets\`), ${OR_ENV}`,
      ]);
    });

    test('a locked keyring, for reading and for storing', () => {
      // Create the login keyring (unlocked, with a password), then reopen it without unlocking.
      expect(
        runMcpoInKeyring(['secret', 'set', 'github-token'], {
          env: h.env,
          cwd: project,
          input: 'ghp_locked_SECRET\n',
        }).code,
      ).toBe(0);
      const locked = [write('locked.sh', `#!/bin/sh\n${LOCKED}\n`)];
      const sentence = [
        'Error: The keyring is locked, so mcpo cannot read or store secrets in it.',
        `Fix: unlock it: log in to the desktop, or (headless, WSL) type its password after \`${UNLOCK_COMMAND}\`, ${OR_ENV}`,
      ];
      const list = inSession([], locked, ['secret', 'list']);
      expect(list.code).toBe(1);
      expect(mcpoLines(list)).toEqual(sentence);
      const set = inSession([], locked, ['secret', 'set', 'github-token'], 'value_locked_SECRET\n');
      expect(set.code).toBe(1);
      expect(mcpoLines(set)).toEqual(sentence);
      for (const r of [list, set])
        expect(r.stdout + r.stderr).not.toMatch(/(ghp|value)_locked_SECRET/);
    });

    test('the printed unlock works on a keyring that D-Bus auto-started (locked): secret list then reads it', () => {
      expect(
        runMcpoInKeyring(['secret', 'set', 'github-token'], {
          env: h.env,
          cwd: project,
          input: 'ghp_auto_SECRET\n',
        }).code,
      ).toBe(0);
      // No daemon is started: mcpo's own call activates gnome-keyring through D-Bus, which finds
      // the login keyring locked. The script runs the command from mcpo's Fix line, as printed,
      // with the password typed on its standard input, then lists again in the same session.
      const script = write(
        'auto.sh',
        `#!/bin/sh
"$@" secret list >first.out 2>first.err
echo "first=$?"
fix=$(grep '^Fix: ' first.err | grep -o '\`[^\`]*gnome-keyring-daemon[^\`]*\`' | tr -d '\`')
printf 'mcpo-test\\n' | bash -c "$fix" >/dev/null 2>&1
"$@" secret list
echo "second=$?"
`,
      );
      const runtime = join(h.home, 'run');
      mkdirSync(runtime, { mode: 0o700 });
      const r = runCommand('dbus-run-session', ['--', script, process.execPath, MCPO_CLI], {
        env: { ...h.env, XDG_RUNTIME_DIR: runtime },
        cwd: project,
        timeoutMs: 60_000,
      });
      expect(r.stdout).toContain('first=1');
      expect(readFileSync(join(project, 'first.err'), 'utf8')).toContain('The keyring is locked');
      expect(r.stdout).toMatch(/github-token +present/);
      expect(r.stdout).toContain('second=0');
      expect(r.stdout + r.stderr).not.toContain('ghp_auto_SECRET');
    }, 90_000);

    test('an item that is not there: rm names it, list marks it missing with the command to set it', () => {
      const rm = runMcpoInKeyring(['secret', 'rm', 'github-token'], { env: h.env, cwd: project });
      expect(rm.code).toBe(1);
      expect(mcpoLines(rm)).toEqual([
        'Error: There is no secret github-token in the keychain.',
        'Fix: see the stored ones with `mcpo secret list`.',
      ]);
      const list = runMcpoInKeyring(['secret', 'list'], { env: h.env, cwd: project });
      expect(list.code).toBe(0);
      expect(list.stdout).toContain(
        'github-token  missing  set it with: mcpo secret set github-token',
      );
    });

    test('a Secret Service that never answers: the timeout sentence, and mcpo exits instead of hanging', () => {
      const started = Date.now();
      const r = inSession([], [write('frozen.sh', `#!/bin/sh\n${FROZEN}\n`)], ['secret', 'list']);
      expect(r.code).toBe(1);
      expect(mcpoLines(r)).toEqual([
        'Error: The OS keychain did not answer within 3 seconds.',
        `Fix: check that your keyring service is running and unlocked, ${OR_ENV}`,
      ]);
      expect(Date.now() - started).toBeLessThan(25_000);
    }, 40_000);
  },
);
