// End to end against the real Amp CLI: `mcpo apply` writes user ($XDG_CONFIG_HOME/amp/settings.json)
// and workspace (<proj>/.amp/settings.json) scope under "amp.mcpServers"; `amp mcp list` must show
// exactly those servers, grouped by file, with their command line or url.
//
// Pinned: @ampcode/cli-linux-x64 0.0.1790142911-g7618fb, the platform package itself (`amp` is the
// whole CLI). The wrapper @ampcode/cli's newest version names platform packages the registry does
// not have, and its bin is a placeholder that its postinstall replaces (install scripts are not
// run here); the platform binary runs as it is.
// What that version shows (observed): `amp mcp list` runs offline, without a login, after one line
// saying it cannot load the account's servers; it does not connect (`amp mcp doctor` would, but
// asks for a login first), so there is no health check here. Workspace servers are listed
// before they are approved (`amp mcp approve NAME` is needed before Amp runs them).
// Remote servers have no type: Amp detects Streamable HTTP or SSE, so the SSE server is a url too.
// Delivery: no reference syntax is known for Amp (its manual shows none, its binary is packed and
// `mcp list` does not start servers to find out), so `secrets: env` is a plan error; inline and
// launcher are proven by what `amp mcp list` shows and what the file holds, not by a start.
import { describe, test, expect, beforeAll, afterAll } from '@jest/globals';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { clientPackagePath } from './helpers/client-clis.js';
import { installOrSkip, MEMORY_JS, planIsClean, runClient } from './helpers/real-client.js';
import { applyNpmScene, applyStack, type NpmScene } from './helpers/npm-cli-scene.js';
import { MCPO_CLI } from './helpers/tmp-home.js';
import { describeDelivery, entriesHoldingValue, planEnvMode } from './helpers/real-delivery.js';

const AMP = clientPackagePath('@ampcode/cli-linux-x64', 'amp');
const { skipReason } = installOrSkip('Amp', () =>
  existsSync(AMP) ? undefined : `${AMP} is not installed (Linux x64 only)`,
);
const suite = skipReason ? describe.skip : describe;

/** `amp mcp list`: a heading per settings file (`Workspace ...`, `Global ...`), then `  name  kind  target` rows. */
function parseList(out: string): Record<string, Record<string, string>> {
  const groups: Record<string, Record<string, string>> = {};
  let current: Record<string, string> | undefined;
  for (const line of out.split('\n')) {
    const head = /^(Workspace|Global) \S/.exec(line);
    const row = /^ {2}([A-Za-z0-9][\w.-]*)\s+(command|url)\s+(\S.*?)\s*$/.exec(line);
    if (head) current = groups[head[1]!] = {};
    else if (row && current) current[row[1]!] = `${row[2]} ${row[3]}`;
    else if (!line.trim()) current = undefined;
  }
  return groups;
}

const servers = (f: string) =>
  JSON.parse(readFileSync(f, 'utf8'))['amp.mcpServers'] as Record<string, unknown>;

suite('real Amp reads what mcpo wrote (user and workspace scope)', () => {
  let scene: NpmScene;
  const amp = (args: string[], cwd: string) =>
    runClient(AMP, args, { env: scene.tmp.env, cwd }).stdout;
  const list = (cwd: string) => parseList(amp(['mcp', 'list'], cwd));
  const userFile = () => join(scene.tmp.home, '.config', 'amp', 'settings.json');
  const expected = (prefix: string) => ({
    [`${prefix}events`]: `url ${scene.sseUrl}`,
    [`${prefix}memory`]: `command node ${MEMORY_JS}`,
    [`${prefix}remote`]: `url ${scene.httpUrl}`,
    [`${prefix}withenv`]: `command node ${scene.withEnvJs}`,
  });

  beforeAll(async () => {
    if (!existsSync(MCPO_CLI))
      throw new Error(`${MCPO_CLI} is missing: run \`npm run build\` first (npm test does)`);
    scene = await applyNpmScene('amp', { scopes: ['user', 'project'], sse: true });
  }, 120_000);

  afterAll(() => scene?.cleanup());

  test('mcpo wrote both files under the dotted key', () => {
    const user = servers(userFile());
    expect(Object.keys(user).sort()).toEqual(scene.servers.user);
    expect(user.withenv).toEqual({ command: 'node', args: [scene.withEnvJs], env: { FOO: 'bar' } });
    expect(user.remote).toEqual({ url: scene.httpUrl, headers: { 'X-Api-Key': 'k-123' } });
    expect(Object.keys(servers(join(scene.project, '.amp', 'settings.json'))).sort()).toEqual(
      scene.servers.project,
    );
  });

  test('user scope: from an unrelated folder amp lists exactly the user servers', () => {
    expect(list(scene.elsewhere)).toEqual({ Global: expected('') });
  }, 120_000);

  test("workspace scope: in the project amp lists the workspace file's servers too", () => {
    expect(list(scene.project)).toEqual({ Workspace: expected('proj-'), Global: expected('') });
  }, 120_000);

  test('what Amp read is not drift: plan shows no changes', () => {
    const r = planIsClean(scene);
    expect({ code: r.code, output: r.stdout + r.stderr }).toMatchObject({ code: 0 });
  });

  test('a server added with `amp mcp add` survives mcpo apply, and amp still lists it', () => {
    amp(['mcp', 'add', '--env', 'FOO=bar', 'mine', '--', 'node', scene.withEnvJs], scene.elsewhere);
    const before = servers(userFile()).mine;
    expect(before).toEqual({ command: 'node', args: [scene.withEnvJs], env: { FOO: 'bar' } });
    const apply = applyStack(scene);
    expect({ code: apply.code, output: apply.stdout + apply.stderr }).toMatchObject({ code: 0 });
    expect(servers(userFile()).mine).toEqual(before);
    expect(list(scene.elsewhere).Global!.mine).toBe(`command node ${scene.withEnvJs}`);
    expect(planIsClean(scene).code).toBe(0);
  }, 120_000);
});

describeDelivery('Amp', 'amp', skipReason, { modes: ['inline', 'launcher'] }, (d) => {
  test('amp lists the inline and launcher servers; only the inline entry holds the value', () => {
    const out = d().run(AMP, ['mcp', 'list']).stdout;
    const rows = parseList(out).Global!;
    expect(Object.keys(rows).sort()).toEqual(['d-inline', 'd-launcher']);
    expect(rows['d-inline']).toMatch(/^command node \S+secret-guard\.mjs FOO$/);
    expect(rows['d-launcher']).toMatch(
      /cli\.cjs run d-launcher --stack \S+launcher\/mcp\.stack\.yaml$/,
    );
    expect(out).not.toContain(d().value);
    expect(
      entriesHoldingValue(d(), servers(join(d().tmp.home, '.config', 'amp', 'settings.json'))),
    ).toEqual(['d-inline']);
  }, 120_000);

  test('`secrets: env` is a plan error naming Amp and the fix, and nothing is written', () => {
    const r = planEnvMode(d(), 'amp');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      'amp has no syntax for reading a secret from an environment variable',
    );
    expect(r.stderr).toContain('secrets: launcher');
    expect(
      Object.keys(servers(join(d().tmp.home, '.config', 'amp', 'settings.json'))).sort(),
    ).toEqual(['d-inline', 'd-launcher']);
  }, 60_000);
});
