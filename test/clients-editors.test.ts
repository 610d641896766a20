import { describe, test, expect } from '@jest/globals';
import { vscode } from '../src/clients/vscode.js';
import { cline } from '../src/clients/cline.js';
import { rooCode } from '../src/clients/roo-code.js';
import { windsurf } from '../src/clients/windsurf.js';
import { zed } from '../src/clients/zed.js';
import { codeUserDir } from '../src/clients/paths.js';
import {
  clientFixture,
  ctxFor,
  http,
  renderErr,
  renderOk,
  roundTrip,
  stdio,
} from './helpers/path-context.js';

const mac = ctxFor('darwin');
const linux = ctxFor('linux');
const win = ctxFor('win32', { env: { APPDATA: 'C:\\Users\\dev\\AppData\\Roaming' } });

test('VS Code user folder per platform', () => {
  expect(codeUserDir(mac)).toBe('/Users/dev/Library/Application Support/Code/User');
  expect(codeUserDir(win)).toBe('C:\\Users\\dev\\AppData\\Roaming\\Code\\User');
  expect(codeUserDir(linux)).toBe('/home/dev/.config/Code/User');
  expect(codeUserDir(ctxFor('linux', { env: { XDG_CONFIG_HOME: '/xdg' } }))).toBe('/xdg/Code/User');
});

describe('vscode', () => {
  test('paths: profile mcp.json and .vscode/mcp.json under `servers`', () => {
    expect(vscode.configPath('user', mac)).toBe(
      '/Users/dev/Library/Application Support/Code/User/mcp.json',
    );
    expect(vscode.configPath('user', win)).toBe(
      'C:\\Users\\dev\\AppData\\Roaming\\Code\\User\\mcp.json',
    );
    expect(vscode.configPath('user', linux)).toBe('/home/dev/.config/Code/User/mcp.json');
    expect(vscode.configPath('project', win)).toBe('C:\\src\\app\\.vscode\\mcp.json');
    expect(vscode.entriesPath('project', linux)).toEqual(['servers']);
    expect(vscode.format.name).toBe('jsonc');
  });
  test('always writes type; cwd for stdio only; disabled and timeout are errors', () => {
    expect(renderOk(vscode, { ...stdio, cwd: '/w' })).toEqual({
      type: 'stdio',
      command: 'npx',
      args: ['-y', '@mcp/fs', '/data'],
      env: { LOG: 'debug' },
      cwd: '/w',
    });
    expect(roundTrip(vscode, { ...stdio, cwd: '/w' })).toEqual({ ...stdio, cwd: '/w' });
    expect(renderOk(vscode, { ...http, transport: 'sse' }).type).toBe('sse');
    expect(renderErr(vscode, { ...http, cwd: '/w' }).message).toContain('remote server "api"');
    expect(renderErr(vscode, { ...stdio, disabled: true }).message).toContain('disabled');
    expect(renderErr(vscode, { ...stdio, timeout: 5 }).message).toContain('timeout');
  });
  test('keeps `inputs` and comments; an untyped url parses as http', () => {
    const entries = vscode.format.readEntries(clientFixture('vscode/mcp.json'), 'f', ['servers']);
    expect(vscode.parse('github', entries.github!)).toEqual({
      name: 'github',
      transport: 'http',
      url: 'https://api.githubcopilot.com/mcp/',
    });
    expect(vscode.parse('r', { url: 'https://x/mcp' }).transport).toBe('http');
  });
});

