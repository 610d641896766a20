// End to end against the real opencode CLI: `mcpo apply` writes user
// ($XDG_CONFIG_HOME/opencode/opencode.json) and project (<proj>/opencode.json) scope, then
// `opencode mcp list` (which connects to each server) must list exactly those servers.
//
// Install: the `opencode-ai` wrapper package cannot be locked here: its optional platform packages
// for darwin, windows and linux-arm64 are missing from our registry mirror, so `npm ci` rejects the
// lock. test/clients-cli therefore pins the Linux x64 binary package itself, `opencode-linux-x64`
// 1.18.33 (what opencode-ai 1.18.33 runs on this platform), as an optional dependency: on other
// platforms it is not installed and this suite is skipped (under CI it fails instead).
//
// What opencode 1.18.33 shows (observed):
// - Every server as `●  ✓ name connected` / `●  ✗ name failed`, then its command line or url
//   (after an error line for failed ones). No scope is shown: user servers are what an unrelated
//   folder lists, and project ones are what the project folder adds.
// - A remote server without a listener fails with "SSE error" (it tries Streamable HTTP, then SSE).
// - ANSI colour codes are printed even with NO_COLOR=1 and no terminal; they are stripped.
// Env: OPENCODE_DISABLE_AUTOUPDATE, OPENCODE_DISABLE_MODELS_FETCH (no models.dev download),
// OPENCODE_DISABLE_LSP_DOWNLOAD, OPENCODE_DISABLE_DEFAULT_PLUGINS, OPENCODE_DISABLE_SHARE,
// OPENCODE_DISABLE_CLAUDE_CODE (all "true"); HOME and XDG_* inside the temporary home.
import { describe, test, expect, beforeAll, afterAll } from '@jest/globals';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { clientPackagePath } from './helpers/client-clis.js';
import { MCPO_CLI } from './helpers/tmp-home.js';
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
  parseOpencodeList,
  planIsClean,
  PROJECT_SERVERS,
  REMOTE_URL,
  runClient,
  USER_SERVERS,
  type Scene,
} from './helpers/real-client.js';

const OPENCODE = clientPackagePath('opencode-linux-x64', 'bin', 'opencode');
const { skipReason } = installOrSkip('opencode', () =>
  existsSync(OPENCODE)
    ? undefined
    : `${OPENCODE} is not installed (opencode-linux-x64 is an optional dependency for Linux x64; this is ${process.platform}-${process.arch})`,
);
const suite = skipReason ? describe.skip : describe;

