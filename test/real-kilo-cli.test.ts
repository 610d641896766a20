// End to end against the real Kilo CLI: `mcpo apply` writes user ($XDG_CONFIG_HOME/kilo/kilo.jsonc)
// and project (<proj>/opencode.json, the file opencode reads too) scope in opencode's dialect; then
// `kilo mcp list` must show exactly those servers and connect to the stdio ones.
//
// Pinned: @kilocode/cli-linux-x64 7.7.7, the platform package itself (`bin/kilo` is the whole
// CLI). The wrapper @kilocode/cli names a dozen platform packages per version, most of which the
// registry does not have, so `npm ci` of the wrapper cannot work; 7.7.7 is the newest version whose
// Linux x64 package is there.
// What 7.7.7 shows (observed): `kilo mcp list` needs no login, connects to every server and
// prints `●  <✓|✗> name <status>` with `│  <command or url>` under it, like opencode. On its first
// run it rewrites the user file: adds `"$schema"` (first) and `"permission": { "bash": "allow" }`
// and re-indents the servers; comments survive. `kilo mcp add NAME --url URL --header K=V` writes
// a remote server to the user file without asking anything. It expands opencode's `{env:VAR}`
// (not `${VAR}` or `$VAR`) and passes its whole environment to stdio servers.
// The project file is also opencode's: with both clients on it, the file's several readers
// (issue 12 section 2) are planned elsewhere; here Kilo is its only target.
import { describe, test, expect, beforeAll, afterAll } from '@jest/globals';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseJsonc } from 'jsonc-parser';
import { clientPackagePath } from './helpers/client-clis.js';
import {
  installOrSkip,
  MEMORY_JS,
  parseOpencodeList,
  planIsClean,
  runClient,
} from './helpers/real-client.js';
import { applyNpmScene, applyStack, type NpmScene } from './helpers/npm-cli-scene.js';
import { MCPO_CLI } from './helpers/tmp-home.js';
import { describeDelivery, entriesHoldingValue } from './helpers/real-delivery.js';

const KILO = clientPackagePath('@kilocode/cli-linux-x64', 'bin', 'kilo');
const { skipReason } = installOrSkip('Kilo CLI', () =>
  existsSync(KILO) ? undefined : `${KILO} is not installed (Linux x64 only)`,
);
const suite = skipReason ? describe.skip : describe;

const readMcp = (f: string) =>
  (parseJsonc(readFileSync(f, 'utf8')) as { mcp: Record<string, unknown> }).mcp;

