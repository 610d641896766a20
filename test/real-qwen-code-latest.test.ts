// End to end against the newest Qwen Code (0.24.4, installed beside the pinned 0.10.1 as the npm
// alias `qwen-code-latest` in test/clients-cli), because its format differs: since 0.24 it also
// reads the project's `.mcp.json` in Claude Code's form, the file mcpo writes for claude-code.
// One stack targets qwen-code (user and project scope) and claude-code (project scope, the shared
// `.mcp.json`); `qwen mcp list` (which connects) must show exactly the servers of each file.
//
// Version: 0.24.4 declares engines.node >=22, but its bundle has no dependencies and runs on the
// Node 20 of CI: `mcp list` is all this suite needs (its optional native packages, clipboard and
// audio capture, are not used). Both packages declare the bin `qwen`, so this one runs as
// `node <package>/cli-entry.js`. Env: QWEN_CODE_NO_RELAUNCH=true, NO_BROWSER=true, no API keys.
// What 0.24.4 shows (observed): project servers (`.mcp.json` and `.qwen/settings.json`) are listed
// as "Pending approval" until `qwen mcp approve NAME` (stored per project and entry hash in
// ~/.qwen/mcpApprovals.json); then they connect. 0.10.1 had no such gate.
import { describe, test, expect, beforeAll, afterAll } from '@jest/globals';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { clientPackagePath } from './helpers/client-clis.js';
import { installOrSkip, MEMORY_JS, parseGeminiList, runClient } from './helpers/real-client.js';
import { startEverything, type RemoteServer } from './helpers/npm-cli-scene.js';
import { makeTmpHome, MCPO_CLI, runMcpo, type TmpHome } from './helpers/tmp-home.js';

const QWEN = clientPackagePath('qwen-code-latest', 'cli-entry.js');
const { skipReason } = installOrSkip('Qwen Code (newest)', () =>
  existsSync(QWEN) ? undefined : `${QWEN} is not installed`,
);
const suite = skipReason ? describe.skip : describe;

/** Server names per file: qwen user, qwen project (.qwen/settings.json), the shared .mcp.json. */
const NAMES = {
  user: ['memory', 'remote', 'withenv'],
  project: ['proj-memory', 'proj-withenv'],
  shared: ['shared-memory', 'shared-remote', 'shared-withenv'],
};

