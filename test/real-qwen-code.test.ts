// End to end against the real Qwen Code CLI (@qwen-code/qwen-code, pinned in test/clients-cli):
// `mcpo apply` writes user (~/.qwen/settings.json) and project (<proj>/.qwen/settings.json) scope,
// then `qwen mcp list` (which connects to each server) must list exactly those servers.
//
// Version: 0.10.1, the newest that both runs on Node 20 and installs from our registry mirror.
// 0.21.x and later (0.24.4 is current) declare engines.node >=22; 0.12.0 to 0.15.10 still say
// >=20 but depend on @teddyzhu/clipboard-* platform packages the mirror lacks (darwin, win32,
// linux-arm64), so `npm ci` rejects a lock made from them.
//
// What Qwen Code 0.10.1 shows (observed):
// - No folder-trust gate for `mcp list`: user servers show from any folder.
// - `type` is ignored: `url` is always SSE ("(sse)"), Streamable HTTP needs `httpUrl` ("(http)"),
//   which is what `qwen mcp add --transport http` writes. The 0.24.4 source reads it the same way.
//   mcpo used to write `url` + `type: "http"` here, which Qwen connected to as SSE; it now writes
//   `httpUrl` for qwen-code (src/clients/qwen-code.ts), and this test checks "(http)".
// Env: QWEN_CODE_NO_RELAUNCH=true, NO_BROWSER=true, GEMINI_TELEMETRY_ENABLED=false.
import { describe, test, expect, beforeAll, afterAll } from '@jest/globals';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
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
  parseGeminiList,
  planIsClean,
  PROJECT_SERVERS,
  REMOTE_URL,
  runClient,
  USER_SERVERS,
  type Scene,
} from './helpers/real-client.js';

const { binDir, skipReason } = installOrSkip('Qwen Code');
const suite = skipReason ? describe.skip : describe;

suite('real Qwen Code reads what mcpo wrote (user and project scope)', () => {
  let scene: Scene;
  let env: NodeJS.ProcessEnv = {};
  const list = (cwd: string) => {
    const r = runClient(join(binDir, 'qwen'), ['mcp', 'list'], { env, cwd });
    return parseGeminiList(r.stdout + '\n' + r.stderr);
  };

  beforeAll(() => {
    if (!existsSync(MCPO_CLI))
      throw new Error(`${MCPO_CLI} is missing: run \`npm run build\` first (npm test does)`);
    scene = applyScene('qwen-code', 'mcpo-real-qwen-');
    env = {
      ...scene.tmp.env,
      QWEN_CODE_NO_RELAUNCH: 'true',
      NO_BROWSER: 'true',
      GEMINI_TELEMETRY_ENABLED: 'false',
    };
    for (const k of ['DASHSCOPE_API_KEY', 'OPENAI_API_KEY', 'OPENAI_BASE_URL', 'GEMINI_API_KEY'])
      delete env[k];
  }, 120_000);

  afterAll(() => scene?.tmp.cleanup());

  test('mcpo wrote both settings files, http as httpUrl', () => {
    const read = (f: string) => JSON.parse(readFileSync(f, 'utf8')).mcpServers ?? {};
    const user = read(join(scene.tmp.home, '.qwen', 'settings.json'));
    expect(Object.keys(user).sort()).toEqual(USER_SERVERS);
    expect(user.remote).toEqual({ httpUrl: REMOTE_URL });
    expect(Object.keys(read(join(scene.project, '.qwen', 'settings.json'))).sort()).toEqual(
      PROJECT_SERVERS,
    );
  });

  test('user scope: from an unrelated folder, qwen lists exactly the user servers', () => {
    const servers = list(scene.elsewhere);
    expect([...servers.keys()].sort()).toEqual(USER_SERVERS);
    expect(servers.get('memory')).toEqual({
      target: `node ${MEMORY_JS}`,
      transport: 'stdio',
      status: 'Connected',
    });
    expect(servers.get('withenv')).toEqual({
      target: `node ${scene.withEnvJs}`,
      transport: 'stdio',
      status: 'Connected',
    });
    expect(servers.get('remote')).toEqual({
      target: REMOTE_URL,
      transport: 'http',
      status: 'Disconnected',
    });
  }, 120_000);

  test('project scope: in the project folder, qwen adds exactly the project servers', () => {
    const servers = list(scene.project);
    expect([...servers.keys()].sort()).toEqual([...USER_SERVERS, ...PROJECT_SERVERS].sort());
    expect(servers.get('proj-memory')).toEqual({
      target: `node ${MEMORY_JS}`,
      transport: 'stdio',
      status: 'Connected',
    });
    expect(servers.get('proj-withenv')).toEqual({
      target: `node ${scene.withEnvJs}`,
      transport: 'stdio',
      status: 'Connected',
    });
    expect(servers.get('proj-remote')).toEqual({
      target: REMOTE_URL,
      transport: 'http',
      status: 'Disconnected',
    });
  }, 120_000);

  test('what Qwen Code itself wrote is not drift: plan shows no changes', () => {
    const r = planIsClean(scene);
    expect({ code: r.code, output: r.stdout + r.stderr }).toMatchObject({ code: 0 });
  });
});

// Every delivery mode, the secret held only in MCPO_SECRET_* and, separately, only in the keychain
// (reached through $XDG_RUNTIME_DIR/bus, with no DBUS_SESSION_BUS_ADDRESS). Qwen Code 0.10.1 passes
// its whole environment to a stdio server (it has not taken Gemini CLI's variable filter).
for (const source of ['env', 'keychain'] as const) {
  const why = skipReason || (source === 'keychain' ? keychainSkip : undefined);
  if (why && source === 'keychain' && IN_CI && !skipReason)
    throw new Error(`keychain delivery tests cannot run: ${why}`);
  (why ? describe.skip : describe)(
    `real Qwen Code starts every delivery mode, secret only in ${source === 'env' ? 'MCPO_SECRET_*' : 'the keychain'}`,
    () => {
      let d: DeliveryScene;
      beforeAll(() => {
        d = deliveryScene('qwen-code', `mcpo-real-qwen-${source}-`, source, {
          env: () => ({
            QWEN_CODE_NO_RELAUNCH: 'true',
            NO_BROWSER: 'true',
            GEMINI_TELEMETRY_ENABLED: 'false',
          }),
        });
        for (const k of [
          'DASHSCOPE_API_KEY',
          'OPENAI_API_KEY',
          'OPENAI_BASE_URL',
          'GEMINI_API_KEY',
        ])
          delete d.env[k];
      }, 180_000);
      afterAll(() => d?.tmp.cleanup());

      test('inline, env and launcher servers are all Connected (each exits unless its variable holds the secret)', () => {
        const r = d.run(join(binDir, 'qwen'), ['mcp', 'list']);
        const servers = parseGeminiList(r.stdout + '\n' + r.stderr);
        expect(Object.fromEntries([...servers].map(([n, s]) => [n, s.status]))).toEqual({
          'd-inline': 'Connected',
          'd-env': 'Connected',
          'd-launcher': 'Connected',
        });
      }, 120_000);

      test('plan shows no changes for any mode, and mcpo never printed the value', () => {
        expect(plansAreClean(d)).toEqual({ inline: 0, env: 0, launcher: 0 });
        expect(d.mcpoOutput).not.toContain(d.value);
      }, 120_000);
    },
  );
}
