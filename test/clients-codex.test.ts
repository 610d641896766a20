import { describe, test, expect } from '@jest/globals';
import { codex } from '../src/clients/codex.js';
import {
  clientFixture,
  ctxFor,
  http,
  renderErr,
  renderOk,
  roundTrip,
  stdio,
} from './helpers/path-context.js';

describe('codex', () => {
  test('paths: $CODEX_HOME (when absolute) or ~/.codex, and .codex in the project', () => {
    expect(codex.configPath('user', ctxFor('linux'))).toBe('/home/dev/.codex/config.toml');
    expect(codex.configPath('user', ctxFor('win32'))).toBe('C:\\Users\\dev\\.codex\\config.toml');
    expect(codex.configPath('user', ctxFor('darwin', { env: { CODEX_HOME: '/opt/codex' } }))).toBe(
      '/opt/codex/config.toml',
    );
    expect(codex.configPath('user', ctxFor('linux', { env: { CODEX_HOME: 'rel' } }))).toBe(
      '/home/dev/.codex/config.toml',
    );
    expect(codex.configPath('project', ctxFor('linux'))).toBe('/src/app.v2/.codex/config.toml');
    expect(codex.entriesPath('user', ctxFor('linux'))).toEqual(['mcp_servers']);
    expect(codex.format.name).toBe('toml');
  });

  test('stdio with cwd, timeout as tool_timeout_sec, disabled as enabled = false', () => {
    const spec = { ...stdio, cwd: '/work', timeout: 30, disabled: true };
    expect(renderOk(codex, spec)).toEqual({
      command: 'npx',
      args: ['-y', '@mcp/fs', '/data'],
      env: { LOG: 'debug' },
      cwd: '/work',
      tool_timeout_sec: 30,
      enabled: false,
    });
    expect(roundTrip(codex, spec)).toEqual(spec);
    const text = codex.format.writeEntries('', 'config.toml', ['mcp_servers'], {
      fs: renderOk(codex, spec),
    });
    expect(text).toBe(
      '[mcp_servers.fs]\ncommand = "npx"\nargs = ["-y", "@mcp/fs", "/data"]\nenv = { LOG = "debug" }\ncwd = "/work"\ntool_timeout_sec = 30.0\nenabled = false\n',
    );
    expect(codex.parse('fs', codex.format.readEntries(text, 'f', ['mcp_servers']).fs!)).toEqual(
      spec,
    );
  });

  test('http headers as http_headers; sse, ws and an inline bearer_token are render errors', () => {
    expect(renderOk(codex, http)).toEqual({
      url: 'https://example.com/mcp',
      http_headers: { Authorization: 'Bearer hunter2-SECRET' },
    });
    expect(roundTrip(codex, { ...http, timeout: 0.5 })).toEqual({ ...http, timeout: 0.5 });
    expect(renderErr(codex, { ...http, transport: 'sse' }).message).toContain(
      'Codex cannot connect to SSE server "api"',
    );
    const bearer = renderErr(codex, {
      ...http,
      clientOptions: { codex: { bearer_token: 'hunter2' } },
    });
    expect(bearer.hint).toContain('bearer_token_env_var');
    expect(`${bearer.message} ${bearer.hint}`).not.toContain('hunter2');
  });

  test('every entry of the fixture parses back to what it renders', () => {
    const entries = codex.format.readEntries(clientFixture('codex/config.toml'), 'f', [
      'mcp_servers',
    ]);
    for (const [name, entry] of Object.entries(entries))
      expect(renderOk(codex, codex.parse(name, entry))).toEqual(entry);
  });
});
