// Fidelity found with the real clients (issue 12, section 5), each reproduced with the real CLI:
// - Gemini CLI (0.61.0) expands `$VAR` / `${VAR}` references into their values when `gemini mcp
//   add` rewrites a project settings file: plan and status must say that the file held a secret
//   value (never printing it); apply puts the reference back.
//   Qwen Code (0.10.1) does the same with `qwen mcp add --scope project`.
// - Copilot CLI (1.0.102) `copilot mcp disable NAME` writes `disabledMcpServers` into
//   ~/.copilot/settings.json: status shows the server disabled, not in sync, and plan says so.
// - Claude Code (2.1.330) takes per-tool permissions on remote servers (`tools: [{ name,
//   permission_policy }]`); an invalid policy makes it skip the server with a warning.
// Env, trust and caches as in real-gemini-cli.test.ts and real-copilot-cli.test.ts.
import { describe, test, expect, beforeAll, afterAll } from '@jest/globals';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeTmpHome, MCPO_CLI, runMcpo, type TmpHome } from './helpers/tmp-home.js';
import { installOrSkip, MEMORY_JS, runClient, SHARED_CACHE } from './helpers/real-client.js';

const { binDir, skipReason } = installOrSkip('Gemini CLI, Copilot CLI and Claude Code');
const suite = skipReason ? describe.skip : describe;

const SECRET = 'tok-4f9a2c71e8d3';

