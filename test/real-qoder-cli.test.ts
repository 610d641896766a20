// End to end against the real Qoder CLI (@qoder-ai/qodercli 1.1.52, pinned in test/clients-cli):
// `mcpo apply` writes user (~/.qoder/settings.json), project (<proj>/.mcp.json) and local
// (<proj>/.qoder/settings.local.json) scope; `qodercli mcp list` must show exactly those servers
// and connect the stdio ones, and `qodercli mcp get` must show each one's fields and file.
//
// Pinned: 1.1.52 runs on Node 20. It depends on @crosscopy/clipboard 0.3.6, whose darwin and
// win32 platform packages the registry does not have at that version; `npm ci` needs a lock entry
// for each, so test/clients-cli/package.json overrides them to versions that exist (none of them
// installs on Linux). What 1.1.52 shows (observed): `mcp list` prints
// `<mark> name: <command args | url> (<type>) - <status>` and connects; project `.mcp.json`
// servers are listed without an approval step; no login is needed. It expands `${VAR}` and `$VAR`
// in a server's env from its own environment (mcpo writes `${VAR}`, valid for Claude Code too).
// The project file is also Claude Code's: with both clients on it, the file's several readers
// (issue 12 section 2) are planned elsewhere; here Qoder is its only target.
import { describe, test, expect, beforeAll, afterAll } from '@jest/globals';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { installOrSkip, parseGeminiList, planIsClean, runClient } from './helpers/real-client.js';
import { applyNpmScene, applyStack, type NpmScene } from './helpers/npm-cli-scene.js';
import { MCPO_CLI } from './helpers/tmp-home.js';
import { describeDelivery, entriesHoldingValue } from './helpers/real-delivery.js';

const { binDir, skipReason } = installOrSkip('Qoder CLI');
const suite = skipReason ? describe.skip : describe;

suite('real Qoder CLI reads what mcpo wrote (user, project and local scope)', () => {
  let scene: NpmScene;
  const qoder = (args: string[], cwd: string) =>
    runClient(join(binDir, 'qodercli'), args, { env: scene.tmp.env, cwd }).stdout;
  const list = (cwd: string) => parseGeminiList(qoder(['mcp', 'list'], cwd));
  const files = () => ({
    user: join(scene.tmp.home, '.qoder', 'settings.json'),
    project: join(scene.project, '.mcp.json'),
    local: join(scene.project, '.qoder', 'settings.local.json'),
  });
  const servers = (f: string) =>
    JSON.parse(readFileSync(f, 'utf8')).mcpServers as Record<string, unknown>;

  beforeAll(async () => {
    if (!existsSync(MCPO_CLI))
      throw new Error(`${MCPO_CLI} is missing: run \`npm run build\` first (npm test does)`);
    scene = await applyNpmScene('qoder-cli', { scopes: ['user', 'project', 'local'], sse: true });
  }, 120_000);

  afterAll(() => scene?.cleanup());

  test('mcpo wrote the three files', () => {
    for (const [scope, f] of Object.entries(files()))
      expect(Object.keys(servers(f)).sort()).toEqual(scene.servers[scope as 'user']);
  });

  test('user scope: from an unrelated folder qodercli lists exactly the user servers and connects the stdio ones', () => {
    const rows = list(scene.elsewhere);
    expect([...rows.keys()].sort()).toEqual(scene.servers.user);
    expect(rows.get('withenv')).toEqual({
      target: `node ${scene.withEnvJs}`,
      transport: 'stdio',
      status: expect.stringMatching(/^Connected/),
    });
    expect(rows.get('memory')!.status).toMatch(/^Connected/);
    // The real Streamable HTTP and SSE servers (server-everything): url and transport were right.
    expect(rows.get('remote')).toEqual({
      target: scene.httpUrl,
      transport: 'http',
      status: expect.stringMatching(/^Connected/),
    });
    expect(rows.get('events')).toEqual({
      target: scene.sseUrl,
      transport: 'sse',
      status: expect.stringMatching(/^Connected/),
    });
  }, 120_000);

  test('project and local scope: in the project exactly their servers are added, each from its file', () => {
    const rows = list(scene.project);
    const all = [...scene.servers.user!, ...scene.servers.project!, ...scene.servers.local!].sort();
    expect([...rows.keys()].sort()).toEqual(all);
    for (const name of ['proj-withenv', 'loc-withenv'])
      expect(rows.get(name)!.status).toMatch(/^Connected/);
    const proj = qoder(['mcp', 'get', 'proj-remote'], scene.project);
    expect(proj).toContain(`Location: ${files().project}`);
    expect(proj).toContain('Type: http');
    expect(proj).toContain(`URL: ${scene.httpUrl}`);
    expect(proj).toContain('Status: ✓ Connected');
    expect(proj).toMatch(/Headers:\s+X-Api-Key: k-123/);
    const local = qoder(['mcp', 'get', 'loc-withenv'], scene.project);
    expect(local).toContain(`Location: ${files().local}`);
    expect(local).toContain(`Args: ${scene.withEnvJs}`);
    expect(local).toMatch(/Environment:\s+FOO=bar/);
  }, 120_000);

  test('what Qoder read is not drift: plan shows no changes', () => {
    const r = planIsClean(scene);
    expect({ code: r.code, output: r.stdout + r.stderr }).toMatchObject({ code: 0 });
  });

  test('a server added with `qodercli mcp add` survives mcpo apply, and qodercli still lists it', () => {
    qoder(
      ['mcp', 'add', '-s', 'user', 'mine', 'node', scene.withEnvJs, '-e', 'FOO=bar'],
      scene.elsewhere,
    );
    const before = servers(files().user).mine;
    expect(before).toMatchObject({ command: 'node', args: [scene.withEnvJs], env: { FOO: 'bar' } });
    const apply = applyStack(scene);
    expect({ code: apply.code, output: apply.stdout + apply.stderr }).toMatchObject({ code: 0 });
    expect(servers(files().user).mine).toEqual(before);
    expect(list(scene.elsewhere).get('mine')!.status).toMatch(/^Connected/);
    expect(planIsClean(scene).code).toBe(0);
  }, 120_000);
});

// Every delivery mode: `qodercli mcp list` connects, and each server exits unless its variable
// holds the secret, so `Connected` proves the value reached it.
describeDelivery('Qoder CLI', 'qoder-cli', skipReason, {}, (d) => {
  test('inline, env (`${DELIVERY_TOKEN}`) and launcher servers are all Connected', () => {
    const rows = parseGeminiList(d().run(join(binDir, 'qodercli'), ['mcp', 'list']).stdout);
    expect(Object.fromEntries([...rows].map(([n, r]) => [n, r.status.split(' ')[0]]))).toEqual({
      'd-inline': 'Connected',
      'd-env': 'Connected',
      'd-launcher': 'Connected',
    });
    const file = JSON.parse(
      readFileSync(join(d().tmp.home, '.qoder', 'settings.json'), 'utf8'),
    ).mcpServers;
    expect(file['d-env'].env).toEqual({ DELIVERY_TOKEN: '${DELIVERY_TOKEN}' });
    expect(entriesHoldingValue(d(), file)).toEqual(['d-inline']);
  }, 120_000);
});
