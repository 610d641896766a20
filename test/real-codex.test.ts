// End to end against the real Codex CLI (@openai/codex, pinned in test/clients-cli): `mcpo apply`
// writes user ($CODEX_HOME/config.toml) and project (<proj>/.codex/config.toml) scope, then
// `codex mcp list --json` / `codex mcp get NAME --json` must show exactly those servers, and Codex
// itself must connect to them (`codex app-server`, see helpers/codex-app-server.ts).
//
// What Codex CLI 0.169.0 does (observed):
// - It needs no login for any of this; the app-server's thread tries the Responses WebSocket, fails
//   without network, and carries on. It warns on stderr that it will not create PATH helper
//   binaries under /tmp; harmless.
// - The project's .codex/config.toml is read only when the project is trusted, and an untrusted one
//   is skipped silently (no warning, its servers are just missing). Trusting is what the user's
//   answer to Codex's trust prompt records in the user config: `[projects."<abs dir>"]`
//   `trust_level = "trusted"`. No git repository is needed. The test writes that entry by hand.
// - `codex mcp list` and `codex mcp get` do not start servers; `codex app-server`'s
//   `mcpServerStatus/list` for a thread does (initialize + tools/list), so "memory-server" answering
//   with its tools proves the command, args and env reached the process.
// - `codex mcp add` rewrites the whole user config.toml in Codex's own layout (key order, inline
//   tables turned into sub-tables such as `[mcp_servers.x.env]`); mcpo must still see no drift.
// - `url` alone is Streamable HTTP (`"type": "streamable_http"`); there is no SSE.
// Env: CODEX_HOME is a folder inside the temporary home (not ~/.codex) so the test also shows that
// mcpo follows it; OPENAI_API_KEY / CODEX_API_KEY are removed.
import { describe, test, expect, beforeAll, afterAll } from '@jest/globals';
import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseToml } from 'smol-toml';
import { MCPO_CLI } from './helpers/tmp-home.js';
import { codexServerStatus } from './helpers/codex-app-server.js';
import {
  deliveryScene,
  keychainSkip,
  plansAreClean,
  type DeliveryScene,
} from './helpers/real-delivery.js';
import {
  applyScene,
  IN_CI,
  installOrSkip,
  MEMORY_JS,
  planIsClean,
  PROJECT_SERVERS,
  REMOTE_URL,
  runClient,
  USER_SERVERS,
  type Scene,
} from './helpers/real-client.js';

const { binDir, skipReason } = installOrSkip('Codex CLI');
const suite = skipReason ? describe.skip : describe;

/** One server of `codex mcp list --json` / `codex mcp get --json` (fields used here). */
interface CodexServer {
  name: string;
  enabled: boolean;
  transport: {
    type: string;
    command?: string;
    args?: string[];
    env?: Record<string, string> | null;
    url?: string;
  };
}

