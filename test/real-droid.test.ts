// End to end against the real Factory droid CLI: `mcpo apply` writes user (~/.factory/mcp.json) and
// project (<proj>/.factory/mcp.json) scope, then `droid mcp list` must show exactly those servers
// with their transport and scope, and connect to the stdio ones.
//
// Pinned: @factory/cli-linux-x64 0.225.2, the platform package itself (its `bin/droid` is the
// whole CLI). The wrapper @factory/cli is at 0.225.1 and names platform packages 0.225.1 that the
// registry does not have, so `npm ci` of the wrapper fails; the platform package installs alone.
// What droid 0.225.2 shows (observed): `droid mcp list` connects to every enabled server, prints
// `  name  type  status  [user|project]`, lists project servers only inside the project (no trust
// prompt), and needs no login. It expands `${VAR}` (not `$VAR`) in a server's env from its own
// environment, and passes its whole environment to stdio servers. The remote servers are real (server-everything), so they connect. `droid mcp add` writes `type` and `disabled: false`.
import { describe, test, expect, beforeAll, afterAll } from '@jest/globals';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { clientPackagePath } from './helpers/client-clis.js';
import { installOrSkip, planIsClean, runClient } from './helpers/real-client.js';
import { applyNpmScene, applyStack, type NpmScene } from './helpers/npm-cli-scene.js';
import { MCPO_CLI } from './helpers/tmp-home.js';
import { describeDelivery, entriesHoldingValue } from './helpers/real-delivery.js';

const DROID = clientPackagePath('@factory/cli-linux-x64', 'bin', 'droid');
const { skipReason } = installOrSkip('Factory droid', () =>
  existsSync(DROID) ? undefined : `${DROID} is not installed (Linux x64 only)`,
);
const suite = skipReason ? describe.skip : describe;

interface Row {
  type: string;
  status: string;
  scope: string;
}

/** `  name  type  status  [scope]` rows of `droid mcp list`. */
function parseList(out: string): Record<string, Row> {
  const rows: Record<string, Row> = {};
  for (const line of out.split('\n')) {
    const m = /^ {2}([A-Za-z0-9][\w.-]*) {2}(\w+) {2}(.+?) {2}\[(\w+)\]\s*$/.exec(line);
    if (m) rows[m[1]!] = { type: m[2]!, status: m[3]!, scope: m[4]! };
  }
  return rows;
}

suite('real Factory droid reads what mcpo wrote (user and project scope)', () => {
  let scene: NpmScene;
  const droid = (args: string[], cwd: string) =>
    runClient(DROID, args, { env: scene.tmp.env, cwd }).stdout;
  const list = (cwd: string) => parseList(droid(['mcp', 'list'], cwd));
  const file = (scope: 'user' | 'project') =>
    join(scope === 'user' ? scene.tmp.home : scene.project, '.factory', 'mcp.json');

  beforeAll(async () => {
    if (!existsSync(MCPO_CLI))
      throw new Error(`${MCPO_CLI} is missing: run \`npm run build\` first (npm test does)`);
    scene = await applyNpmScene('droid', { scopes: ['user', 'project'], sse: true });
  }, 120_000);

  afterAll(() => scene?.cleanup());

  test("mcpo wrote both files in droid's own form", () => {
    const user = JSON.parse(readFileSync(file('user'), 'utf8')).mcpServers;
    expect(Object.keys(user).sort()).toEqual(scene.servers.user);
    expect(user.withenv).toEqual({
      type: 'stdio',
      command: 'node',
      args: [scene.withEnvJs],
      env: { FOO: 'bar' },
    });
    expect(user.remote).toEqual({
      type: 'http',
      url: scene.httpUrl,
      headers: { 'X-Api-Key': 'k-123' },
    });
    expect(user.events).toEqual({ type: 'sse', url: scene.sseUrl });
    expect(
      Object.keys(JSON.parse(readFileSync(file('project'), 'utf8')).mcpServers).sort(),
    ).toEqual(scene.servers.project);
  });

  test('user scope: from an unrelated folder droid lists exactly the user servers and connects the stdio ones', () => {
    const rows = list(scene.elsewhere);
    expect(Object.keys(rows).sort()).toEqual(scene.servers.user);
    expect(rows.memory).toEqual({ type: 'stdio', status: 'connected', scope: 'user' });
    // withenv exits unless FOO=bar reached it: connected means the env block was applied.
    expect(rows.withenv).toEqual({ type: 'stdio', status: 'connected', scope: 'user' });
    // The real Streamable HTTP and SSE servers: connected means url and transport were right.
    expect(rows.remote).toEqual({ type: 'http', status: 'connected', scope: 'user' });
    expect(rows.events).toEqual({ type: 'sse', status: 'connected', scope: 'user' });
  }, 120_000);

  test('project scope: in the project droid adds exactly the project servers, labelled [project]', () => {
    const rows = list(scene.project);
    expect(Object.keys(rows).sort()).toEqual(
      [...scene.servers.user!, ...scene.servers.project!].sort(),
    );
    for (const name of scene.servers.project!) expect(rows[name]!.scope).toBe('project');
    expect(rows['proj-withenv']).toEqual({ type: 'stdio', status: 'connected', scope: 'project' });
    expect(rows['proj-remote']).toEqual({ type: 'http', status: 'connected', scope: 'project' });
    expect(rows['proj-events']).toEqual({ type: 'sse', status: 'connected', scope: 'project' });
  }, 120_000);

  test('what droid read is not drift: plan shows no changes', () => {
    const r = planIsClean(scene);
    expect({ code: r.code, output: r.stdout + r.stderr }).toMatchObject({ code: 0 });
  });

  test('a server added with `droid mcp add` survives mcpo apply, and droid still lists it', () => {
    droid(['mcp', 'add', '--env', 'FOO=bar', 'mine', 'node', scene.withEnvJs], scene.elsewhere);
    const before = JSON.parse(readFileSync(file('user'), 'utf8')).mcpServers.mine;
    expect(before).toMatchObject({ type: 'stdio', command: 'node', env: { FOO: 'bar' } });
    const apply = applyStack(scene);
    expect({ code: apply.code, output: apply.stdout + apply.stderr }).toMatchObject({ code: 0 });
    expect(JSON.parse(readFileSync(file('user'), 'utf8')).mcpServers.mine).toEqual(before);
    expect(list(scene.elsewhere).mine).toEqual({
      type: 'stdio',
      status: 'connected',
      scope: 'user',
    });
    expect(planIsClean(scene).code).toBe(0);
  }, 120_000);
});

// Every delivery mode: `droid mcp list` connects, and each server exits unless its variable holds
// the secret, so `connected` proves the value reached it.
describeDelivery('Factory droid', 'droid', skipReason, {}, (d) => {
  test('inline, env (`${DELIVERY_TOKEN}`) and launcher servers are all connected', () => {
    const rows = parseList(d().run(DROID, ['mcp', 'list']).stdout);
    expect(rows).toEqual(
      Object.fromEntries(
        ['d-inline', 'd-env', 'd-launcher'].map((n) => [
          n,
          { type: 'stdio', status: 'connected', scope: 'user' },
        ]),
      ),
    );
    const file = JSON.parse(
      readFileSync(join(d().tmp.home, '.factory', 'mcp.json'), 'utf8'),
    ).mcpServers;
    expect(file['d-env'].env).toEqual({ DELIVERY_TOKEN: '${DELIVERY_TOKEN}' });
    expect(entriesHoldingValue(d(), file)).toEqual(['d-inline']);
  }, 120_000);
});
