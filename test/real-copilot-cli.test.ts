// End to end against the real GitHub Copilot CLI (@github/copilot, pinned in test/clients-cli):
// `mcpo apply` writes user (~/.copilot/mcp-config.json) and project (<proj>/.github/mcp.json)
// scope, then `copilot mcp list` / `copilot mcp list --json` / `copilot mcp get` must show exactly
// those servers, with their source. Copilot's `mcp list` does not connect to the servers.
//
// What Copilot CLI 1.0.102 shows (observed):
// - Workspace servers (`.mcp.json`, `.github/mcp.json`) are only loaded in a trusted folder: what
//   the trust prompt records is ~/.copilot/config.json `{ "trusted_folders": ["<abs dir>"] }`.
//   Untrusted, `mcp list` silently shows the user servers only. No git repository is needed.
// - The npm package runs a native single-executable binary (@github/copilot-linux-x64) that
//   unpacks ~235 MB of JavaScript into $COPILOT_PKG_CACHE_HOME/pkg (default ~/.cache/copilot/pkg)
//   on first run; the tests point that at one folder in the install cache so it happens once.
// - `--json` prints the merged config with `source` ("user", "workspace"), `enabled`, and for
//   workspace servers `sourcePath`, per server.
// Env: COPILOT_AUTO_UPDATE=false, COPILOT_PKG_CACHE_HOME (above); COPILOT_HOME, GH_TOKEN,
// GITHUB_TOKEN, COPILOT_GITHUB_TOKEN and COPILOT_ALLOW_ALL removed. No login is needed.
// No Copilot command starts a server without a login (tried with 1.0.102: `-p` stops at the
// login check before any MCP server starts, with a made-up token too; `--acp` answers session/new
// with "Authentication required"; `mcp` has only list/get/add/remove/enable/disable, none
// connects; `--log-level all` shows no server start). So delivery is proven by what `mcp list
// --json` shows and what the file holds; `secrets: env` is a plan error (no reference syntax known).
import { describe, test, expect, beforeAll, afterAll } from '@jest/globals';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { MCPO_CLI } from './helpers/tmp-home.js';
import { describeDelivery, entriesHoldingValue, planEnvMode } from './helpers/real-delivery.js';
import {
  applyScene,
  installOrSkip,
  MEMORY_JS,
  parseCopilotGroups,
  planIsClean,
  PROJECT_SERVERS,
  REMOTE_URL,
  runClient,
  SHARED_CACHE,
  USER_SERVERS,
  type Scene,
} from './helpers/real-client.js';

const { binDir, skipReason } = installOrSkip('Copilot CLI');
const suite = skipReason ? describe.skip : describe;

interface CopilotServer {
  type: string;
  command?: string;
  args?: string[];
  env?: Record<string, string>;
  url?: string;
  tools?: string[];
  source: string;
  sourcePath?: string;
  enabled: boolean;
}