suite('real Codex CLI reads what mcpo wrote (user and project scope)', () => {
  let scene: Scene;
  let codexHome = '';
  const codex = () => join(binDir, 'codex');
  const list = (cwd: string): Map<string, CodexServer> => {
    const servers = JSON.parse(
      runClient(codex(), ['mcp', 'list', '--json'], { env: scene.tmp.env, cwd }).stdout,
    ) as CodexServer[];
    return new Map(servers.map((s) => [s.name, s]));
  };
  const expectServers = (servers: Map<string, CodexServer>, prefix: string) => {
    expect(servers.get(`${prefix}memory`)?.transport).toMatchObject({
      type: 'stdio',
      command: 'node',
      args: [MEMORY_JS],
      env: null,
    });
    expect(servers.get(`${prefix}withenv`)?.transport).toMatchObject({
      type: 'stdio',
      command: 'node',
      args: [scene.withEnvJs],
      env: { FOO: 'bar' },
    });
    expect(servers.get(`${prefix}remote`)?.transport).toMatchObject({
      type: 'streamable_http',
      url: REMOTE_URL,
    });
    for (const s of ['memory', 'withenv', 'remote'])
      expect(servers.get(`${prefix}${s}`)?.enabled).toBe(true);
  };
  const trustProject = () =>
    appendFileSync(
      join(codexHome, 'config.toml'),
      `\n[projects.${JSON.stringify(scene.project)}]\ntrust_level = "trusted"\n`,
    );

  beforeAll(() => {
    if (!existsSync(MCPO_CLI))
      throw new Error(`${MCPO_CLI} is missing: run \`npm run build\` first (npm test does)`);
    scene = applyScene('codex', 'mcpo-real-codex-', (home) => ({
      CODEX_HOME: join(home, 'codex-home'),
    }));
    codexHome = scene.tmp.env.CODEX_HOME!;
    for (const k of ['OPENAI_API_KEY', 'CODEX_API_KEY', 'OPENAI_BASE_URL']) delete scene.tmp.env[k];
  }, 120_000);

  afterAll(() => scene?.tmp.cleanup());

  test('mcpo wrote both config.toml files, the user one under $CODEX_HOME', () => {
    const read = (f: string) =>
      Object.keys(
        (parseToml(readFileSync(f, 'utf8')) as { mcp_servers: object }).mcp_servers,
      ).sort();
    expect(read(join(codexHome, 'config.toml'))).toEqual(USER_SERVERS);
    expect(read(join(scene.project, '.codex', 'config.toml'))).toEqual(PROJECT_SERVERS);
    expect(existsSync(join(scene.tmp.home, '.codex'))).toBe(false);
  });

  test('user scope: from an unrelated folder, codex lists exactly the user servers', () => {
    const servers = list(scene.elsewhere);
    expect([...servers.keys()].sort()).toEqual(USER_SERVERS);
    expectServers(servers, '');
  }, 120_000);

  test('project scope, untrusted: codex ignores the project file, as it does for any untrusted project', () => {
    expect([...list(scene.project).keys()].sort()).toEqual(USER_SERVERS);
  }, 120_000);

  test('project scope, trusted: in the project folder, codex adds exactly the project servers', () => {
    trustProject();
    const servers = list(scene.project);
    expect([...servers.keys()].sort()).toEqual([...USER_SERVERS, ...PROJECT_SERVERS].sort());
    expectServers(servers, 'proj-');
    expectServers(servers, '');
    const got = JSON.parse(
      runClient(codex(), ['mcp', 'get', 'proj-withenv', '--json'], {
        env: scene.tmp.env,
        cwd: scene.project,
      }).stdout,
    ) as CodexServer;
    expect(got).toMatchObject({
      name: 'proj-withenv',
      enabled: true,
      transport: { command: 'node', args: [scene.withEnvJs], env: { FOO: 'bar' } },
    });
  }, 120_000);

  test('codex connects to every stdio server it was given (withenv exits unless FOO=bar) and fails only the remote one', async () => {
    const status = await codexServerStatus(codex(), {
      env: scene.tmp.env,
      cwd: scene.elsewhere,
      threadCwd: scene.project,
      timeoutMs: 150_000,
    });
    expect(status.map((s) => s.name).sort()).toEqual([...USER_SERVERS, ...PROJECT_SERVERS].sort());
    for (const s of status) {
      if (s.name.endsWith('remote'))
        expect({ name: s.name, connected: s.serverName, failed: typeof s.toolsError }).toEqual({
          name: s.name,
          connected: null,
          failed: 'string',
        });
      else
        expect({
          name: s.name,
          connected: s.serverName,
          error: s.toolsError,
          readGraph: s.tools.includes('read_graph'),
        }).toEqual({ name: s.name, connected: 'memory-server', error: null, readGraph: true });
    }
  }, 180_000);

  test('the trust entry codex needs is not drift: plan shows no changes', () => {
    const r = planIsClean(scene);
    expect({ code: r.code, output: r.stdout + r.stderr }).toMatchObject({ code: 0 });
  });

  test('after `codex mcp add` rewrote the user file in its own layout, plan still shows no changes', () => {
    const before = readFileSync(join(codexHome, 'config.toml'), 'utf8');
    runClient(codex(), ['mcp', 'add', 'by-codex', '--env', 'K=V', '--', 'node', 'other.js'], {
      env: scene.tmp.env,
      cwd: scene.elsewhere,
    });
    const after = readFileSync(join(codexHome, 'config.toml'), 'utf8');
    // Codex rewrote mcpo's entries too (what this test is about): the inline env became a sub-table.
    expect(before).toContain('env = { FOO = "bar" }');
    expect(after).toContain('[mcp_servers.withenv.env]\nFOO = "bar"\n');
    expect(after).toContain('[mcp_servers.by-codex]');
    expect([...list(scene.elsewhere).keys()].sort()).toEqual([...USER_SERVERS, 'by-codex'].sort());
    const r = planIsClean(scene);
    expect({ code: r.code, output: r.stdout + r.stderr }).toMatchObject({ code: 0 });
  }, 120_000);
});

