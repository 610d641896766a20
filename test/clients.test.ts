import { describe, test, expect } from '@jest/globals';
import { clients, clientIds, getClient } from './helpers/clients.js';
import { claudeDesktop } from '../src/clients/claude-desktop.js';
import { claudeCode } from '../src/clients/claude-code.js';
import { cursor } from '../src/clients/cursor.js';
import { appDataDir, localAppDataDir, macAppSupport, xdgConfigHome } from '../src/clients/paths.js';
import type { ClientAdapter } from '../src/clients/contract.js';
import type { PathContext, ServerSpec } from '../src/types.js';
import { clientFixture, ctxFor } from './helpers/path-context.js';

const fixture = clientFixture;

const stdio: ServerSpec = {
  name: 'fs',
  transport: 'stdio',
  command: 'npx',
  args: ['-y', '@mcp/fs', '/data'],
  env: { LOG: 'debug' },
};
const http: ServerSpec = {
  name: 'api',
  transport: 'http',
  url: 'https://example.com/mcp',
  headers: { Authorization: 'Bearer hunter2-SECRET' },
};

function renderOk(adapter: ClientAdapter, spec: ServerSpec): Record<string, unknown> {
  const r = adapter.render(spec);
  if (!r.ok) throw new Error(`render failed: ${r.message}`);
  return r.entry;
}

function renderErr(adapter: ClientAdapter, spec: ServerSpec): { message: string; hint: string } {
  const r = adapter.render(spec);
  if (r.ok) throw new Error('expected a render error');
  return r;
}

describe('registry', () => {
  test('lists each adapter once by id', () => {
    expect(clientIds()).toEqual([
      'claude-desktop',
      'claude-code',
      'cursor',
      'vscode',
      'cline',
      'roo-code',
      'windsurf',
      'zed',
      'codex',
      'gemini-cli',
      'qwen-code',
      'copilot-cli',
      'opencode',
      'continue',
      'goose',
      'kiro',
      'amazon-q',
      'lm-studio',
      'antigravity-cli',
      'devin-desktop',
      'zoo-code',
      'kiro-cli',
      'cursor-agent',
      'crush',
      'warp',
      'junie',
      'jetbrains-ai',
      'trae',
      'visual-studio',
      'kilo-cli',
      'qoder-cli',
      'auggie',
      'droid',
      'amp',
      'grok-cli',
    ]);
    expect(new Set(clientIds()).size).toBe(clients.length);
    expect(getClient('cursor')).toBe(cursor);
    expect(getClient('nope')).toBeUndefined();
    for (const c of clients) expect(c.docs.length).toBeGreaterThan(0);
  });
});

describe('paths helpers', () => {
  test('windows folders use env vars, falling back under home', () => {
    const win = ctxFor('win32', { env: { APPDATA: 'D:\\Roam', localappdata: 'D:\\Local' } });
    expect(appDataDir(win)).toBe('D:\\Roam');
    expect(localAppDataDir(win)).toBe('D:\\Local');
    expect(appDataDir(ctxFor('win32'))).toBe('C:\\Users\\dev\\AppData\\Roaming');
    expect(localAppDataDir(ctxFor('win32'))).toBe('C:\\Users\\dev\\AppData\\Local');
  });
  test('XDG_CONFIG_HOME only when absolute; macOS Application Support', () => {
    expect(xdgConfigHome(ctxFor('linux', { env: { XDG_CONFIG_HOME: '/xdg' } }))).toBe('/xdg');
    expect(xdgConfigHome(ctxFor('linux', { env: { XDG_CONFIG_HOME: 'rel/dir' } }))).toBe(
      '/home/dev/.config',
    );
    expect(macAppSupport(ctxFor('darwin'))).toBe('/Users/dev/Library/Application Support');
  });
});