describe('cline', () => {
  const v4 = '/home/dev/.cline/data/settings/cline_mcp_settings.json';
  const legacy =
    '/home/dev/.config/Code/User/globalStorage/saoudrizwan.claude-dev/settings/cline_mcp_settings.json';
  test('Cline 4 shared file, with its environment overrides', () => {
    expect(cline.configPath('user', linux)).toBe(v4);
    expect(cline.installDir(linux)).toBe('/home/dev/.cline/data');
    expect(
      cline.configPath(
        'user',
        ctxFor('linux', { env: { CLINE_MCP_SETTINGS_PATH: '/etc/cline.json', CLINE_DIR: '/c' } }),
      ),
    ).toBe('/etc/cline.json');
    expect(
      cline.configPath('user', ctxFor('linux', { env: { CLINE_DATA_DIR: '/d', CLINE_DIR: '/c' } })),
    ).toBe('/d/settings/cline_mcp_settings.json');
    expect(cline.configPath('user', ctxFor('linux', { env: { CLINE_DIR: '/c' } }))).toBe(
      '/c/data/settings/cline_mcp_settings.json',
    );
    expect(cline.configPath('user', ctxFor('linux', { env: { CLINE_DIR: 'relative' } }))).toBe(v4);
    expect(cline.configPath('user', win)).toBe(
      'C:\\Users\\dev\\.cline\\data\\settings\\cline_mcp_settings.json',
    );
  });
  test('the VS Code globalStorage file only while the Cline 4 file does not exist', () => {
    expect(cline.configPath('user', ctxFor('linux', { dirs: { [legacy]: [] } }))).toBe(legacy);
    expect(cline.installDir(ctxFor('linux', { dirs: { [legacy]: [] } }))).toBe(
      '/home/dev/.config/Code/User/globalStorage/saoudrizwan.claude-dev',
    );
    expect(cline.configPath('user', ctxFor('linux', { dirs: { [legacy]: [], [v4]: [] } }))).toBe(
      v4,
    );
    const macLegacy =
      '/Users/dev/Library/Application Support/Code/User/globalStorage/saoudrizwan.claude-dev/settings/cline_mcp_settings.json';
    expect(cline.configPath('user', ctxFor('darwin', { dirs: { [macLegacy]: [] } }))).toBe(
      macLegacy,
    );
  });
  test('streamableHttp, seconds, disabled and autoApprove', () => {
    const spec = { ...http, timeout: 90, disabled: true, autoApprove: ['search'] };
    expect(renderOk(cline, spec)).toEqual({
      type: 'streamableHttp',
      url: 'https://example.com/mcp',
      headers: { Authorization: 'Bearer hunter2-SECRET' },
      disabled: true,
      timeout: 90,
      autoApprove: ['search'],
    });
    expect(roundTrip(cline, spec)).toEqual(spec);
    expect(roundTrip(cline, { ...stdio, cwd: '/w', disabled: false })).toEqual({
      ...stdio,
      cwd: '/w',
      disabled: false,
    });
  });
  test('timeouts outside 1..3600 seconds are render errors', () => {
    expect(renderErr(cline, { ...stdio, timeout: 0.5 }).message).toContain(
      'from 1 to 3600 seconds',
    );
    expect(renderErr(cline, { ...stdio, timeout: 60000 }).hint).toContain('between 1 and 3600');
    expect(renderOk(cline, { ...stdio, timeout: 3600 }).timeout).toBe(3600);
  });
  test('reads the v4 CLI nested form, legacy transportType and an untyped url as SSE', () => {
    const nested = {
      transport: { type: 'streamableHttp', url: 'https://x/mcp' },
      disabled: false,
      timeout: 60,
    };
    expect(cline.parse('n', nested)).toEqual({
      name: 'n',
      transport: 'http',
      url: 'https://x/mcp',
      disabled: false,
      timeout: 60,
    });
    expect(cline.parse('l', { transportType: 'sse', url: 'https://x/sse' })).toEqual({
      name: 'l',
      transport: 'sse',
      url: 'https://x/sse',
    });
    expect(cline.parse('u', { url: 'https://x/sse' }).transport).toBe('sse');
    const entries = cline.format.readEntries(clientFixture('cline/cline_mcp_settings.json'), 'f', [
      'mcpServers',
    ]);
    expect(cline.parse('weather', entries.weather!)).toMatchObject({
      transport: 'stdio',
      disabled: false,
      timeout: 60,
      autoApprove: ['get_forecast'],
    });
  });
});