// Every delivery mode, the secret held only in MCPO_SECRET_* and, separately, only in the keychain.
// Codex gives a stdio server only HOME, PATH, LANG, SHELL, TERM, ... and the names in `env_vars`
// (codex-rs DEFAULT_ENV_VARS): mcpo's launcher entry lists what `mcpo run` needs there (the bus
// and the secret's MCPO_SECRET_* variable); `secrets: env` lists the server's own variable.
// Without env_vars Codex reports "handshaking with MCP server failed: connection closed".
for (const source of ['env', 'keychain'] as const) {
  const why = skipReason || (source === 'keychain' ? keychainSkip : undefined);
  if (why && source === 'keychain' && IN_CI && !skipReason)
    throw new Error(`keychain delivery tests cannot run: ${why}`);
  (why ? describe.skip : describe)(
    `real Codex starts every delivery mode, secret only in ${source === 'env' ? 'MCPO_SECRET_*' : 'the keychain'}`,
    () => {
      let d: DeliveryScene;
      beforeAll(() => {
        d = deliveryScene('codex', `mcpo-real-codex-${source}-`, source, {
          env: (home) => ({ CODEX_HOME: join(home, 'codex-home') }),
        });
        for (const k of ['OPENAI_API_KEY', 'CODEX_API_KEY', 'OPENAI_BASE_URL']) delete d.env[k];
      }, 180_000);
      afterAll(() => d?.tmp.cleanup());

      test('inline, env and launcher servers all connect (each exits unless its variable holds the secret)', async () => {
        const status = await codexServerStatus(join(binDir, 'codex'), {
          env: d.env,
          cwd: d.elsewhere,
          threadCwd: d.elsewhere,
          timeoutMs: 150_000,
          wrap: d.wrap,
        });
        expect(
          Object.fromEntries(status.map((s) => [s.name, s.serverName ?? s.toolsError])),
        ).toEqual({
          'd-inline': 'memory-server',
          'd-env': 'memory-server',
          'd-launcher': 'memory-server',
        });
        const file = parseToml(readFileSync(join(d.env.CODEX_HOME!, 'config.toml'), 'utf8')) as {
          mcp_servers: Record<string, { env_vars?: string[] }>;
        };
        expect(file.mcp_servers['d-launcher']?.env_vars).toEqual([
          'DBUS_SESSION_BUS_ADDRESS',
          'XDG_RUNTIME_DIR',
          'MCPO_SECRET_TEST_TOKEN',
        ]);
        expect(file.mcp_servers['d-env']?.env_vars).toEqual(['DELIVERY_TOKEN']);
      }, 180_000);

      test('plan shows no changes for any mode, and mcpo never printed the value', () => {
        expect(plansAreClean(d)).toEqual({ inline: 0, env: 0, launcher: 0 });
        expect(d.mcpoOutput).not.toContain(d.value);
      }, 120_000);
    },
  );
}
