// The keychain store against a real Secret Service (gnome-keyring on a private D-Bus session).
import { describe, test, expect, beforeEach, afterEach } from '@jest/globals';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeTmpHome, runMcpo, type TmpHome } from './helpers/tmp-home.js';
import { keyringUnavailableReason, runMcpoInKeyring } from './helpers/keyring.js';

const reason = keyringUnavailableReason();
const STACK = `version: 1
secrets_namespace: team
servers:
  gh:
    command: npx
    args: [-y, server-gh]
    env: { TOKEN: "\${secret:github-token}", KEY: "\${secret:api.key}" }
clients:
  claude-code: { servers: [gh] }
`;

if (reason && process.env.CI === 'true') {
  test('a real Secret Service is available (required under CI=true)', () => {
    throw new Error(`keychain tests cannot run: ${reason}`);
  });
}

(reason ? describe.skip : describe)(
  `keychain store${reason ? ` (skipped: ${reason})` : ''}`,
  () => {
    let h: TmpHome;
    let project: string;
    const mcpo = (args: string[], input?: string, env: NodeJS.ProcessEnv = h.env) =>
      runMcpoInKeyring(args, { env, cwd: project, ...(input !== undefined ? { input } : {}) });
    beforeEach(() => {
      h = makeTmpHome();
      project = join(h.home, 'p');
      mkdirSync(project);
      mkdirSync(join(h.home, '.claude'));
      writeFileSync(join(project, 'mcp.stack.yaml'), STACK);
    });
    afterEach(() => h.cleanup());

    test('set (piped), list and rm round trip, under the stack namespace; values never printed', () => {
      // One keyring session per command; the same HOME and password reopen the same keyring.
      const set = mcpo(['secret', 'set', 'github-token'], 'ghp_roundtrip_value\n');
      expect(set).toMatchObject({ code: 0 });
      expect(set.stderr).toContain('Stored github-token in the keychain (namespace team).');
      expect(mcpo(['secret', 'set', 'stray'], 'stray_value').code).toBe(0);
      const list = mcpo(['secret', 'list']);
      expect(list.code).toBe(0);
      expect(list.stdout).toMatch(/github-token\s+present\s+keychain/);
      expect(list.stdout).toMatch(/api\.key\s+missing\s+set it with: mcpo secret set api\.key/);
      expect(list.stdout).toMatch(/referenced by nothing in this stack:\n\s+stray\s+present/);
      expect(list.stdout + list.stderr).not.toMatch(/ghp_roundtrip_value|stray_value/);
      expect(mcpo(['secret', 'rm', 'stray']).code).toBe(0);
      expect(mcpo(['secret', 'list']).stdout).not.toContain('stray');
      const again = mcpo(['secret', 'rm', 'stray']);
      expect(again.code).toBe(1);
      expect(again.stderr).toContain('There is no secret stray in the keychain (namespace team).');
    }, 30_000);

    test('a piped value loses one trailing newline only, and is what apply writes', () => {
      expect(mcpo(['secret', 'set', 'github-token'], 'line one\n').code).toBe(0);
      expect(mcpo(['secret', 'set', 'api.key'], 'key-value\n').code).toBe(0);
      expect(mcpo(['apply', '--yes']).code).toBe(0);
      const env = JSON.parse(readFileSync(join(h.home, '.claude.json'), 'utf8')).mcpServers.gh.env;
      expect(env).toEqual({ TOKEN: 'line one', KEY: 'key-value' });
    }, 30_000);

    test('MCPO_SECRET_<NAME> overrides the keychain, and list says so', () => {
      expect(mcpo(['secret', 'set', 'github-token'], 'from-keychain').code).toBe(0);
      expect(mcpo(['secret', 'set', 'api.key'], 'key-from-keychain').code).toBe(0);
      const env = { ...h.env, MCPO_SECRET_GITHUB_TOKEN: 'from-env' };
      const list = mcpo(['secret', 'list'], undefined, env);
      expect(list.stdout).toMatch(
        /github-token\s+present\s+env MCPO_SECRET_GITHUB_TOKEN \(overrides the keychain\)/,
      );
      expect(list.stdout).toMatch(/api\.key\s+present\s+keychain/);
      expect(mcpo(['apply', '--yes'], undefined, env).code).toBe(0);
      const written = JSON.parse(readFileSync(join(h.home, '.claude.json'), 'utf8')).mcpServers.gh
        .env;
      expect(written).toEqual({ TOKEN: 'from-env', KEY: 'key-from-keychain' });
    }, 30_000);

    test('plan does not need the keychain when every secret is in the environment', () => {
      const env: NodeJS.ProcessEnv = {
        ...h.env,
        MCPO_SECRET_GITHUB_TOKEN: 'a',
        MCPO_SECRET_API_KEY: 'b',
      };
      delete env.DBUS_SESSION_BUS_ADDRESS;
      const r = runMcpo(['plan'], { env, cwd: project });
      expect(r).toMatchObject({ code: 0, stderr: '' });
    });

    test('without a session bus: one sentence with the fix, exit 1', () => {
      const env: NodeJS.ProcessEnv = { ...h.env };
      delete env.DBUS_SESSION_BUS_ADDRESS;
      const r = runMcpo(['secret', 'set', 'github-token'], {
        env,
        cwd: project,
        input: 'never-shown',
      });
      expect(r.code).toBe(1);
      expect(r.stderr).toBe(
        'Error: There is no D-Bus session bus (DBUS_SESSION_BUS_ADDRESS is not set), so the Secret Service keychain cannot be reached.\n' +
          'Fix: run mcpo inside a desktop session or under `dbus-run-session`, or provide the secret as MCPO_SECRET_<NAME> in the environment.\n',
      );
      const gone = runMcpo(['secret', 'list'], {
        env: { ...env, DBUS_SESSION_BUS_ADDRESS: `unix:path=${join(h.home, 'no-such-bus')}` },
        cwd: project,
      });
      expect(gone.code).toBe(1);
      expect(gone.stderr).toMatch(
        /^Error: The D-Bus session bus at unix:path=.* is gone, so the Secret Service keychain cannot be reached\.\nFix: /,
      );
      const apply = runMcpo(['apply', '--yes'], { env, cwd: project });
      expect(apply.code).toBe(1);
      expect(apply.stderr).toMatch(
        /No value for secrets api\.key, github-token \(the keychain could not be read: There is no D-Bus session bus/,
      );
      expect(apply.stderr).toContain('`mcpo secret set api.key`, `mcpo secret set github-token`');
      expect(existsSync(join(h.home, '.claude.json'))).toBe(false);
    });

    test('mcpo run gives the server its keychain secrets (and MCPO_SECRET_* wins over the keychain)', () => {
      expect(mcpo(['secret', 'set', 'github-token'], 'ghp_from_keychain\n').code).toBe(0);
      expect(mcpo(['secret', 'set', 'api.key'], 'key_from_keychain\n').code).toBe(0);
      // The server exits 0 only when it sees both values; its code is mcpo run's.
      const check =
        'process.exit(process.env.TOKEN === process.argv[1] && process.env.KEY === "key_from_keychain" ? 0 : 3)';
      writeFileSync(
        join(project, 'mcp.stack.yaml'),
        STACK.replace('command: npx', `command: ${JSON.stringify(process.execPath)}`).replace(
          'args: [-y, server-gh]',
          `args: [-e, ${JSON.stringify(check)}, ghp_from_keychain]`,
        ),
      );
      expect(mcpo(['run', 'gh', '--stack', 'mcp.stack.yaml'])).toMatchObject({
        code: 0,
        stdout: '',
        stderr: '',
      });
      expect(
        mcpo(['run', 'gh', '--stack', 'mcp.stack.yaml'], undefined, {
          ...h.env,
          MCPO_SECRET_GITHUB_TOKEN: 'ghp_from_env',
        }).code,
      ).toBe(3);
    }, 30_000);

    test('files receiving values are private (0600)', () => {
      expect(mcpo(['secret', 'set', 'github-token'], 'v1').code).toBe(0);
      expect(mcpo(['secret', 'set', 'api.key'], 'v2').code).toBe(0);
      expect(mcpo(['apply', '--yes']).code).toBe(0);
      expect(statSync(join(h.home, '.claude.json')).mode & 0o777).toBe(0o600);
      expect(mcpo(['plan']).stdout).toContain('No changes.');
    }, 30_000);
  },
);