suite("real clients: what they do to mcpo's files is reported", () => {
  let tmp: TmpHome;
  let project = '';
  let stackFile = '';
  let env: NodeJS.ProcessEnv = {};
  const mcpo = (args: string[]) =>
    runMcpo([...args, '--stack', stackFile, '--project', project, '--no-color'], {
      env: { ...tmp.env, MCPO_SECRET_API_TOKEN: SECRET },
      cwd: project,
    });

  beforeAll(() => {
    if (!existsSync(MCPO_CLI))
      throw new Error(`${MCPO_CLI} is missing: run \`npm run build\` first (npm test does)`);
    tmp = makeTmpHome('mcpo-real-fidelity-');
    project = join(tmp.home, 'work', 'proj');
    for (const d of [
      project,
      join(tmp.home, '.gemini'),
      join(tmp.home, '.copilot'),
      join(tmp.home, '.claude'),
    ])
      mkdirSync(d, { recursive: true });
    const approved = { hasTrustDialogAccepted: true, enabledMcpjsonServers: ['remote'] };
    writeFileSync(
      join(tmp.home, '.claude.json'),
      JSON.stringify({ projects: { [project]: approved } }, null, 2),
    );
    env = {
      ...tmp.env,
      GEMINI_CLI_NO_RELAUNCH: 'true',
      QWEN_CODE_NO_RELAUNCH: 'true',
      NO_BROWSER: 'true',
      GEMINI_TELEMETRY_ENABLED: 'false',
      COPILOT_AUTO_UPDATE: 'false',
      COPILOT_PKG_CACHE_HOME: join(SHARED_CACHE, 'copilot'),
    };
    for (const k of [
      'GEMINI_API_KEY',
      'GOOGLE_API_KEY',
      'GEMINI_CLI_HOME',
      'COPILOT_HOME',
      'GH_TOKEN',
      'GITHUB_TOKEN',
      'COPILOT_GITHUB_TOKEN',
    ])
      delete env[k];
    for (const dir of ['.gemini', '.qwen']) {
      mkdirSync(join(tmp.home, dir), { recursive: true });
      writeFileSync(
        join(tmp.home, dir, 'trustedFolders.json'),
        JSON.stringify({ [project]: 'TRUST_FOLDER' }),
      );
    }
    stackFile = join(project, 'mcp.stack.yaml');
    writeFileSync(
      stackFile,
      [
        'version: 1',
        'servers:',
        `  api: { command: node, args: [${JSON.stringify(MEMORY_JS)}], env: { API_TOKEN: "\${secret:API_TOKEN}" } }`,
        `  memory: { command: node, args: [${JSON.stringify(MEMORY_JS)}] }`,
        '  remote: { url: "http://127.0.0.1:9/mcp", auto_approve: [read_graph], tools: { deny: [delete_entities] } }',
        'clients:',
        '  gemini-cli: [{ scope: project, servers: [api], secrets: env }]',
        '  qwen-code: [{ scope: project, servers: [api], secrets: env }]',
        '  copilot-cli: [{ scope: user, servers: [memory] }]',
        '  claude-code: [{ scope: project, servers: [remote] }]',
        '',
      ].join('\n'),
    );
    const apply = mcpo(['apply', '--yes', '--force']);
    if (apply.code !== 0)
      throw new Error(`mcpo apply exited ${apply.code}\n${apply.stdout}\n${apply.stderr}`);
  }, 120_000);

  afterAll(() => tmp?.cleanup());

  test('gemini mcp add expands the reference; plan and status say the project file holds the secret, without its value', () => {
    const settings = join(project, '.gemini', 'settings.json');
    const plan = JSON.parse(mcpo(['plan', '--json']).stdout) as {
      env_vars: { name: string }[];
      notices: unknown[];
    };
    expect(plan.notices).toEqual([]);
    const variable = plan.env_vars[0]!.name;
    expect(readFileSync(settings, 'utf8')).not.toContain(SECRET);
    runClient(join(binDir, 'gemini'), ['mcp', 'add', 'other', 'node', MEMORY_JS], {
      env: { ...env, [variable]: SECRET },
      cwd: project,
    });
    expect(readFileSync(settings, 'utf8')).toContain(SECRET);

    const text = mcpo(['plan']);
    const note = `Note: ${settings} (a project file, which others may read) holds the value of secret API_TOKEN in plain text (server api, env.API_TOKEN), where mcpo writes a reference; Gemini CLI may have expanded it when it rewrote the file.`;
    expect(text.stdout).toContain(note);
    const status = mcpo(['status']);
    expect(status.stdout).toContain(note);
    const json = JSON.parse(mcpo(['status', '--json']).stdout) as {
      notices: { code: string; server: string; client: string }[];
    };
    expect(json.notices).toEqual([
      expect.objectContaining({
        code: 'secret-value-in-file',
        server: 'api',
        client: 'gemini-cli',
      }),
    ]);
    for (const out of [text.stdout, text.stderr, status.stdout, status.stderr])
      expect(out).not.toContain(SECRET);

    expect(mcpo(['apply', '--yes']).code).toBe(0);
    expect(readFileSync(settings, 'utf8')).not.toContain(SECRET);
    expect(JSON.parse(mcpo(['plan', '--json']).stdout).notices).toEqual([]);
  }, 120_000);

  test('qwen mcp add --scope project does the same; the note names Qwen Code', () => {
    const settings = join(project, '.qwen', 'settings.json');
    expect(readFileSync(settings, 'utf8')).not.toContain(SECRET);
    runClient(
      join(binDir, 'qwen'),
      ['mcp', 'add', '--scope', 'project', 'other', 'node', MEMORY_JS],
      { env: { ...env, API_TOKEN: SECRET }, cwd: project },
    );
    expect(readFileSync(settings, 'utf8')).toContain(SECRET);
    const plan = mcpo(['plan']);
    expect(plan.stdout).toContain(
      `Note: ${settings} (a project file, which others may read) holds the value of secret API_TOKEN in plain text (server api, env.API_TOKEN), where mcpo writes a reference; Qwen Code may have expanded it`,
    );
    expect(plan.stdout + plan.stderr).not.toContain(SECRET);
    expect(mcpo(['apply', '--yes']).code).toBe(0);
    expect(readFileSync(settings, 'utf8')).not.toContain(SECRET);
  }, 120_000);

  test('copilot mcp disable: status shows the server disabled by Copilot and plan says so', () => {
    const statusOf = () =>
      (
        JSON.parse(mcpo(['status', '--json']).stdout) as {
          servers: { name: string; states: Record<string, string> }[];
        }
      ).servers.find((s) => s.name === 'memory')!.states;
    expect(statusOf()['copilot-cli (user)']).toBe('in-sync');
    runClient(join(binDir, 'copilot'), ['mcp', 'disable', 'memory'], { env, cwd: tmp.home });
    expect(
      JSON.parse(readFileSync(join(tmp.home, '.copilot', 'settings.json'), 'utf8'))
        .disabledMcpServers,
    ).toEqual(['memory']);
    expect(statusOf()['copilot-cli (user)']).toBe('disabled');
    const plan = mcpo(['plan']);
    expect(plan.stdout).toContain(
      `Note: Copilot CLI has server memory turned off in ${join(tmp.home, '.copilot', 'settings.json')}`,
    );
    runClient(join(binDir, 'copilot'), ['mcp', 'enable', 'memory'], { env, cwd: tmp.home });
    expect(statusOf()['copilot-cli (user)']).toBe('in-sync');
  }, 120_000);

  test('Claude Code reads the remote server with its tool permissions (no config warning)', () => {
    const written = JSON.parse(readFileSync(join(project, '.mcp.json'), 'utf8')).mcpServers.remote;
    expect(written.tools).toEqual([
      { name: 'read_graph', permission_policy: 'always_allow' },
      { name: 'delete_entities', permission_policy: 'always_deny' },
    ]);
    const claudeEnv: NodeJS.ProcessEnv = {
      ...env,
      DISABLE_AUTOUPDATER: '1',
      CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1',
      DISABLE_TELEMETRY: '1',
      DISABLE_ERROR_REPORTING: '1',
    };
    delete claudeEnv.ANTHROPIC_API_KEY;
    const out = runClient(join(binDir, 'claude'), ['mcp', 'list'], {
      env: claudeEnv,
      cwd: project,
    }).stdout;
    expect(out).toMatch(/^remote: http:\/\/127\.0\.0\.1:9\/mcp \(HTTP\) - /m);
    expect(out).not.toContain('Skipped');
    expect(
      runClient(join(binDir, 'claude'), ['mcp', 'get', 'remote'], { env: claudeEnv, cwd: project })
        .stdout,
    ).toContain('Scope: Project config');
  }, 120_000);
});
