import { describe, test, expect } from '@jest/globals';
import { ctxFor } from './helpers/path-context.js';
import { logLocator, type LogLocation } from '../src/logs/locations.js';
import { classifyLine } from '../src/logs/highlight.js';
import { mentions } from '../src/logs/read.js';
import { clients } from './helpers/clients.js';

/** The locator table per platform (paths only, injected context) and the line rules, as pure units. */
const locate = (id: string, server: string, ctx: ReturnType<typeof ctxFor>): LogLocation => {
  const l = logLocator(id);
  if ('none' in l) throw new Error(`${id} has no locator`);
  return l.locate(server, ctx);
};

describe('log locations', () => {
  test('Claude Desktop: ~/Library/Logs/Claude on macOS, %APPDATA%\\Claude\\logs on Windows, ~/.config/Claude/logs on Linux', () => {
    const mac = ctxFor('darwin', {
      dirs: {
        '/Users/dev/Library/Logs/Claude/mcp-server-fs.log': [],
        '/Users/dev/Library/Logs/Claude/mcp.log': [],
      },
    });
    expect(locate('claude-desktop', 'fs', mac).files).toEqual([
      { path: '/Users/dev/Library/Logs/Claude/mcp-server-fs.log', mixed: false, rawStderr: true },
      { path: '/Users/dev/Library/Logs/Claude/mcp.log', mixed: true },
    ]);
    const win = ctxFor('win32', {
      env: { APPDATA: 'C:\\Users\\dev\\AppData\\Roaming' },
      dirs: { 'C:\\Users\\dev\\AppData\\Roaming\\Claude\\logs\\mcp.log': [] },
    });
    expect(locate('claude-desktop', 'fs', win).files).toEqual([
      { path: 'C:\\Users\\dev\\AppData\\Roaming\\Claude\\logs\\mcp.log', mixed: true },
    ]);
    expect(locate('claude-desktop', 'fs', ctxFor('linux')).searched).toEqual([
      '/home/dev/.config/Claude/logs',
    ]);
  });

  test('Codex honours CODEX_HOME; Claude Code looks under the project folder name as the CLI writes it', () => {
    expect(
      locate('codex', 'fs', ctxFor('linux', { env: { CODEX_HOME: '/opt/codex' } })).searched,
    ).toEqual(['/opt/codex/log/codex-tui.log']);
    expect(locate('claude-code', 'my.fs', ctxFor('linux')).searched).toEqual([
      '/home/dev/.cache/claude-cli-nodejs/-src-app-v2/mcp-logs-my-fs',
    ]);
    expect(locate('claude-code', 'fs', ctxFor('darwin')).searched[0]).toBe(
      '/Users/dev/Library/Caches/claude-cli-nodejs/-src-app-v2/mcp-logs-fs',
    );
  });

  test('every client has either a locator or a sentence saying it keeps no log', () => {
    for (const c of clients) {
      const l = logLocator(c.id);
      expect('none' in l ? l.none : typeof l.locate).toMatch(/keeps no MCP log file|function/);
    }
  });
});

describe('log lines', () => {
  test('JSON-RPC errors, error levels, timeouts and stderr are told apart', () => {
    expect(
      classifyLine('{"jsonrpc":"2.0","id":4,"error":{"code":-32602,"message":"bad params"}}'),
    ).toBe('error');
    expect(classifyLine('2026-01-01T00:00:00Z [fs] [error] spawn ENOENT')).toBe('error');
    expect(
      classifyLine(
        '{"jsonrpc":"2.0","id":4,"error":{"code":-32001,"message":"Request timed out"}}',
      ),
    ).toBe('timeout');
    expect(classifyLine('[warning] [server stderr] ready')).toBe('stderr');
    expect(classifyLine('ready on stdio', true)).toBe('stderr');
    expect(classifyLine('2026-01-01T00:00:00Z [fs] [info] ready', true)).toBe('plain');
    expect(classifyLine('Starting connection with timeout of 30000ms')).toBe('plain');
  });

  test('a shared log line mentions a server by its whole name', () => {
    const m = mentions('fs');
    expect(m('[info] [fs] started')).toBe(true);
    expect(m('MCP client for `fs` failed')).toBe(true);
    expect(m('[info] [fs-extra] started')).toBe(false);
    expect(m('[info] [myfs] started')).toBe(false);
  });
});