suite('real Qwen Code 0.24 reads what mcpo wrote, .mcp.json included (shared with Claude Code)', () => {
  let tmp: TmpHome;
  let remote: RemoteServer;
  let project = '';
  let elsewhere = '';
  let stackFile = '';
  let withEnvJs = '';
  let env: NodeJS.ProcessEnv = {};
  const list = (cwd: string) => {
    const r = runClient(process.execPath, [QWEN, 'mcp', 'list'], { env, cwd });
    return parseGeminiList(`${r.stdout}\n${r.stderr}`);
  };

  beforeAll(async () => {
    if (!existsSync(MCPO_CLI))
      throw new Error(`${MCPO_CLI} is missing: run \`npm run build\` first (npm test does)`);
    remote = await startEverything('streamableHttp');
    tmp = makeTmpHome('mcpo-real-qwen-latest-');
    project = join(tmp.home, 'work', 'proj');
    elsewhere = join(tmp.home, 'elsewhere');
    for (const d of [project, elsewhere, join(tmp.home, 'servers')])
      mkdirSync(d, { recursive: true });
    withEnvJs = join(tmp.home, 'servers', 'withenv-server.mjs');
    writeFileSync(
      withEnvJs,
      `if (process.env.FOO !== 'bar') process.exit(3);\nawait import(${JSON.stringify(pathToFileURL(MEMORY_JS).href)});\n`,
    );
    const def = (n: string) => {
      if (n.endsWith('memory')) return `{ command: node, args: [${JSON.stringify(MEMORY_JS)}] }`;
      if (n.endsWith('withenv'))
        return `{ command: node, args: [${JSON.stringify(withEnvJs)}], env: { FOO: bar } }`;
      return `{ url: ${JSON.stringify(remote.url)}, transport: http, headers: { X-Api-Key: k-123 } }`;
    };
    const all = [...NAMES.user, ...NAMES.project, ...NAMES.shared];
    stackFile = join(project, 'mcp.stack.yaml');
    writeFileSync(
      stackFile,
      [
        'version: 1',
        'servers:',
        ...all.map((n) => `  ${n}: ${def(n)}`),
        'clients:',
        `  qwen-code: [{ scope: user, servers: [${NAMES.user}] }, { scope: project, servers: [${NAMES.project}] }]`,
        `  claude-code: [{ scope: project, servers: [${NAMES.shared}] }]`,
        '',
      ].join('\n'),
    );
    const apply = runMcpo(
      ['apply', '--stack', stackFile, '--project', project, '--yes', '--force', '--no-color'],
      { env: tmp.env, cwd: project },
    );
    if (apply.code !== 0)
      throw new Error(`mcpo apply exited ${apply.code}\n${apply.stdout}\n${apply.stderr}`);
    env = {
      ...tmp.env,
      QWEN_CODE_NO_RELAUNCH: 'true',
      NO_BROWSER: 'true',
      GEMINI_TELEMETRY_ENABLED: 'false',
    };
    for (const k of ['DASHSCOPE_API_KEY', 'OPENAI_API_KEY', 'OPENAI_BASE_URL', 'GEMINI_API_KEY'])
      delete env[k];
  }, 120_000);

  afterAll(() => {
    remote?.stop();
    tmp?.cleanup();
  });

  test("mcpo wrote the three files, .mcp.json in Claude Code's form", () => {
    const read = (f: string) =>
      JSON.parse(readFileSync(f, 'utf8')).mcpServers as Record<string, unknown>;
    expect(Object.keys(read(join(tmp.home, '.qwen', 'settings.json'))).sort()).toEqual(NAMES.user);
    expect(Object.keys(read(join(project, '.qwen', 'settings.json'))).sort()).toEqual(
      NAMES.project,
    );
    const shared = read(join(project, '.mcp.json'));
    expect(Object.keys(shared).sort()).toEqual(NAMES.shared);
    expect(shared['shared-remote']).toEqual({
      type: 'http',
      url: remote.url,
      headers: { 'X-Api-Key': 'k-123' },
    });
  });

  test('user scope: from an unrelated folder qwen lists exactly the user servers, connected', () => {
    const rows = list(elsewhere);
    expect([...rows.keys()].sort()).toEqual(NAMES.user);
    expect(rows.get('withenv')).toEqual({
      target: `node ${withEnvJs}`,
      transport: 'stdio',
      status: 'Connected',
    });
    expect(rows.get('remote')).toEqual({
      target: remote.url,
      transport: 'http',
      status: 'Connected',
    });
  }, 120_000);

  test('in the project qwen adds its own project servers and every server of .mcp.json; approved, they connect', () => {
    const before = list(project);
    expect([...before.keys()].sort()).toEqual(
      [...NAMES.user, ...NAMES.project, ...NAMES.shared].sort(),
    );
    // Project servers (.qwen/settings.json and .mcp.json alike) wait for the user's approval, bound
    // to a hash of the entry (~/.qwen/mcpApprovals.json).
    for (const n of [...NAMES.project, ...NAMES.shared])
      expect(before.get(n)!.status).toBe('Pending approval');
    for (const n of [...NAMES.project, ...NAMES.shared])
      runClient(process.execPath, [QWEN, 'mcp', 'approve', n], { env, cwd: project });
    const rows = list(project);
    // shared-withenv exits unless FOO=bar reached it; shared-remote is `type: http` + `url`, which
    // Qwen reads as Streamable HTTP in .mcp.json (its own files need `httpUrl`).
    expect(rows.get('shared-withenv')).toEqual({
      target: `node ${withEnvJs}`,
      transport: 'stdio',
      status: 'Connected',
    });
    expect(rows.get('shared-memory')).toEqual({
      target: `node ${MEMORY_JS}`,
      transport: 'stdio',
      status: 'Connected',
    });
    expect(rows.get('shared-remote')).toEqual({
      target: remote.url,
      transport: 'http',
      status: 'Connected',
    });
    expect(rows.get('proj-withenv')!.status).toBe('Connected');
  }, 120_000);

  test('what Qwen Code read is not drift: plan shows no changes', () => {
    const r = runMcpo(
      ['plan', '--stack', stackFile, '--project', project, '--detailed-exitcode', '--no-color'],
      { env: tmp.env, cwd: project },
    );
    expect({ code: r.code, output: r.stdout + r.stderr }).toMatchObject({ code: 0 });
  });
});
