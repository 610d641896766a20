// One `<project>/.mcp.json` read by two real clients (issue 12, section 2): a stack with Claude
// Code and Copilot CLI project targets is planned as ONE edit of `.mcp.json` (Copilot ignores
// `.github/mcp.json` once `.mcp.json` exists), and both CLIs list the project servers from it.
//
// Observed with Claude Code 2.1.330 and Copilot CLI 1.0.102 (test/clients-cli):
// - Copilot reads `.mcp.json` entries in Claude Code's form (`type: stdio`, no `tools`): `tools`
//   defaults to ["*"] and `args` to []. Claude Code skips Copilot's `type: local` ("unknown MCP
//   server type"), so the entry written is Claude Code's form.
// - With `.mcp.json` present (even `{}`), `.github/mcp.json` is not read at all.
// Env and trust as in real-copilot-cli.test.ts and real-claude-code.test.ts.
import { describe, test, expect, beforeAll, afterAll } from '@jest/globals';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeTmpHome, MCPO_CLI, runMcpo, type TmpHome } from './helpers/tmp-home.js';
import { installOrSkip, MEMORY_JS, runClient, SHARED_CACHE } from './helpers/real-client.js';

const { binDir, skipReason } = installOrSkip('Copilot CLI and Claude Code');
const suite = skipReason ? describe.skip : describe;

const SERVERS = ['shared-a', 'shared-b'];

suite('real Claude Code and Copilot CLI read one .mcp.json written by mcpo', () => {
  let tmp: TmpHome;
  let project = '';
  let stackFile = '';
  let env: NodeJS.ProcessEnv = {};
  const mcpo = (args: string[]) =>
    runMcpo([...args, '--stack', stackFile, '--project', project, '--no-color'], {
      env: tmp.env,
      cwd: project,
    });

  beforeAll(() => {
    if (!existsSync(MCPO_CLI))
      throw new Error(`${MCPO_CLI} is missing: run \`npm run build\` first (npm test does)`);
    tmp = makeTmpHome('mcpo-real-shared-');
    project = join(tmp.home, 'work', 'proj');
    for (const d of [project, join(tmp.home, '.copilot'), join(tmp.home, '.claude')])
      mkdirSync(d, { recursive: true });
    env = {
      ...tmp.env,
      COPILOT_AUTO_UPDATE: 'false',
      COPILOT_PKG_CACHE_HOME: join(SHARED_CACHE, 'copilot'),
      DISABLE_AUTOUPDATER: '1',
      CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1',
      DISABLE_TELEMETRY: '1',
      DISABLE_ERROR_REPORTING: '1',
    };
    for (const k of [
      'COPILOT_HOME',
      'COPILOT_CACHE_HOME',
      'GH_TOKEN',
      'GITHUB_TOKEN',
      'COPILOT_GITHUB_TOKEN',
      'COPILOT_ALLOW_ALL',
      'ANTHROPIC_API_KEY',
    ])
      delete env[k];
    // The trust each client's prompt would record for the project folder.
    writeFileSync(
      join(tmp.home, '.copilot', 'config.json'),
      JSON.stringify({ trusted_folders: [project] }),
    );
    const approved = { hasTrustDialogAccepted: true, enabledMcpjsonServers: SERVERS };
    writeFileSync(
      join(tmp.home, '.claude.json'),
      JSON.stringify({ projects: { [project]: approved } }, null, 2),
    );

    stackFile = join(project, 'mcp.stack.yaml');
    const memory = `{ command: node, args: [${JSON.stringify(MEMORY_JS)}], env: { LOG: quiet } }`;
    writeFileSync(
      stackFile,
      [
        'version: 1',
        'servers:',
        ...SERVERS.map((n) => `  ${n}: ${memory}`),
        'clients:',
        // Copilot first: its own form (`type: local`) is not one Claude Code reads.
        `  copilot-cli: [{ scope: project, servers: [shared-a] }]`,
        `  claude-code: [{ scope: project, servers: [${SERVERS.join(', ')}] }]`,
        '',
      ].join('\n'),
    );
  }, 120_000);

  afterAll(() => tmp?.cleanup());

  test('plan: one edit of .mcp.json, read by both; apply writes it and no .github/mcp.json', () => {
    const plan = mcpo(['plan', '--json']);
    expect(plan.code).toBe(0);
    const json = JSON.parse(plan.stdout) as {
      targets: { path: string; readers: string[]; changes: { action: string; server: string }[] }[];
    };
    expect(
      json.targets.map((t) => [t.path, t.readers, t.changes.map((c) => `${c.action} ${c.server}`)]),
    ).toEqual([
      [
        join(project, '.mcp.json'),
        ['claude-code', 'qwen-code', 'copilot-cli', 'qoder-cli'],
        ['create shared-a', 'create shared-b'],
      ],
    ]);
    const apply = mcpo(['apply', '--yes', '--force']);
    expect({ code: apply.code, err: apply.stderr }).toEqual({ code: 0, err: '' });
    expect(existsSync(join(project, '.github', 'mcp.json'))).toBe(false);
    const written = JSON.parse(readFileSync(join(project, '.mcp.json'), 'utf8')).mcpServers;
    expect(Object.keys(written)).toEqual(SERVERS);
  });

  test('copilot mcp list --json shows both servers from .mcp.json, all tools', () => {
    const out = runClient(join(binDir, 'copilot'), ['mcp', 'list', '--json'], {
      env,
      cwd: project,
    }).stdout;
    const servers = (JSON.parse(out) as { mcpServers: Record<string, Record<string, unknown>> })
      .mcpServers;
    for (const n of SERVERS) {
      expect(servers[n]).toMatchObject({
        command: 'node',
        args: [MEMORY_JS],
        env: { LOG: 'quiet' },
        tools: ['*'],
        source: 'workspace',
        sourcePath: join(project, '.mcp.json'),
        enabled: true,
      });
    }
  }, 120_000);

  test('claude mcp list connects to both servers from .mcp.json, with no config warning', () => {
    const out = runClient(join(binDir, 'claude'), ['mcp', 'list'], { env, cwd: project }).stdout;
    for (const n of SERVERS)
      expect(out).toMatch(
        new RegExp(
          `^${n}: node ${MEMORY_JS.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} - ✔ Connected$`,
          'm',
        ),
      );
    expect(out).not.toContain('Skipped');
  }, 120_000);

  test('after both clients read the file, plan says No changes.', () => {
    const r = mcpo(['plan', '--detailed-exitcode']);
    expect({ code: r.code, out: r.stdout }).toEqual({
      code: 0,
      out: expect.stringContaining('No changes.'),
    });
  });
});
