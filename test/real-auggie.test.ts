// End to end against the real Auggie CLI (@augmentcode/auggie 0.36.0, pinned in test/clients-cli):
// `mcpo apply` writes user (~/.augment/settings.json), project (<proj>/.augment/settings.json) and
// local (<proj>/.augment/settings.local.json) scope; `auggie mcp list --json` must show exactly
// those servers with their transport, command line or url.
//
// What 0.36.0 shows (observed): `mcp list --json` prints `{ servers: [{ name, transport, command
// | url, enabled, source }] }` without connecting (so no health check here) and without a login,
// after two warnings on stderr that it cannot fetch the account's servers; `source` is "user"
// for project and local servers too, so scope shows as the folder a server appears in.
// `auggie mcp add` writes `type` always and `env: {}` when there is none.
// Auggie expands `${VAR}` (and `${VAR:-default}`) in env, args and cwd when it starts a server
// (`_expandConfigVariables` in the 0.36.0 bundle). No Auggie command connects without a login,
// so the delivery suites prove what `mcp list --json` shows and what the file holds, not a start.
import { describe, test, expect, beforeAll, afterAll } from '@jest/globals';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { installOrSkip, MEMORY_JS, planIsClean, runClient } from './helpers/real-client.js';
import { applyNpmScene, applyStack, type NpmScene } from './helpers/npm-cli-scene.js';
import { MCPO_CLI } from './helpers/tmp-home.js';
import { describeDelivery, entriesHoldingValue } from './helpers/real-delivery.js';

const { binDir, skipReason } = installOrSkip('Auggie');
const suite = skipReason ? describe.skip : describe;

interface AuggieServer {
  name: string;
  transport: string;
  command?: string;
  url?: string;
  enabled: boolean;
  source: string;
}

suite('real Auggie reads what mcpo wrote (user, project and local scope)', () => {
  let scene: NpmScene;
  const auggie = (args: string[], cwd: string) =>
    runClient(join(binDir, 'auggie'), args, { env: scene.tmp.env, cwd }).stdout;
  const list = (cwd: string): Record<string, AuggieServer> =>
    Object.fromEntries(
      (
        JSON.parse(auggie(['mcp', 'list', '--json'], cwd)) as { servers: AuggieServer[] }
      ).servers.map((s) => [s.name, s]),
    );
  const userFile = () => join(scene.tmp.home, '.augment', 'settings.json');
  const servers = (f: string) =>
    JSON.parse(readFileSync(f, 'utf8')).mcpServers as Record<string, unknown>;

  beforeAll(async () => {
    if (!existsSync(MCPO_CLI))
      throw new Error(`${MCPO_CLI} is missing: run \`npm run build\` first (npm test does)`);
    scene = await applyNpmScene('auggie', { scopes: ['user', 'project', 'local'], sse: true });
  }, 120_000);

  afterAll(() => scene?.cleanup());

  test('mcpo wrote the three files', () => {
    expect(Object.keys(servers(userFile())).sort()).toEqual(scene.servers.user);
    expect(Object.keys(servers(join(scene.project, '.augment', 'settings.json'))).sort()).toEqual(
      scene.servers.project,
    );
    expect(
      Object.keys(servers(join(scene.project, '.augment', 'settings.local.json'))).sort(),
    ).toEqual(scene.servers.local);
  });

  const expectServers = (rows: Record<string, AuggieServer>, prefix: string) => {
    const base = { enabled: true, source: 'user' };
    expect(rows[`${prefix}memory`]).toEqual({
      ...base,
      name: `${prefix}memory`,
      transport: 'stdio',
      command: `node ${MEMORY_JS}`,
    });
    expect(rows[`${prefix}withenv`]).toEqual({
      ...base,
      name: `${prefix}withenv`,
      transport: 'stdio',
      command: `node ${scene.withEnvJs}`,
    });
    expect(rows[`${prefix}remote`]).toEqual({
      ...base,
      name: `${prefix}remote`,
      transport: 'http',
      url: scene.httpUrl,
    });
    expect(rows[`${prefix}events`]).toEqual({
      ...base,
      name: `${prefix}events`,
      transport: 'sse',
      url: scene.sseUrl,
    });
  };

  test('user scope: from an unrelated folder auggie lists exactly the user servers', () => {
    const rows = list(scene.elsewhere);
    expect(Object.keys(rows).sort()).toEqual(scene.servers.user);
    expectServers(rows, '');
  }, 120_000);

  test('project and local scope: in the project exactly their servers are added', () => {
    const rows = list(scene.project);
    expect(Object.keys(rows).sort()).toEqual(
      [...scene.servers.user!, ...scene.servers.project!, ...scene.servers.local!].sort(),
    );
    expectServers(rows, 'proj-');
    expectServers(rows, 'loc-');
  }, 120_000);

  test('what Auggie read is not drift: plan shows no changes', () => {
    const r = planIsClean(scene);
    expect({ code: r.code, output: r.stdout + r.stderr }).toMatchObject({ code: 0 });
  });

  test('a server added with `auggie mcp add` survives mcpo apply, and auggie still lists it', () => {
    auggie(
      ['mcp', 'add', 'mine', '--command', 'node', '--args', scene.withEnvJs, '-e', 'FOO=bar'],
      scene.elsewhere,
    );
    const before = servers(userFile()).mine;
    expect(before).toEqual({
      type: 'stdio',
      command: 'node',
      args: [scene.withEnvJs],
      env: { FOO: 'bar' },
    });
    const apply = applyStack(scene);
    expect({ code: apply.code, output: apply.stdout + apply.stderr }).toMatchObject({ code: 0 });
    expect(servers(userFile()).mine).toEqual(before);
    expect(list(scene.elsewhere).mine).toMatchObject({
      transport: 'stdio',
      command: `node ${scene.withEnvJs}`,
    });
    expect(planIsClean(scene).code).toBe(0);
  }, 120_000);
});

// Every delivery mode: what `auggie mcp list --json` shows, and the file holding the value only
// for inline (env: a `${DELIVERY_TOKEN}` reference; launcher: `mcpo run`). Auggie does not connect here.
describeDelivery('Auggie', 'auggie', skipReason, {}, (d) => {
  test('auggie lists the inline, env and launcher servers; only the inline entry holds the value', () => {
    const out = d().run(join(binDir, 'auggie'), ['mcp', 'list', '--json']).stdout;
    const rows = Object.fromEntries(
      (JSON.parse(out) as { servers: AuggieServer[] }).servers.map((s) => [s.name, s]),
    );
    expect(Object.keys(rows).sort()).toEqual(['d-env', 'd-inline', 'd-launcher']);
    for (const r of Object.values(rows))
      expect(r).toMatchObject({ transport: 'stdio', enabled: true });
    expect(rows['d-env']!.command).toMatch(/^node \S+secret-guard\.mjs DELIVERY_TOKEN$/);
    expect(rows['d-launcher']!.command).toMatch(
      /cli\.cjs run d-launcher --stack \S+launcher\/mcp\.stack\.yaml$/,
    );
    expect(out).not.toContain(d().value);
    const file = JSON.parse(
      readFileSync(join(d().tmp.home, '.augment', 'settings.json'), 'utf8'),
    ).mcpServers;
    expect(file['d-env'].env).toEqual({ DELIVERY_TOKEN: '${DELIVERY_TOKEN}' });
    expect(entriesHoldingValue(d(), file)).toEqual(['d-inline']);
  }, 120_000);
});