suite('real opencode reads what mcpo wrote (user and project scope)', () => {
  let scene: Scene;
  let env: NodeJS.ProcessEnv = {};
  const list = (cwd: string) =>
    parseOpencodeList(runClient(OPENCODE, ['mcp', 'list'], { env, cwd }).stdout);

  beforeAll(() => {
    if (!existsSync(MCPO_CLI))
      throw new Error(`${MCPO_CLI} is missing: run \`npm run build\` first (npm test does)`);
    scene = applyScene('opencode', 'mcpo-real-opencode-');
    env = { ...scene.tmp.env };
    for (const k of [
      'AUTOUPDATE',
      'MODELS_FETCH',
      'LSP_DOWNLOAD',
      'DEFAULT_PLUGINS',
      'SHARE',
      'CLAUDE_CODE',
    ])
      env[`OPENCODE_DISABLE_${k}`] = 'true';
    for (const k of [
      'OPENCODE_CONFIG',
      'OPENCODE_CONFIG_DIR',
      'OPENCODE_CONFIG_CONTENT',
      'OPENCODE_DISABLE_PROJECT_CONFIG',
    ])
      delete env[k];
  }, 120_000);

  afterAll(() => scene?.tmp.cleanup());

  test('mcpo wrote both files, with $schema', () => {
    const read = (f: string) => JSON.parse(readFileSync(f, 'utf8'));
    const user = read(join(scene.tmp.home, '.config', 'opencode', 'opencode.json'));
    expect(user.$schema).toBe('https://opencode.ai/config.json');
    expect(Object.keys(user.mcp).sort()).toEqual(USER_SERVERS);
    expect(Object.keys(read(join(scene.project, 'opencode.json')).mcp).sort()).toEqual(
      PROJECT_SERVERS,
    );
  });

  const expectServers = (servers: ReturnType<typeof parseOpencodeList>, prefix: string) => {
    expect(servers.get(`${prefix}memory`)).toMatchObject({
      mark: '✓',
      status: 'connected',
      target: `node ${MEMORY_JS}`,
    });
    expect(servers.get(`${prefix}withenv`)).toMatchObject({
      mark: '✓',
      status: 'connected',
      target: `node ${scene.withEnvJs}`,
    });
    expect(servers.get(`${prefix}remote`)).toMatchObject({
      mark: '✗',
      status: 'failed',
      target: REMOTE_URL,
    });
  };

  test('user scope: from an unrelated folder, opencode lists exactly the user servers', () => {
    const servers = list(scene.elsewhere);
    expect([...servers.keys()].sort()).toEqual(USER_SERVERS);
    expectServers(servers, '');
  }, 120_000);

  test('project scope: in the project folder, opencode adds exactly the project servers', () => {
    const servers = list(scene.project);
    expect([...servers.keys()].sort()).toEqual([...USER_SERVERS, ...PROJECT_SERVERS].sort());
    expectServers(servers, 'proj-');
    expectServers(servers, '');
  }, 120_000);

  test('what opencode itself wrote is not drift: plan shows no changes', () => {
    const r = planIsClean(scene);
    expect({ code: r.code, output: r.stdout + r.stderr }).toMatchObject({ code: 0 });
  });
});

// Every delivery mode, the secret held only in MCPO_SECRET_* and, separately, only in the keychain
// (reached through $XDG_RUNTIME_DIR/bus, with no DBUS_SESSION_BUS_ADDRESS). opencode passes its
// whole environment to a local server and connects to each one in `opencode mcp list`.
for (const source of ['env', 'keychain'] as const) {
  const why = skipReason || (source === 'keychain' ? keychainSkip : undefined);
  if (why && source === 'keychain' && IN_CI && !skipReason)
    throw new Error(`keychain delivery tests cannot run: ${why}`);
  (why ? describe.skip : describe)(
    `real opencode starts every delivery mode, secret only in ${source === 'env' ? 'MCPO_SECRET_*' : 'the keychain'}`,
    () => {
      let d: DeliveryScene;
      beforeAll(() => {
        d = deliveryScene('opencode', `mcpo-real-opencode-${source}-`, source);
        for (const k of [
          'AUTOUPDATE',
          'MODELS_FETCH',
          'LSP_DOWNLOAD',
          'DEFAULT_PLUGINS',
          'SHARE',
          'CLAUDE_CODE',
        ])
          d.env[`OPENCODE_DISABLE_${k}`] = 'true';
        for (const k of [
          'OPENCODE_CONFIG',
          'OPENCODE_CONFIG_DIR',
          'OPENCODE_CONFIG_CONTENT',
          'OPENCODE_DISABLE_PROJECT_CONFIG',
        ])
          delete d.env[k];
      }, 180_000);
      afterAll(() => d?.tmp.cleanup());

      test('inline, env and launcher servers are all connected (each exits unless its variable holds the secret)', () => {
        const servers = parseOpencodeList(d.run(OPENCODE, ['mcp', 'list']).stdout);
        expect(Object.fromEntries([...servers].map(([n, s]) => [n, s.status]))).toEqual({
          'd-inline': 'connected',
          'd-env': 'connected',
          'd-launcher': 'connected',
        });
      }, 120_000);

      test('plan shows no changes for any mode, and mcpo never printed the value', () => {
        expect(plansAreClean(d)).toEqual({ inline: 0, env: 0, launcher: 0 });
        expect(d.mcpoOutput).not.toContain(d.value);
      }, 120_000);
    },
  );
}