suite('real Copilot CLI reads what mcpo wrote (user and project scope)', () => {
  let scene: Scene;
  let env: NodeJS.ProcessEnv = {};
  const copilot = (args: string[], cwd: string) =>
    runClient(join(binDir, 'copilot'), args, { env, cwd }).stdout;
  const listJson = (cwd: string) =>
    (
      JSON.parse(copilot(['mcp', 'list', '--json'], cwd)) as {
        mcpServers: Record<string, CopilotServer>;
      }
    ).mcpServers;

  beforeAll(() => {
    if (!existsSync(MCPO_CLI))
      throw new Error(`${MCPO_CLI} is missing: run \`npm run build\` first (npm test does)`);
    scene = applyScene('copilot-cli', 'mcpo-real-copilot-');
    env = {
      ...scene.tmp.env,
      COPILOT_AUTO_UPDATE: 'false',
      COPILOT_PKG_CACHE_HOME: join(SHARED_CACHE, 'copilot'),
    };
    for (const k of [
      'COPILOT_HOME',
      'COPILOT_CACHE_HOME',
      'GH_TOKEN',
      'GITHUB_TOKEN',
      'COPILOT_GITHUB_TOKEN',
      'COPILOT_ALLOW_ALL',
    ])
      delete env[k];
  }, 120_000);

  afterAll(() => scene?.tmp.cleanup());

  test('mcpo wrote both files', () => {
    const read = (f: string) =>
      Object.keys(JSON.parse(readFileSync(f, 'utf8')).mcpServers ?? {}).sort();
    expect(read(join(scene.tmp.home, '.copilot', 'mcp-config.json'))).toEqual(USER_SERVERS);
    expect(read(join(scene.project, '.github', 'mcp.json'))).toEqual(PROJECT_SERVERS);
  });

  const expectServers = (
    servers: Record<string, CopilotServer>,
    prefix: string,
    source: string,
  ) => {
    const base = {
      tools: ['*'],
      source,
      enabled: true,
      ...(source === 'workspace' ? { sourcePath: join(scene.project, '.github', 'mcp.json') } : {}),
    };
    expect(servers[`${prefix}memory`]).toEqual({
      ...base,
      type: 'local',
      command: 'node',
      args: [MEMORY_JS],
    });
    expect(servers[`${prefix}withenv`]).toEqual({
      ...base,
      type: 'local',
      command: 'node',
      args: [scene.withEnvJs],
      env: { FOO: 'bar' },
    });
    expect(servers[`${prefix}remote`]).toEqual({ ...base, type: 'http', url: REMOTE_URL });
  };

  test('user scope: from an unrelated folder, copilot lists exactly the user servers', () => {
    const servers = listJson(scene.elsewhere);
    expect(Object.keys(servers).sort()).toEqual(USER_SERVERS);
    expectServers(servers, '', 'user');
    expect(parseCopilotGroups(copilot(['mcp', 'list'], scene.elsewhere))).toEqual({
      User: { memory: 'local', withenv: 'local', remote: 'http' },
    });
  }, 120_000);

  test('project scope: untrusted, .github/mcp.json is not loaded; trusted, exactly its servers are added', () => {
    expect(Object.keys(listJson(scene.project)).sort()).toEqual(USER_SERVERS);

    writeFileSync(
      join(scene.tmp.home, '.copilot', 'config.json'),
      JSON.stringify({ trusted_folders: [scene.project] }, null, 2),
    );
    const servers = listJson(scene.project);
    expect(Object.keys(servers).sort()).toEqual([...USER_SERVERS, ...PROJECT_SERVERS].sort());
    expectServers(servers, 'proj-', 'workspace');
    expectServers(servers, '', 'user');
    expect(parseCopilotGroups(copilot(['mcp', 'list'], scene.project))).toEqual({
      User: { memory: 'local', withenv: 'local', remote: 'http' },
      Workspace: { 'proj-memory': 'local', 'proj-withenv': 'local', 'proj-remote': 'http' },
    });
    const get = copilot(['mcp', 'get', 'proj-remote'], scene.project);
    expect(get).toContain(`URL: ${REMOTE_URL}`);
    expect(get).toContain(`Source: Workspace (${join(scene.project, '.github', 'mcp.json')})`);
  }, 120_000);

  test('what Copilot CLI itself wrote is not drift: plan shows no changes', () => {
    const r = planIsClean(scene);
    expect({ code: r.code, output: r.stdout + r.stderr }).toMatchObject({ code: 0 });
  });
});

describeDelivery(
  'Copilot CLI',
  'copilot-cli',
  skipReason,
  {
    modes: ['inline', 'launcher'],
    prepare: (d) => {
      Object.assign(d.env, {
        COPILOT_AUTO_UPDATE: 'false',
        COPILOT_PKG_CACHE_HOME: join(SHARED_CACHE, 'copilot'),
      });
      for (const k of [
        'COPILOT_HOME',
        'COPILOT_CACHE_HOME',
        'GH_TOKEN',
        'GITHUB_TOKEN',
        'COPILOT_GITHUB_TOKEN',
        'COPILOT_ALLOW_ALL',
      ])
        delete d.env[k];
    },
  },
  (d) => {
    test('copilot lists the inline and launcher servers; only the inline entry holds the value', () => {
      const out = d().run(join(binDir, 'copilot'), ['mcp', 'list', '--json']).stdout;
      const servers = (JSON.parse(out) as { mcpServers: Record<string, CopilotServer> }).mcpServers;
      expect(Object.keys(servers).sort()).toEqual(['d-inline', 'd-launcher']);
      expect(servers['d-inline']).toMatchObject({
        type: 'local',
        command: 'node',
        source: 'user',
        enabled: true,
      });
      expect(servers['d-launcher']).toMatchObject({ type: 'local', source: 'user', enabled: true });
      expect(servers['d-launcher']!.args!.slice(-4)).toEqual([
        'run',
        'd-launcher',
        '--stack',
        join(d().tmp.home, 'stacks', 'launcher', 'mcp.stack.yaml'),
      ]);
      const file = JSON.parse(
        readFileSync(join(d().tmp.home, '.copilot', 'mcp-config.json'), 'utf8'),
      ).mcpServers;
      expect(entriesHoldingValue(d(), file)).toEqual(['d-inline']);
    }, 120_000);

    test('`secrets: env` is a plan error naming Copilot CLI and the fix', () => {
      const r = planEnvMode(d(), 'copilot-cli');
      expect(r.code).toBe(1);
      expect(r.stderr).toContain(
        'copilot-cli has no syntax for reading a secret from an environment variable',
      );
    }, 60_000);
  },
);