describe('claude-desktop', () => {
  const path = (ctx: PathContext): string => claudeDesktop.configPath('user', ctx);
  test('platform paths', () => {
    expect(path(ctxFor('darwin'))).toBe(
      '/Users/dev/Library/Application Support/Claude/claude_desktop_config.json',
    );
    expect(path(ctxFor('linux'))).toBe('/home/dev/.config/Claude/claude_desktop_config.json');
    expect(path(ctxFor('linux', { env: { XDG_CONFIG_HOME: '/cfg' } }))).toBe(
      '/cfg/Claude/claude_desktop_config.json',
    );
    expect(path(ctxFor('win32', { env: { APPDATA: 'C:\\Users\\dev\\AppData\\Roaming' } }))).toBe(
      'C:\\Users\\dev\\AppData\\Roaming\\Claude\\claude_desktop_config.json',
    );
    expect(claudeDesktop.installDir(ctxFor('darwin'))).toBe(
      '/Users/dev/Library/Application Support/Claude',
    );
  });
  test('windows MSIX install is preferred when its package folder exists', () => {
    const local = 'C:\\Users\\dev\\AppData\\Local';
    const pkg = `${local}\\Packages`;
    const msixDir = `${pkg}\\Claude_pzs8sxrjxfjjc\\LocalCache\\Roaming\\Claude`;
    const msix = ctxFor('win32', {
      env: { LOCALAPPDATA: local },
      dirs: { [pkg]: ['Microsoft.Edge_8wekyb3d8bbwe', 'Claude_pzs8sxrjxfjjc'], [msixDir]: [] },
    });
    expect(path(msix)).toBe(`${msixDir}\\claude_desktop_config.json`);
    expect(claudeDesktop.installDir(msix)).toBe(msixDir);
    // The package exists but the app never ran (no LocalCache folder): classic path.
    const notRun = ctxFor('win32', {
      env: { LOCALAPPDATA: local },
      dirs: { [pkg]: ['Claude_pzs8sxrjxfjjc'] },
    });
    expect(path(notRun)).toBe(
      'C:\\Users\\dev\\AppData\\Roaming\\Claude\\claude_desktop_config.json',
    );
  });
  test('render and parse round trip for stdio, with client options', () => {
    const spec: ServerSpec = { ...stdio, clientOptions: { 'claude-desktop': { icon: 'fs.png' } } };
    const entry = renderOk(claudeDesktop, spec);
    expect(entry).toEqual({
      command: 'npx',
      args: ['-y', '@mcp/fs', '/data'],
      env: { LOG: 'debug' },
      icon: 'fs.png',
    });
    expect(claudeDesktop.parse('fs', entry)).toEqual(spec);
    expect(
      renderOk(claudeDesktop, { name: 'x', transport: 'stdio', command: 'x', args: [], env: {} }),
    ).toEqual({ command: 'x' });
  });
  test('parses the fixture file', () => {
    const entries = claudeDesktop.format.readEntries(
      fixture('claude-desktop/claude_desktop_config.json'),
      'f',
      ['mcpServers'],
    );
    expect(claudeDesktop.parse('filesystem', entries.filesystem!)).toEqual({
      name: 'filesystem',
      transport: 'stdio',
      command: 'npx',
      args: ['-y', '@modelcontextprotocol/server-filesystem', '/Users/dev/Desktop'],
    });
    expect(claudeDesktop.parse('r', { url: 'https://x/mcp' })).toEqual({
      name: 'r',
      transport: 'http',
      url: 'https://x/mcp',
    });
  });
  test('remote, cwd, disabled and timeout are render errors without secrets', () => {
    const remote = renderErr(claudeDesktop, http);
    expect(remote.message).toContain('cannot connect to remote server "api"');
    expect(remote.hint).toContain('mcp-remote');
    expect(`${remote.message} ${remote.hint}`).not.toMatch(/hunter2|example\.com/);
    expect(renderErr(claudeDesktop, { ...stdio, cwd: '/w' }).message).toBe(
      'Claude Desktop cannot set a working directory for server "fs"',
    );
    expect(renderErr(claudeDesktop, { ...stdio, disabled: true }).hint).toContain(
      'claude-desktop target',
    );
    expect(renderErr(claudeDesktop, { ...stdio, timeout: 30 }).message).toContain('timeout');
  });
});

