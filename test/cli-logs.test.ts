import { describe, test, expect, beforeEach, afterEach } from '@jest/globals';
import { spawn } from 'node:child_process';
import { appendFileSync, mkdirSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeTmpHome, runMcpo, MCPO_CLI } from './helpers/tmp-home.js';

/**
 * `mcpo logs` end to end: the built CLI in a temp home holding log files shaped like each client's
 * (contents written for these tests), at the paths the locator table names.
 */
let home: ReturnType<typeof makeTmpHome>;
let project: string;
const SECRET = 'sk-live-0d9e8f7a6b';

const STACK = `version: 1
servers:
  memory:
    command: npx
    args: [-y, "@modelcontextprotocol/server-memory"]
    env: { MEMORY_API_KEY: "\${secret:mem-key}" }
  other:
    command: other-server
clients:
  claude-desktop: { servers: [memory] }
  claude-code: { scope: user, servers: [memory] }
  codex: { scope: user, servers: [memory] }
  gemini-cli: { scope: user, servers: [memory] }
  vscode: { scope: user, servers: [other] }
`;

const desktopLogs = () => join(home.home, '.config', 'Claude', 'logs');
const envWith = () => ({ ...home.env, MCPO_SECRET_MEM_KEY: SECRET });
const mcpo = (...args: string[]) => runMcpo(args, { env: envWith(), cwd: project });

function write(path: string, text: string): void {
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, text);
}

const PER_SERVER = [
  '2026-11-20T09:00:00.101Z [memory] [info] Initializing server... { metadata: undefined }',
  '2026-11-20T09:00:00.240Z [memory] [info] Server started and connected successfully { metadata: undefined }',
  'Knowledge Graph MCP Server running on stdio',
  `using key ${SECRET}`,
  '2026-11-20T09:00:31.002Z [memory] [info] Message from server: {"jsonrpc":"2.0","id":3,"error":{"code":-32603,"message":"entity not found"}}',
  '2026-11-20T09:01:02.000Z [memory] [error] Request timed out after 60000ms { metadata: undefined }',
  '',
].join('\n');

beforeEach(() => {
  home = makeTmpHome();
  project = join(home.home, 'proj');
  mkdirSync(project);
  writeFileSync(join(project, 'mcp.stack.yaml'), STACK);
  write(join(desktopLogs(), 'mcp-server-memory.log'), PER_SERVER);
  write(
    join(desktopLogs(), 'mcp.log'),
    '2026-11-20T09:00:00.100Z [info] [memory] Initializing server...\n2026-11-20T09:00:00.100Z [info] [memory-bank] Initializing server...\n2026-11-20T09:00:00.300Z [info] [other] Server started\n',
  );
});
afterEach(() => home.cleanup());

