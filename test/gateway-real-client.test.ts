// A real client CLI through the gateway (issue 16's named test): `mcpo apply` writes the one
// `mcpo` entry of a `via: gateway` target, and the client itself starts it, lists the backends'
// tools and calls one of them.
// - Codex (`codex app-server`, see helpers/codex-app-server.ts): `mcpServerStatus/list` starts the
//   entry and reports its tools; `mcpServer/tool/call` calls a tool without a model or a login.
// - Claude Code: `claude mcp list` starts every entry (initialize) and prints `✔ Connected`.
// Backends: server-memory and server-everything from npm, started by the gateway, not the client.
import { describe, test, expect, beforeAll, afterAll } from '@jest/globals';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseToml } from 'smol-toml';
import { makeTmpHome, MCPO_CLI, runCommand, runMcpo, type TmpHome } from './helpers/tmp-home.js';
import { clientPackagePath } from './helpers/client-clis.js';
import { codexSession } from './helpers/codex-app-server.js';
import { installOrSkip, stripAnsi } from './helpers/real-client.js';

const { binDir, skipReason } = installOrSkip('client CLIs through the gateway');
const suite = skipReason ? describe.skip : describe;
const MEMORY_JS = clientPackagePath('@modelcontextprotocol/server-memory', 'dist', 'index.js');
const EVERYTHING_JS = clientPackagePath(
  '@modelcontextprotocol/server-everything',
  'dist',
  'index.js',
);
const q = (s: string) => JSON.stringify(s);

suite('real client CLIs list and call tools through the mcpo gateway', () => {
  let tmp: TmpHome;
  let stackFile = '';
  let codexHome = '';

  beforeAll(() => {
    if (!existsSync(MCPO_CLI))
      throw new Error(`${MCPO_CLI} is missing: run \`npm run build\` first (npm test does)`);
    tmp = makeTmpHome('mcpo-gateway-real-');
    codexHome = join(tmp.home, 'codex-home');
    Object.assign(tmp.env, {
      CODEX_HOME: codexHome,
      // The gateway daemon's socket in this home, not the user's runtime folder.
      XDG_RUNTIME_DIR: join(tmp.home, 'run'),
      MCPO_GATEWAY_DAEMON_IDLE_MS: '2000',
      DISABLE_AUTOUPDATER: '1',
      CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1',
      DISABLE_TELEMETRY: '1',
      DISABLE_ERROR_REPORTING: '1',
    });
    for (const k of ['OPENAI_API_KEY', 'CODEX_API_KEY', 'OPENAI_BASE_URL', 'ANTHROPIC_API_KEY'])
      delete tmp.env[k];
    mkdirSync(join(tmp.home, '.claude'), { recursive: true });
    stackFile = join(tmp.home, 'mcp.stack.yaml');
    writeFileSync(
      stackFile,
      [
        'version: 1',
        'servers:',
        `  memory: { command: node, args: [${q(MEMORY_JS)}] }`,
        `  everything: { command: node, args: [${q(EVERYTHING_JS)}, stdio] }`,
        'stacks:',
        '  dev: { servers: [memory, everything] }',
        'clients:',
        '  codex: { scope: user, stacks: [dev], via: gateway }',
        '  claude-code: { scope: user, stacks: [dev], via: gateway }',
        '',
      ].join('\n'),
    );
    const r = runMcpo(['apply', '--stack', stackFile, '--yes', '--force', '--no-color'], {
      env: tmp.env,
      cwd: tmp.home,
    });
    if (r.code !== 0) throw new Error(`mcpo apply exited ${r.code}\n${r.stdout}\n${r.stderr}`);
  }, 120_000);

  afterAll(() => tmp?.cleanup());

  test('apply wrote one mcpo entry per client, no backend entry', () => {
    const codex = parseToml(readFileSync(join(codexHome, 'config.toml'), 'utf8')) as {
      mcp_servers: Record<string, { args: string[] }>;
    };
    expect(Object.keys(codex.mcp_servers)).toEqual(['mcpo']);
    expect(codex.mcp_servers.mcpo!.args).toEqual([
      expect.any(String),
      'gateway',
      '--stack',
      stackFile,
      '--target',
      'codex:user',
    ]);
    const claude = JSON.parse(readFileSync(join(tmp.home, '.claude.json'), 'utf8')) as {
      mcpServers: object;
    };
    expect(Object.keys(claude.mcpServers)).toEqual(['mcpo']);
  });

  test('Codex connects to the gateway, sees both backends’ tools and calls one through it', async () => {
    const { status, called } = await codexSession(join(binDir, 'codex'), {
      env: tmp.env,
      cwd: tmp.home,
      threadCwd: tmp.home,
      timeoutMs: 150_000,
      call: { server: 'mcpo', tool: 'echo', arguments: { message: 'through the gateway' } },
    });
    expect(
      status.map((s) => ({ name: s.name, serverName: s.serverName, error: s.toolsError })),
    ).toEqual([{ name: 'mcpo', serverName: 'mcpo-gateway', error: null }]);
    // One entry, the tools of two servers: memory's graph tools and everything's echo.
    expect(status[0]!.tools).toEqual(
      expect.arrayContaining(['read_graph', 'create_entities', 'echo', 'get-sum']),
    );
    expect({ isError: called?.isError ?? false, content: called?.content }).toEqual({
      isError: false,
      content: [{ type: 'text', text: 'Echo: through the gateway' }],
    });
  }, 180_000);

  test('Claude Code shows the mcpo entry Connected', () => {
    const r = runCommand(join(binDir, 'claude'), ['mcp', 'list'], {
      env: tmp.env,
      cwd: tmp.home,
      timeoutMs: 90_000,
    });
    const line = stripAnsi(r.stdout)
      .split('\n')
      .find((l) => l.startsWith('mcpo: '));
    expect({ code: r.code, line }).toEqual({
      code: 0,
      line: expect.stringMatching(
        /^mcpo: .* gateway --stack .* --target claude-code:user - ✔ Connected$/u,
      ),
    });
  }, 120_000);
});