describe('claude-code', () => {
  test('paths and entries per scope', () => {
    const mac = ctxFor('darwin');
    expect(claudeCode.configPath('user', mac)).toBe('/Users/dev/.claude.json');
    expect(claudeCode.configPath('local', mac)).toBe('/Users/dev/.claude.json');
    expect(claudeCode.configPath('project', mac)).toBe('/src/app.v2/.mcp.json');
    expect(claudeCode.entriesPath('user', mac)).toEqual(['mcpServers']);
    expect(claudeCode.entriesPath('project', mac)).toEqual(['mcpServers']);
    expect(claudeCode.entriesPath('local', mac)).toEqual(['projects', '/src/app.v2', 'mcpServers']);
    expect(claudeCode.installDir(mac)).toBe('/Users/dev/.claude');
    const linux = ctxFor('linux', { env: { CLAUDE_CONFIG_DIR: '/alt/claude' } });
    expect(claudeCode.configPath('user', linux)).toBe('/alt/claude/.claude.json');
    expect(claudeCode.installDir(linux)).toBe('/alt/claude');
    expect(claudeCode.configPath('user', ctxFor('linux'))).toBe('/home/dev/.claude.json');
    const win = ctxFor('win32');
    expect(claudeCode.configPath('user', win)).toBe('C:\\Users\\dev\\.claude.json');
    expect(claudeCode.configPath('project', win)).toBe('C:\\src\\app\\.mcp.json');
    expect(claudeCode.entriesPath('local', win)).toEqual(['projects', 'C:/src/app', 'mcpServers']);
  });
  test('local scope writes under a project key with dots and slashes, leaving the rest intact', () => {
    const text = fixture('claude-code/claude.json');
    const ctx = ctxFor('linux', { projectDir: '/home/dev/work/api.v2' });
    const path = claudeCode.entriesPath('local', ctx);
    const out = claudeCode.format.writeEntries(text, 'f', path, {
      fs: renderOk(claudeCode, stdio),
    });
    const parsed = JSON.parse(out);
    expect(Object.keys(parsed.projects['/home/dev/work/api.v2'].mcpServers)).toEqual([
      'sentry',
      'fs',
    ]);
    expect(parsed.mcpServers).toEqual(JSON.parse(text).mcpServers);
    expect(parsed.oauthAccount).toEqual(JSON.parse(text).oauthAccount);
    expect(claudeCode.format.writeEntries(out, 'f', path, { fs: undefined })).toBe(text);
  });
  test('render writes type always, timeout in ms, and round-trips', () => {
    const s = renderOk(claudeCode, { ...stdio, timeout: 90 });
    expect(s).toEqual({
      type: 'stdio',
      command: 'npx',
      args: ['-y', '@mcp/fs', '/data'],
      env: { LOG: 'debug' },
      timeout: 90000,
    });
    expect(claudeCode.parse('fs', s)).toEqual({ ...stdio, timeout: 90 });
    for (const transport of ['http', 'sse', 'ws'] as const) {
      const spec = { ...http, transport };
      const e = renderOk(claudeCode, spec);
      expect(e).toEqual({
        type: transport,
        url: 'https://example.com/mcp',
        headers: { Authorization: 'Bearer hunter2-SECRET' },
      });
      expect(claudeCode.parse('api', e)).toEqual(spec);
    }
    const opts: ServerSpec = {
      ...http,
      oauth: { clientId: 'abc' },
      clientOptions: { 'claude-code': { alwaysLoad: true } },
    };
    expect(claudeCode.parse('api', renderOk(claudeCode, opts))).toEqual(opts);
  });
  test('parse accepts a missing stdio type and the streamable-http alias', () => {
    // `type: null` in its client options: rendering it back leaves the type out, as the file had it.
    expect(claudeCode.parse('m', { command: 'x', args: ['a'], env: {} })).toEqual({
      name: 'm',
      transport: 'stdio',
      command: 'x',
      args: ['a'],
      env: {},
      clientOptions: { 'claude-code': { type: null } },
    });
    expect(renderOk(claudeCode, claudeCode.parse('m', { command: 'x', args: ['a'] }))).toEqual({
      command: 'x',
      args: ['a'],
    });
    expect(claudeCode.parse('r', { type: 'streamable-http', url: 'https://x/mcp' })).toEqual({
      name: 'r',
      transport: 'http',
      url: 'https://x/mcp',
    });
  });
  test('cwd, disabled and sub-second timeouts are render errors without secrets', () => {
    expect(renderErr(claudeCode, { ...stdio, cwd: '/w' }).message).toContain('working directory');
    const d = renderErr(claudeCode, { ...http, disabled: true });
    expect(d.message).toContain('disabled');
    expect(`${d.message} ${d.hint}`).not.toContain('hunter2');
    expect(renderErr(claudeCode, { ...stdio, timeout: 0.5 }).message).toContain('under 1 second');
  });
});