describe('mcpo logs', () => {
  test('Claude Desktop: per-server log and the shared mcp.log filtered to the server, highlighted with markers, secret masked', () => {
    const r = mcpo('logs', 'memory', '--client', 'claude-desktop');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(
      '==> claude-desktop: ~/.config/Claude/logs/mcp-server-memory.log <==',
    );
    expect(r.stdout).toContain('>> stderr: Knowledge Graph MCP Server running on stdio');
    expect(r.stdout).toContain(
      '>> error: 2026-11-20T09:00:31.002Z [memory] [info] Message from server: {"jsonrpc":"2.0","id":3,"error"',
    );
    expect(r.stdout).toContain(
      '>> timeout: 2026-11-20T09:01:02.000Z [memory] [error] Request timed out',
    );
    expect(r.stdout).toMatch(/^2026-11-20T09:00:00.240Z \[memory\] \[info\] Server started/m); // plain lines unmarked
    expect(r.stdout).toContain('using key (sensitive)');
    expect(r.stdout).not.toContain(SECRET);
    expect(r.stdout).toContain(
      '==> claude-desktop: ~/.config/Claude/logs/mcp.log (lines mentioning memory) <==',
    );
    expect(r.stdout).toContain('[memory] Initializing server...');
    expect(r.stdout).not.toContain('[memory-bank]');
    expect(r.stdout).not.toContain('[other]');
  });

  test('-n keeps the last N lines of each file', () => {
    const r = mcpo('logs', 'memory', '--client', 'claude-desktop', '-n', '2');
    const perServer = r.stdout.split('==>')[1]!.trim().split('\n').slice(1);
    expect(perServer).toHaveLength(2);
    expect(perServer[1]).toContain('Request timed out');
    expect(mcpo('logs', 'memory', '-n', '0').stderr).toContain(
      '-n expects a whole number of lines, 1 or more, not "0".',
    );
  });

  test('without --client: every client that has the server, each with a header; no-log clients say what to run instead', () => {
    const cache = join(
      home.home,
      '.cache',
      'claude-cli-nodejs',
      project.replace(/[^a-zA-Z0-9]/g, '-'),
      'mcp-logs-memory',
    );
    write(
      join(cache, '2026-11-20T09-00-00-000Z.jsonl'),
      '{"debug":"Starting connection with timeout of 30000ms","timestamp":"2026-11-20T09:00:00.000Z"}\n{"error":"Connection failed: spawn npx ENOENT","timestamp":"2026-11-20T09:00:00.100Z"}\n',
    );
    write(
      join(home.home, '.codex', 'log', 'codex-tui.log'),
      '2026-11-20T09:00:00Z INFO codex_core: session started\n2026-11-20T09:00:01Z ERROR codex_core::mcp: MCP client for `memory` failed to start: program not found\n',
    );
    const r = mcpo('logs', 'memory');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(
      '==> claude-desktop: ~/.config/Claude/logs/mcp-server-memory.log <==',
    );
    expect(r.stdout).toMatch(
      /==> claude-code: ~\/\.cache\/claude-cli-nodejs\/.*-proj\/mcp-logs-memory\/2026-11-20T09-00-00-000Z\.jsonl <==/,
    );
    expect(r.stdout).toContain('>> error: {"error":"Connection failed: spawn npx ENOENT"');
    expect(r.stdout).toContain('{"debug":"Starting connection with timeout of 30000ms"'); // a setting, not a timeout
    expect(r.stdout).not.toContain('>> timeout: {"debug"');
    expect(r.stdout).toContain(
      '==> codex: ~/.codex/log/codex-tui.log (lines mentioning memory) <==',
    );
    expect(r.stdout).toContain(
      '>> error: 2026-11-20T09:00:01Z ERROR codex_core::mcp: MCP client for `memory` failed',
    );
    expect(r.stdout).not.toContain('session started');
    expect(r.stdout).toContain('gemini-cli keeps no MCP log file');
    expect(r.stdout).toContain('Run `mcpo doctor memory`');
    expect(r.stdout).not.toContain('vscode');
  });

  test('VS Code: the per-server output channel of the newest session', () => {
    const logs = join(home.home, '.config', 'Code', 'logs');
    write(
      join(logs, '20261119T080000', 'window1', 'mcpServer.mcp.config.usrlocal.other.log'),
      'old session\n',
    );
    write(
      join(logs, '20261120T080000', 'window1', 'mcpServer.mcp.config.usrlocal.other.log'),
      '2026-11-20 08:00:01.000 [info] Connection state: Running\n2026-11-20 08:00:02.000 [warning] [server stderr] listening\n',
    );
    const r = mcpo('logs', 'other');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(
      '==> vscode: ~/.config/Code/logs/20261120T080000/window1/mcpServer.mcp.config.usrlocal.other.log <==',
    );
    expect(r.stdout).toContain(
      '>> stderr: 2026-11-20 08:00:02.000 [warning] [server stderr] listening',
    );
    expect(r.stdout).not.toContain('old session');
  });

  test('no log anywhere: says where it looked and what to run, exit 1', () => {
    const r = mcpo('logs', 'memory', '--client', 'codex');
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(
      'codex: no log for memory yet (looked in ~/.codex/log/codex-tui.log)',
    );
    expect(r.stderr).toContain('No log file found for memory. Run `mcpo doctor memory`');
  });

  test('an unknown server is an error naming the stack file, with a suggestion', () => {
    const r = mcpo('logs', 'memroy');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      `Error: No server memroy in ${join(project, 'mcp.stack.yaml')} (did you mean \`memory\`?).`,
    );
    expect(r.stdout).toBe('');
  });

  test('an unknown client is an error', () => {
    const r = mcpo('logs', 'memory', '--client', 'nope');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('Unknown client nope.');
  });

  test('--follow prints appended lines (masked, highlighted) and stops cleanly on SIGINT', async () => {
    const file = join(desktopLogs(), 'mcp-server-memory.log');
    utimesSync(file, new Date(), new Date());
    const child = spawn(
      process.execPath,
      [MCPO_CLI, 'logs', 'memory', '--client', 'claude-desktop', '-n', '1', '--follow'],
      { cwd: project, env: envWith() },
    );
    let out = '';
    child.stdout.on('data', (d: Buffer) => void (out += d.toString()));
    const waitFor = async (text: string) => {
      for (let i = 0; i < 300 && !out.includes(text); i++)
        await new Promise((r) => setTimeout(r, 100));
      expect(out).toContain(text);
    };
    try {
      await waitFor('(lines mentioning memory) <==');
      appendFileSync(file, `Error: upstream refused ${SECRET}\n`);
      await waitFor('>> error: Error: upstream refused (sensitive)');
      appendFileSync(
        join(desktopLogs(), 'mcp.log'),
        '2026-11-20T09:05:00.000Z [info] [other] not this one\n2026-11-20T09:05:00.000Z [info] [memory] reconnected\n',
      );
      await waitFor('[memory] reconnected');
      const code = new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
      child.kill('SIGINT');
      expect(await code).toBe(0);
      expect(out).not.toContain('not this one');
      expect(out).not.toContain(SECRET);
    } finally {
      child.kill('SIGKILL');
    }
  }, 60_000);
});