describe('roo-code', () => {
  test('globalStorage (user) and .roo/mcp.json (project)', () => {
    expect(rooCode.configPath('user', mac)).toBe(
      '/Users/dev/Library/Application Support/Code/User/globalStorage/rooveterinaryinc.roo-cline/settings/mcp_settings.json',
    );
    expect(rooCode.configPath('user', win)).toBe(
      'C:\\Users\\dev\\AppData\\Roaming\\Code\\User\\globalStorage\\rooveterinaryinc.roo-cline\\settings\\mcp_settings.json',
    );
    expect(rooCode.configPath('project', linux)).toBe('/src/app.v2/.roo/mcp.json');
    expect(rooCode.installDir(linux)).toBe(
      '/home/dev/.config/Code/User/globalStorage/rooveterinaryinc.roo-cline',
    );
  });
  test('streamable-http, seconds, alwaysAllow; an untyped url is SSE', () => {
    const spec = { ...http, timeout: 30, autoApprove: ['fetch'], tools: { deny: ['rm'] } };
    expect(renderOk(rooCode, spec)).toMatchObject({
      type: 'streamable-http',
      timeout: 30,
      alwaysAllow: ['fetch'],
      disabledTools: ['rm'],
    });
    expect(roundTrip(rooCode, spec)).toEqual(spec);
    expect(rooCode.parse('u', { url: 'https://x/sse' }).transport).toBe('sse');
    expect(renderErr(rooCode, { ...stdio, timeout: 4000 }).message).toContain('Roo Code');
  });
});

describe('windsurf', () => {
  test('one user file on every platform', () => {
    expect(windsurf.configPath('user', mac)).toBe('/Users/dev/.codeium/windsurf/mcp_config.json');
    expect(windsurf.configPath('user', win)).toBe(
      'C:\\Users\\dev\\.codeium\\windsurf\\mcp_config.json',
    );
    expect(windsurf.scopes).toEqual(['user']);
  });
  test('remote as serverUrl; disabled kept; cwd and timeout are errors', () => {
    expect(renderOk(windsurf, { ...http, disabled: true })).toEqual({
      serverUrl: 'https://example.com/mcp',
      headers: { Authorization: 'Bearer hunter2-SECRET' },
      disabled: true,
    });
    expect(windsurf.parse('u', { url: 'https://x/mcp' })).toEqual({
      name: 'u',
      transport: 'http',
      url: 'https://x/mcp',
    });
    expect(renderErr(windsurf, { ...stdio, cwd: '/w' }).message).toContain('working directory');
    expect(renderErr(windsurf, { ...stdio, timeout: 9 }).message).toContain('timeout');
  });
});

describe('zed', () => {
  test('~/.config/zed on macOS and Linux (XDG on Linux only), %APPDATA%\\Zed on Windows', () => {
    expect(zed.configPath('user', mac)).toBe('/Users/dev/.config/zed/settings.json');
    expect(zed.configPath('user', ctxFor('darwin', { env: { XDG_CONFIG_HOME: '/xdg' } }))).toBe(
      '/Users/dev/.config/zed/settings.json',
    );
    expect(zed.configPath('user', ctxFor('linux', { env: { XDG_CONFIG_HOME: '/xdg' } }))).toBe(
      '/xdg/zed/settings.json',
    );
    expect(zed.configPath('user', win)).toBe(
      'C:\\Users\\dev\\AppData\\Roaming\\Zed\\settings.json',
    );
    expect(zed.configPath('project', linux)).toBe('/src/app.v2/.zed/settings.json');
    expect(zed.entriesPath('user', linux)).toEqual(['context_servers']);
  });
  test('args always written, timeout in seconds, enabled:false for disabled', () => {
    expect(renderOk(zed, { name: 'x', transport: 'stdio', command: 'x' })).toEqual({
      command: 'x',
      args: [],
    });
    expect(roundTrip(zed, { name: 'x', transport: 'stdio', command: 'x' })).toEqual({
      name: 'x',
      transport: 'stdio',
      command: 'x',
    });
    const spec = { ...http, timeout: 45, disabled: true };
    expect(renderOk(zed, spec)).toEqual({
      url: 'https://example.com/mcp',
      headers: { Authorization: 'Bearer hunter2-SECRET' },
      timeout: 45,
      enabled: false,
    });
    expect(roundTrip(zed, spec)).toEqual(spec);
    expect(renderErr(zed, { ...stdio, cwd: '/w' }).message).toContain('working directory');
  });
});