describe('cursor', () => {
  test('paths per scope and platform', () => {
    expect(cursor.configPath('user', ctxFor('darwin'))).toBe('/Users/dev/.cursor/mcp.json');
    expect(cursor.configPath('project', ctxFor('linux'))).toBe('/src/app.v2/.cursor/mcp.json');
    expect(cursor.configPath('user', ctxFor('win32'))).toBe('C:\\Users\\dev\\.cursor\\mcp.json');
    expect(cursor.configPath('project', ctxFor('win32'))).toBe('C:\\src\\app\\.cursor\\mcp.json');
    expect(cursor.installDir(ctxFor('linux'))).toBe('/home/dev/.cursor');
    expect(cursor.entriesPath('user', ctxFor('linux'))).toEqual(['mcpServers']);
  });
  test('render and parse round trip; sse and http are both a bare url', () => {
    expect(cursor.parse('fs', renderOk(cursor, stdio))).toEqual(stdio);
    const e = renderOk(cursor, http);
    expect(e).toEqual({
      url: 'https://example.com/mcp',
      headers: { Authorization: 'Bearer hunter2-SECRET' },
    });
    expect(cursor.parse('api', e)).toEqual(http);
    expect(renderOk(cursor, { ...http, transport: 'sse' })).toEqual(e);
    const withEnvFile: ServerSpec = { ...stdio, clientOptions: { cursor: { envFile: '.env' } } };
    expect(cursor.parse('fs', renderOk(cursor, withEnvFile))).toEqual(withEnvFile);
  });
  test('parses the tab-indented fixture', () => {
    const entries = cursor.format.readEntries(fixture('cursor/mcp.json'), 'f', ['mcpServers']);
    expect(cursor.parse('github', entries.github!)).toEqual({
      name: 'github',
      transport: 'http',
      url: 'https://api.githubcopilot.com/mcp/',
      headers: { Authorization: 'Bearer ${env:GITHUB_TOKEN}' },
    });
  });
  test('ws, cwd, timeout and disabled are render errors without secrets', () => {
    const ws = renderErr(cursor, { ...http, transport: 'ws' });
    expect(ws.message).toContain('WebSocket');
    expect(`${ws.message} ${ws.hint}`).not.toMatch(/hunter2|example\.com/);
    expect(renderErr(cursor, { ...stdio, cwd: '/w' }).message).toContain('working directory');
    expect(renderErr(cursor, { ...stdio, timeout: 10 }).message).toContain('timeout');
    expect(renderErr(cursor, { ...stdio, disabled: true }).message).toContain('disabled');
  });
});

describe('every adapter', () => {
  test.each(clients.map((c) => [c.id, c] as const))(
    '%s: render never puts header or env values into a message',
    (_id, adapter) => {
      const variants: ServerSpec[] = [
        { ...http, transport: 'ws' },
        { ...http, disabled: true },
        { ...http, timeout: 0.1 },
        http,
        { ...stdio, env: { TOKEN: 'hunter2-SECRET' }, cwd: '/w' },
        { name: 'n', transport: 'stdio' },
      ];
      for (const spec of variants) {
        const r = adapter.render(spec);
        if (!r.ok) expect(`${r.message} ${r.hint}`).not.toContain('hunter2');
      }
    },
  );
});
