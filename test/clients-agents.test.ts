import { describe, test, expect } from '@jest/globals';
import { geminiCli } from '../src/clients/gemini-cli.js';
import { qwenCode } from '../src/clients/qwen-code.js';
import { copilotCli } from '../src/clients/copilot-cli.js';
import { opencode } from '../src/clients/opencode.js';
import { kiro } from '../src/clients/kiro.js';
import { amazonQ } from '../src/clients/amazon-q.js';
import { lmStudio } from '../src/clients/lm-studio.js';
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
const win = ctxFor('win32');

describe('gemini-cli and qwen-code', () => {
  test('paths per scope', () => {
    expect(geminiCli.configPath('user', mac)).toBe('/Users/dev/.gemini/settings.json');
    expect(geminiCli.configPath('user', win)).toBe('C:\\Users\\dev\\.gemini\\settings.json');
    expect(geminiCli.configPath('project', linux)).toBe('/src/app.v2/.gemini/settings.json');
    expect(qwenCode.configPath('user', linux)).toBe('/home/dev/.qwen/settings.json');
    expect(qwenCode.configPath('project', win)).toBe('C:\\src\\app\\.qwen\\settings.json');
    expect(geminiCli.format.name).toBe('jsonc');
  });
  test('url + type, timeout in ms, trust and tool lists', () => {
    const spec = {
      ...http,
      transport: 'sse' as const,
      timeout: 30,
      autoApprove: true,
      tools: { allow: ['a'], deny: ['b'] },
    };
    expect(renderOk(geminiCli, spec)).toEqual({
      url: 'https://example.com/mcp',
      type: 'sse',
      headers: { Authorization: 'Bearer hunter2-SECRET' },
      timeout: 30000,
      trust: true,
      includeTools: ['a'],
      excludeTools: ['b'],
    });
    expect(roundTrip(geminiCli, spec)).toEqual(spec);
    expect(roundTrip(qwenCode, { ...stdio, cwd: './tools' })).toEqual({ ...stdio, cwd: './tools' });
  });
  test('reads the deprecated httpUrl and an untyped url as http', () => {
    expect(geminiCli.parse('h', { httpUrl: 'https://x/mcp' })).toEqual({
      name: 'h',
      transport: 'http',
      url: 'https://x/mcp',
    });
    expect(geminiCli.parse('u', { url: 'https://x/mcp' }).transport).toBe('http');
  });
  test('qwen-code ignores `type`: Streamable HTTP is written as httpUrl, SSE as url (real qwen 0.10.1 lists url as sse)', () => {
    expect(renderOk(qwenCode, http)).toEqual({
      httpUrl: 'https://example.com/mcp',
      headers: { Authorization: 'Bearer hunter2-SECRET' },
    });
    expect(renderOk(qwenCode, { ...http, transport: 'sse' })).toEqual({
      url: 'https://example.com/mcp',
      type: 'sse',
      headers: { Authorization: 'Bearer hunter2-SECRET' },
    });
    expect(renderOk(geminiCli, http)).toEqual({
      url: 'https://example.com/mcp',
      type: 'http',
      headers: { Authorization: 'Bearer hunter2-SECRET' },
    });
    expect(roundTrip(qwenCode, http)).toEqual(http);
    expect(qwenCode.parse('u', { url: 'https://x/mcp' }).transport).toBe('sse');
    expect(qwenCode.parse('t', { url: 'https://x/mcp', type: 'http' }).transport).toBe('http');
  });
  test('disabled and ws are render errors', () => {
    expect(renderErr(geminiCli, { ...stdio, disabled: true }).hint).toContain('gemini-cli target');
    expect(renderErr(qwenCode, { ...http, transport: 'ws' }).message).toContain(
      'Qwen Code cannot connect to WebSocket server "api"',
    );
  });
});

describe('copilot-cli', () => {
  test('paths per scope', () => {
    expect(copilotCli.configPath('user', linux)).toBe('/home/dev/.copilot/mcp-config.json');
    expect(copilotCli.configPath('user', win)).toBe('C:\\Users\\dev\\.copilot\\mcp-config.json');
    expect(copilotCli.configPath('project', mac)).toBe('/src/app.v2/.github/mcp.json');
  });
  test('type local, args always, tools ["*"] unless an allow list is given', () => {
    expect(renderOk(copilotCli, { name: 'x', transport: 'stdio', command: 'x' })).toEqual({
      type: 'local',
      command: 'x',
      args: [],
      tools: ['*'],
    });
    expect(renderOk(copilotCli, http)).toEqual({
      type: 'http',
      url: 'https://example.com/mcp',
      headers: { Authorization: 'Bearer hunter2-SECRET' },
      tools: ['*'],
    });
    const allow = { ...http, tools: { allow: ['search'] } };
    expect(renderOk(copilotCli, allow).tools).toEqual(['search']);
    expect(roundTrip(copilotCli, allow)).toEqual(allow);
    for (const field of [{ cwd: '/w' }, { disabled: true }, { timeout: 5 }])
      expect(copilotCli.render({ ...stdio, ...field }).ok).toBe(false);
  });
});

