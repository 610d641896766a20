import { describe, test, expect } from '@jest/globals';
import { tomlFormat } from '../src/formats/toml.js';
import { scanHeaders } from '../src/formats/toml-scan.js';
import { ParseError } from '../src/errors.js';
import { clientFixture } from './helpers/path-context.js';

const toml = tomlFormat(['tool_timeout_sec']);
const P = ['mcp_servers'];
const fixture = clientFixture('codex/config.toml');

describe('toml header scan', () => {
  test('finds headers, quoted keys and arrays of tables; ignores lines of arrays and multi-line strings', () => {
    const text = 'a = [\n[1, 2],\n]\ns = """\n[x]\n"""\n[ t . "a.b" ]\n[[arr]]\nk = \'[y]\'\n';
    expect(scanHeaders(text).map((h) => h.path)).toEqual([['t', 'a.b'], ['arr']]);
    expect(scanHeaders(fixture).map((h) => h.path.join('/'))).toEqual([
      'features',
      'sandbox_workspace_write',
      'mcp_servers/context7',
      'mcp_servers/context7/env',
      'mcp_servers/docs.remote',
      'profiles/fast',
    ]);
  });
});

describe('toml format', () => {
  test('reads entries with sub-tables', () => {
    const entries = toml.readEntries(fixture, 'config.toml', P);
    expect(entries.context7).toEqual({
      command: 'npx',
      args: ['-y', '@upstash/context7-mcp'],
      startup_timeout_sec: 20,
      env: { LOG_LEVEL: 'info' },
    });
    expect(Object.keys(entries)).toEqual(['context7', 'docs.remote']);
    expect(toml.readEntries('', 'f', P)).toEqual({});
  });

  test('a new entry is appended after the last server table; removing it gives back the same bytes', () => {
    const added = toml.writeEntries(fixture, 'config.toml', P, {
      'my.server': { command: 'uvx', env: { K: 'v "q"' }, tool_timeout_sec: 60 },
    });
    const at = fixture.indexOf('\n# Profiles come last.');
    expect(added).toBe(
      `${fixture.slice(0, at)}\n[mcp_servers."my.server"]\ncommand = "uvx"\nenv = { K = "v \\"q\\"" }\ntool_timeout_sec = 60.0\n${fixture.slice(at)}`,
    );
    expect(toml.readEntries(added, 'f', P)['my.server']).toEqual({
      command: 'uvx',
      env: { K: 'v "q"' },
      tool_timeout_sec: 60,
    });
    expect(toml.writeEntries(added, 'config.toml', P, { 'my.server': undefined })).toBe(fixture);
  });

  test('replacing an entry rewrites its table in place and drops its sub-tables; nothing else moves', () => {
    const out = toml.writeEntries(fixture, 'config.toml', P, {
      context7: { command: 'node', args: ['c7.js'] },
    });
    const start = fixture.indexOf('[mcp_servers.context7]');
    const end = fixture.indexOf('[mcp_servers."docs.remote"]');
    expect(out).toBe(
      `${fixture.slice(0, start)}[mcp_servers.context7]\ncommand = "node"\nargs = ["c7.js"]\n\n${fixture.slice(end)}`,
    );
  });

  test('removing an entry keeps the comments that belong to the next table', () => {
    const out = toml.writeEntries(fixture, 'config.toml', P, { 'docs.remote': undefined });
    expect(out).not.toContain('docs.remote');
    expect(out).not.toContain('trailing note');
    expect(out).toContain('LOG_LEVEL = "info"\n\n# Profiles come last.\n[profiles.fast]');
  });

  test('creates a file, keeps CRLF line ends, appends after root keys', () => {
    expect(toml.writeEntries('', 'f', P, { a: { url: 'https://x' } })).toBe(
      '[mcp_servers.a]\nurl = "https://x"\n',
    );
    const crlf = 'model = "m"\r\n';
    const out = toml.writeEntries(crlf, 'f', P, { a: { command: 'x' } });
    expect(out).toBe('model = "m"\r\n\r\n[mcp_servers.a]\r\ncommand = "x"\r\n');
    expect(toml.writeEntries(out, 'f', P, { a: undefined })).toBe(crlf);
    expect(toml.writeEntries('model = "m"', 'f', P, { a: { command: 'x' } })).toBe(
      'model = "m"\n\n[mcp_servers.a]\ncommand = "x"\n',
    );
  });

  test('a syntax error is a ParseError with file:line:col, and the file is not rewritten', () => {
    const bad = 'model = "m"\n[mcp_servers.a]\ncommand = \n';
    expect(() => toml.readEntries(bad, '/h/config.toml', P)).toThrow(ParseError);
    expect(() => toml.writeEntries(bad, '/h/config.toml', P, { b: { command: 'x' } })).toThrow(
      /^\/h\/config\.toml:3:\d+: not valid TOML/,
    );
  });

  test('an entry written inline is refused, not mangled', () => {
    const inline = '[mcp_servers]\na = { command = "x" }\n';
    expect(toml.readEntries(inline, 'f', P)).toEqual({ a: { command: 'x' } });
    expect(() => toml.writeEntries(inline, 'f', P, { a: { command: 'y' } })).toThrow(
      /not written as its own \[mcp_servers\.a\] table/,
    );
    const root = 'mcp_servers = { a = { command = "x" } }\n';
    expect(() => toml.writeEntries(root, 'f', P, { b: { command: 'y' } })).toThrow();
  });
});
