// End to end against the real Gemini CLI (@google/gemini-cli, pinned in test/clients-cli):
// `mcpo apply` writes user (~/.gemini/settings.json) and project (<proj>/.gemini/settings.json)
// scope, then `gemini mcp list` (which connects to each server) must list exactly those servers.
//
// What Gemini CLI 0.61.0 shows (observed):
// - In a folder that is not trusted it prints "MCP servers are configured but disabled because this
//   folder is untrusted" and shows every server (user ones too) as "Disabled". Trusting a folder is
//   what the user's answer to the trust prompt records: ~/.gemini/trustedFolders.json
//   `{ "<abs dir>": "TRUST_FOLDER" }`, per folder.
// - The listing goes to stderr, not stdout.
// - `url` + `type: "http"` is listed as "(http)" (Streamable HTTP), as mcpo writes it.
// Env: GEMINI_CLI_NO_RELAUNCH=true (no child process with a bigger heap), NO_BROWSER=true,
// GEMINI_TELEMETRY_ENABLED=false; stdin is empty, so nothing waits on a prompt.
import { describe, test, expect, beforeAll, afterAll } from '@jest/globals';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
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

const { binDir, skipReason } = installOrSkip('Gemini CLI');
const suite = skipReason ? describe.skip : describe;

suite('real Gemini CLI reads what mcpo wrote (user and project scope)', () => {
  let scene: Scene;
  let env: NodeJS.ProcessEnv = {};
  // Gemini CLI prints the listing on stderr.
  const list = (cwd: string) => {
    const r = runClient(join(binDir, 'gemini'), ['mcp', 'list'], { env, cwd });
    return parseGeminiList(r.stdout + '\n' + r.stderr);
  };

  beforeAll(() => {
    if (!existsSync(MCPO_CLI))
      throw new Error(`${MCPO_CLI} is missing: run \`npm run build\` first (npm test does)`);
    scene = applyScene('gemini-cli', 'mcpo-real-gemini-');
    env = {
      ...scene.tmp.env,
      GEMINI_CLI_NO_RELAUNCH: 'true',
      NO_BROWSER: 'true',
      GEMINI_TELEMETRY_ENABLED: 'false',
    };
    for (const k of [
      'GEMINI_API_KEY',
      'GOOGLE_API_KEY',
      'GOOGLE_CLOUD_PROJECT',
      'GOOGLE_APPLICATION_CREDENTIALS',
      'GEMINI_CLI_HOME',
    ])
      delete env[k];
    const trusted = Object.fromEntries(
      [scene.project, scene.elsewhere].map((d) => [d, 'TRUST_FOLDER']),
    );
    writeFileSync(
      join(scene.tmp.home, '.gemini', 'trustedFolders.json'),
      JSON.stringify(trusted, null, 2),
    );
  }, 120_000);

  afterAll(() => scene?.tmp.cleanup());

  test('mcpo wrote both settings files', () => {
    const read = (f: string) =>
      Object.keys(JSON.parse(readFileSync(f, 'utf8')).mcpServers ?? {}).sort();
    expect(read(join(scene.tmp.home, '.gemini', 'settings.json'))).toEqual(USER_SERVERS);
    expect(read(join(scene.project, '.gemini', 'settings.json'))).toEqual(PROJECT_SERVERS);
  });

  test('user scope: from an unrelated (trusted) folder, gemini lists exactly the user servers', () => {
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

  test('project scope: in the project folder, gemini adds exactly the project servers', () => {
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

  test('what Gemini CLI itself wrote is not drift: plan shows no changes', () => {
    const r = planIsClean(scene);
    expect({ code: r.code, output: r.stdout + r.stderr }).toMatchObject({ code: 0 });
  });
});

// Every delivery mode, the secret held only in MCPO_SECRET_* and, separately, only in the keychain.
// Gemini CLI 0.61.0 drops MCPO_SECRET_* (a secret-looking name) and any variable whose value
// looks like a token from a server's environment, but keeps the entry's own `env`, which it
// expands when it loads settings.json: mcpo's launcher entry maps the variables `mcpo run` needs
// there (src/delivery/client-env.ts). Without that mapping the launcher server is Disconnected.
for (const source of ['env', 'keychain'] as const) {
  const why = skipReason || (source === 'keychain' ? keychainSkip : undefined);
  if (why && source === 'keychain' && IN_CI && !skipReason)
    throw new Error(`keychain delivery tests cannot run: ${why}`);
  (why ? describe.skip : describe)(
    `real Gemini CLI starts every delivery mode, secret only in ${source === 'env' ? 'MCPO_SECRET_*' : 'the keychain'}`,
    () => {
      let d: DeliveryScene;
      beforeAll(() => {
        d = deliveryScene('gemini-cli', `mcpo-real-gemini-${source}-`, source, {
          env: () => ({
            GEMINI_CLI_NO_RELAUNCH: 'true',
            NO_BROWSER: 'true',
            GEMINI_TELEMETRY_ENABLED: 'false',
          }),
        });
        for (const k of [
          'GEMINI_API_KEY',
          'GOOGLE_API_KEY',
          'GOOGLE_CLOUD_PROJECT',
          'GOOGLE_APPLICATION_CREDENTIALS',
          'GEMINI_CLI_HOME',
        ])
          delete d.env[k];
        writeFileSync(
          join(d.tmp.home, '.gemini', 'trustedFolders.json'),
          JSON.stringify({ [d.elsewhere]: 'TRUST_FOLDER' }),
        );
      }, 180_000);
      afterAll(() => d?.tmp.cleanup());

      test('inline, env and launcher servers are all Connected (each exits unless its variable holds the secret)', () => {
        const r = d.run(join(binDir, 'gemini'), ['mcp', 'list']);
        const servers = parseGeminiList(r.stdout + '\n' + r.stderr);
        expect(Object.fromEntries([...servers].map(([n, s]) => [n, s.status]))).toEqual({
          'd-inline': 'Connected',
          'd-env': 'Connected',
          'd-launcher': 'Connected',
        });
        const file = readFileSync(join(d.tmp.home, '.gemini', 'settings.json'), 'utf8');
        expect(JSON.parse(file).mcpServers['d-launcher'].env).toEqual({
          DBUS_SESSION_BUS_ADDRESS: '$DBUS_SESSION_BUS_ADDRESS',
          XDG_RUNTIME_DIR: '$XDG_RUNTIME_DIR',
          MCPO_SECRET_TEST_TOKEN: '$MCPO_SECRET_TEST_TOKEN',
        });
        expect(JSON.parse(file).mcpServers['d-env'].env).toEqual({
          DELIVERY_TOKEN: '$DELIVERY_TOKEN',
        });
      }, 120_000);

      test('plan shows no changes for any mode, and mcpo never printed the value', () => {
        expect(plansAreClean(d)).toEqual({ inline: 0, env: 0, launcher: 0 });
        expect(d.mcpoOutput).not.toContain(d.value);
      }, 120_000);
    },
  );
}