describe('opencode', () => {
  const SCHEMA = '"$schema": "https://opencode.ai/config.json"';
  test('XDG config folder on every OS; opencode.json in the project', () => {
    expect(opencode.configPath('user', mac)).toBe('/Users/dev/.config/opencode/opencode.json');
    expect(opencode.configPath('user', win)).toBe(
      'C:\\Users\\dev\\.config\\opencode\\opencode.json',
    );
    expect(opencode.configPath('user', ctxFor('linux', { env: { XDG_CONFIG_HOME: '/xdg' } }))).toBe(
      '/xdg/opencode/opencode.json',
    );
    expect(opencode.configPath('project', linux)).toBe('/src/app.v2/opencode.json');
    expect(opencode.entriesPath('user', linux)).toEqual(['mcp']);
  });
  test('command and args in one array, environment, enabled, timeout in ms', () => {
    const spec = { ...stdio, disabled: true, timeout: 12.5 };
    expect(renderOk(opencode, spec)).toEqual({
      type: 'local',
      command: ['npx', '-y', '@mcp/fs', '/data'],
      environment: { LOG: 'debug' },
      enabled: false,
      timeout: 12500,
    });
    expect(roundTrip(opencode, spec)).toEqual(spec);
    expect(renderOk(opencode, http)).toEqual({
      type: 'remote',
      url: 'https://example.com/mcp',
      headers: { Authorization: 'Bearer hunter2-SECRET' },
    });
    expect(opencode.parse('t', { enabled: false })).toEqual({
      name: 't',
      transport: 'http',
      disabled: true,
    });
    expect(renderErr(opencode, { ...stdio, cwd: '/w' }).message).toContain('working directory');
  });
  test('a created file starts with $schema', () => {
    const out = opencode.format.writeEntries('', 'f', ['mcp'], { fs: renderOk(opencode, stdio) });
    expect(out.startsWith(`{\n  ${SCHEMA},\n  "mcp": {`)).toBe(true);
    expect(JSON.parse(out).mcp.fs.type).toBe('local');
  });
  test('$schema is added to an edited file that lacks it, keeping comments; untouched files stay as they are', () => {
    const text = '{\n  // my model\n  "model": "x",\n  "mcp": {},\n}\n';
    const out = opencode.format.writeEntries(text, 'f', ['mcp'], { fs: renderOk(opencode, stdio) });
    expect(out.startsWith(`{\n  ${SCHEMA},\n  // my model\n  "model": "x",`)).toBe(true);
    expect(opencode.format.writeEntries(text, 'f', ['mcp'], { other: undefined })).toBe(text);
    const oneLine = '{"model": "x"}';
    expect(
      opencode.format.writeEntries(oneLine, 'f', ['mcp'], { a: { type: 'remote', url: 'u' } }),
    ).toBe(
      `{"$schema": "https://opencode.ai/config.json", "model": "x", "mcp": {"a": {"type": "remote", "url": "u"}}}`,
    );
    const withBom = '\uFEFF{\n\t"theme": "x"\n}\n';
    expect(
      opencode.format
        .writeEntries(withBom, 'f', ['mcp'], { a: { type: 'remote', url: 'u' } })
        .startsWith(`\uFEFF{\n\t${SCHEMA},\n\t"theme"`),
    ).toBe(true);
  });
  test('the fixture already has $schema: it is not duplicated', () => {
    const text = clientFixture('opencode/opencode.json');
    const out = opencode.format.writeEntries(text, 'f', ['mcp'], { fs: renderOk(opencode, stdio) });
    expect(out.split('$schema').length).toBe(2);
  });
});

describe('kiro, amazon-q, lm-studio', () => {
  test('paths', () => {
    expect(kiro.configPath('user', mac)).toBe('/Users/dev/.kiro/settings/mcp.json');
    expect(kiro.configPath('project', win)).toBe('C:\\src\\app\\.kiro\\settings\\mcp.json');
    expect(amazonQ.configPath('user', linux)).toBe('/home/dev/.aws/amazonq/mcp.json');
    expect(amazonQ.configPath('project', linux)).toBe('/src/app.v2/.amazonq/mcp.json');
    expect(lmStudio.configPath('user', win)).toBe('C:\\Users\\dev\\.lmstudio\\mcp.json');
    expect(lmStudio.scopes).toEqual(['user']);
  });
  test('kiro: disabled and autoApprove; timeout is an error', () => {
    const spec = { ...stdio, disabled: true, autoApprove: ['read'] };
    expect(renderOk(kiro, spec)).toMatchObject({ disabled: true, autoApprove: ['read'] });
    expect(roundTrip(kiro, spec)).toEqual(spec);
    expect(renderErr(kiro, { ...stdio, timeout: 5 }).message).toContain('timeout');
  });
  test('amazon-q: timeout in ms, remote as type http; sse and disabled are errors', () => {
    expect(renderOk(amazonQ, { ...stdio, timeout: 120 }).timeout).toBe(120000);
    expect(roundTrip(amazonQ, { ...stdio, timeout: 120 })).toEqual({ ...stdio, timeout: 120 });
    expect(renderOk(amazonQ, http)).toEqual({
      type: 'http',
      url: 'https://example.com/mcp',
      headers: { Authorization: 'Bearer hunter2-SECRET' },
    });
    expect(renderErr(amazonQ, { ...http, transport: 'sse' }).message).toContain('SSE');
    expect(renderErr(amazonQ, { ...stdio, disabled: true }).message).toContain('disabled');
  });
  test('lm-studio: Cursor notation only', () => {
    expect(renderOk(lmStudio, http)).toEqual({
      url: 'https://example.com/mcp',
      headers: { Authorization: 'Bearer hunter2-SECRET' },
    });
    for (const field of [{ cwd: '/w' }, { disabled: true }, { timeout: 5 }])
      expect(lmStudio.render({ ...stdio, ...field }).ok).toBe(false);
  });
});
