// `mcpo doctor --client codex` on a launcher entry that Codex will start without the launcher's
// variables: written by hand (or by an older mcpo) without env_vars, with the secret only in
// MCPO_SECRET_* of the user's shell and no session bus. The client would only say "handshaking
// with MCP server failed"; doctor must name the entry, the missing variable and the fix, and stop
// complaining once `mcpo apply` has written env_vars. Real files in a temporary home.
import { describe, test, expect, beforeEach, afterEach } from '@jest/globals';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { clientPackagePath } from './helpers/client-clis.js';
import { makeTmpHome, MCPO_CLI, runMcpo, type TmpHome } from './helpers/tmp-home.js';
import { installOrSkip } from './helpers/real-client.js';
import { keyringUnavailableReason, runMcpoInKeyring } from './helpers/keyring.js';
import type { DoctorReport } from '../src/doctor/report.js';

const { skipReason } = installOrSkip('doctor launcher env');
const MEMORY = clientPackagePath('@modelcontextprotocol/server-memory', 'dist', 'index.js');

let h: TmpHome;
let stack = '';
let env: NodeJS.ProcessEnv = {};
beforeEach(() => {
  h = makeTmpHome('mcpo-doctor-launcher-');
  env = {
    ...h.env,
    CODEX_HOME: join(h.home, 'codex'),
    MCPO_SECRET_GH_TOKEN: 'plain-secret-value',
    XDG_RUNTIME_DIR: join(h.home, 'run'),
  };
  delete env.DBUS_SESSION_BUS_ADDRESS;
  mkdirSync(env.CODEX_HOME!);
  mkdirSync(env.XDG_RUNTIME_DIR!);
  stack = join(h.home, 'mcp.stack.yaml');
  writeFileSync(
    stack,
    `version: 1\nservers:\n  gh: { command: node, args: ["${MEMORY}"], env: { TOKEN: "\${secret:gh-token}" } }\nclients:\n  codex: { scope: user, secrets: launcher, servers: [gh] }\n`,
  );
});
afterEach(() => h.cleanup());

const doctor = () =>
  runMcpo(['doctor', '--client', 'codex', '--json', '--timeout', '60'], {
    env,
    cwd: h.home,
    timeoutMs: 120_000,
  });

(skipReason ? describe.skip : describe)(
  'mcpo doctor --client: the environment the client gives a launcher entry',
  () => {
    test('an entry without env_vars is diagnosed: which entry, which variable, no bus, and the fix', () => {
      writeFileSync(
        join(env.CODEX_HOME!, 'config.toml'),
        `[mcp_servers.gh]\ncommand = "${process.execPath}"\nargs = ["${MCPO_CLI}", "run", "gh", "--stack", "${stack}"]\n`,
      );
      const r = doctor();
      expect(r.code).toBe(1);
      const file = (JSON.parse(r.stdout) as DoctorReport).clientFiles.find(
        (f) => f.scope === 'user',
      )!;
      expect(file.ok).toBe(false);
      // Codex does not pass XDG_RUNTIME_DIR either, so only the uid socket is left to try.
      expect(file.warnings).toEqual([
        `Codex starts gh (\`mcpo run gh\`) with only its fixed list and the entry's env_vars, which has no MCPO_SECRET_GH_TOKEN and no session bus (no DBUS_SESSION_BUS_ADDRESS, nothing at /run/user/${process.getuid!()}/bus), so it cannot get its secret: run \`mcpo apply --stack ${stack}\` to write what Codex must pass, or start Codex inside a desktop session`,
      ]);
      expect(r.stdout + r.stderr).not.toContain('plain-secret-value');
    }, 120_000);

    test('after mcpo apply wrote env_vars, the same entry passes', () => {
      expect(
        runMcpo(['apply', '--stack', stack, '--yes', '--force'], { env, cwd: h.home }).code,
      ).toBe(0);
      expect(readFileSync(join(env.CODEX_HOME!, 'config.toml'), 'utf8')).toContain(
        'env_vars = ["DBUS_SESSION_BUS_ADDRESS", "XDG_RUNTIME_DIR", "MCPO_SECRET_GH_TOKEN"]',
      );
      const r = doctor();
      const rep = JSON.parse(r.stdout) as DoctorReport;
      expect(rep.clientFiles.find((f) => f.scope === 'user')).toMatchObject({
        ok: true,
        warnings: [],
      });
      expect(rep.servers.map((s) => [s.server, s.ok])).toEqual([['gh', true]]);
      expect(r.code).toBe(0);
    }, 120_000);
  },
);

const keyringReason = keyringUnavailableReason();
(skipReason || keyringReason ? describe.skip : describe)(
  'mcpo doctor --client gemini-cli: a bus, but the secret only in MCPO_SECRET_*',
  () => {
    // Gemini CLI drops MCPO_SECRET_* (a secret-looking name) but passes the session bus: an entry
    // without mcpo's env mapping reaches the keychain, which does not hold the secret.
    test('an entry without the env mapping is diagnosed; after mcpo apply it passes', () => {
      writeFileSync(
        stack,
        `version: 1\nservers:\n  gh: { command: node, args: ["${MEMORY}"], env: { TOKEN: "\${secret:gh-token}" } }\nclients:\n  gemini-cli: { scope: user, secrets: launcher, servers: [gh] }\n`,
      );
      mkdirSync(join(h.home, '.gemini'));
      const settings = join(h.home, '.gemini', 'settings.json');
      writeFileSync(
        settings,
        JSON.stringify({
          mcpServers: {
            gh: { command: process.execPath, args: [MCPO_CLI, 'run', 'gh', '--stack', stack] },
          },
        }),
      );
      const gem = () =>
        runMcpoInKeyring(['doctor', '--client', 'gemini-cli', '--json', '--timeout', '60'], {
          env,
          cwd: h.home,
        });
      const before = JSON.parse(gem().stdout) as DoctorReport;
      expect(before.clientFiles.find((f) => f.scope === 'user')).toMatchObject({
        ok: false,
        warnings: [
          `Gemini CLI starts gh (\`mcpo run gh\`) with its environment without secret-looking variables, plus the entry's env, which has no MCPO_SECRET_GH_TOKEN, and the keychain has no gh-token: run \`mcpo apply --stack ${stack}\` to write what Gemini CLI must pass, or store it with \`mcpo secret set gh-token --stack ${stack}\``,
        ],
      });
      expect(
        runMcpo(['apply', '--stack', stack, '--yes', '--force'], { env, cwd: h.home }).code,
      ).toBe(0);
      expect(JSON.parse(readFileSync(settings, 'utf8')).mcpServers.gh.env).toMatchObject({
        MCPO_SECRET_GH_TOKEN: '$MCPO_SECRET_GH_TOKEN',
      });
      const after = JSON.parse(gem().stdout) as DoctorReport;
      expect(after.clientFiles.find((f) => f.scope === 'user')).toMatchObject({
        ok: true,
        warnings: [],
      });
    }, 120_000);
  },
);