suite('real Kilo CLI reads what mcpo wrote (user and project scope)', () => {
  let scene: NpmScene;
  const kilo = (args: string[], cwd: string) =>
    runClient(KILO, args, { env: scene.tmp.env, cwd }).stdout;
  const list = (cwd: string) => parseOpencodeList(kilo(['mcp', 'list'], cwd));
  const userFile = () => join(scene.tmp.home, '.config', 'kilo', 'kilo.jsonc');
  const servers = (f: string) =>
    (parseJsonc(readFileSync(f, 'utf8')) as { mcp: Record<string, unknown> }).mcp;

  beforeAll(async () => {
    if (!existsSync(MCPO_CLI))
      throw new Error(`${MCPO_CLI} is missing: run \`npm run build\` first (npm test does)`);
    scene = await applyNpmScene('kilo-cli', { scopes: ['user', 'project'], sse: true });
  }, 120_000);

  afterAll(() => scene?.cleanup());

  test("mcpo wrote both files, each with Kilo's $schema", () => {
    const user = servers(userFile());
    expect(Object.keys(user).sort()).toEqual(scene.servers.user);
    expect(user.withenv).toEqual({
      type: 'local',
      command: ['node', scene.withEnvJs],
      environment: { FOO: 'bar' },
    });
    expect(user.remote).toEqual({
      type: 'remote',
      url: scene.httpUrl,
      headers: { 'X-Api-Key': 'k-123' },
    });
    expect(user.events).toEqual({ type: 'remote', url: scene.sseUrl });
    const project = parseJsonc(readFileSync(join(scene.project, 'opencode.json'), 'utf8'));
    expect(project.$schema).toBe('https://app.kilo.ai/config.json');
    expect(Object.keys(project.mcp).sort()).toEqual(scene.servers.project);
  });

  test('user scope: from an unrelated folder kilo lists exactly the user servers and connects the stdio ones', () => {
    const rows = list(scene.elsewhere);
    expect([...rows.keys()].sort()).toEqual(scene.servers.user);
    expect(rows.get('memory')).toMatchObject({
      mark: '✓',
      status: 'connected',
      target: `node ${MEMORY_JS}`,
    });
    // withenv exits unless FOO=bar reached it: connected means `environment` was applied.
    expect(rows.get('withenv')).toMatchObject({
      mark: '✓',
      status: 'connected',
      target: `node ${scene.withEnvJs}`,
    });
    // The real Streamable HTTP and SSE servers (server-everything): Kilo tries Streamable HTTP,
    // then SSE, for a remote url, so both connect.
    expect(rows.get('remote')).toMatchObject({
      mark: '✓',
      status: 'connected',
      target: scene.httpUrl,
    });
    expect(rows.get('events')).toMatchObject({
      mark: '✓',
      status: 'connected',
      target: scene.sseUrl,
    });
  }, 120_000);

  test('project scope: in the project kilo adds exactly the opencode.json servers', () => {
    const rows = list(scene.project);
    expect([...rows.keys()].sort()).toEqual(
      [...scene.servers.user!, ...scene.servers.project!].sort(),
    );
    expect(rows.get('proj-withenv')).toMatchObject({ mark: '✓', status: 'connected' });
    expect(rows.get('proj-remote')).toMatchObject({
      mark: '✓',
      status: 'connected',
      target: scene.httpUrl,
    });
  }, 120_000);

  test('Kilo rewrote the user file, and what it left is not drift: plan shows no changes', () => {
    const text = readFileSync(userFile(), 'utf8');
    expect(parseJsonc(text).permission).toEqual({ bash: 'allow' });
    const r = planIsClean(scene);
    expect({ code: r.code, output: r.stdout + r.stderr }).toMatchObject({ code: 0 });
  });

  test('a server added with `kilo mcp add` survives mcpo apply, and kilo still lists it', () => {
    kilo(
      ['mcp', 'add', 'mine', '--url', 'http://127.0.0.1:9/mine', '--header', 'X-K=v'],
      scene.elsewhere,
    );
    const before = servers(userFile()).mine;
    expect(before).toEqual({
      type: 'remote',
      url: 'http://127.0.0.1:9/mine',
      headers: { 'X-K': 'v' },
    });
    const apply = applyStack(scene);
    expect({ code: apply.code, output: apply.stdout + apply.stderr }).toMatchObject({ code: 0 });
    expect(servers(userFile()).mine).toEqual(before);
    expect(list(scene.elsewhere).get('mine')).toMatchObject({ target: 'http://127.0.0.1:9/mine' });
    expect(planIsClean(scene).code).toBe(0);
  }, 120_000);
});

// Every delivery mode: `kilo mcp list` connects, and each server exits unless its variable holds
// the secret, so `connected` proves the value reached it.
describeDelivery('Kilo CLI', 'kilo-cli', skipReason, {}, (d) => {
  test('inline, env (`{env:DELIVERY_TOKEN}`) and launcher servers are all connected', () => {
    const rows = parseOpencodeList(d().run(KILO, ['mcp', 'list']).stdout);
    expect(Object.fromEntries([...rows].map(([n, r]) => [n, `${r.mark} ${r.status}`]))).toEqual({
      'd-inline': '✓ connected',
      'd-env': '✓ connected',
      'd-launcher': '✓ connected',
    });
    const file = readMcp(join(d().tmp.home, '.config', 'kilo', 'kilo.jsonc'));
    expect((file['d-env'] as { environment: unknown }).environment).toEqual({
      DELIVERY_TOKEN: '{env:DELIVERY_TOKEN}',
    });
    expect(entriesHoldingValue(d(), file)).toEqual(['d-inline']);
  }, 120_000);
});
