import { describe, test, expect } from '@jest/globals';
import fc from 'fast-check';
import { continueDev } from '../src/clients/continue.js';
import { goose } from '../src/clients/goose.js';
import { yamlFormat } from '../src/formats/yaml.js';
import { ParseError } from '../src/errors.js';
import {
  clientFixture,
  ctxFor,
  http,
  renderErr,
  renderOk,
  roundTrip,
  stdio,
} from './helpers/path-context.js';

const linux = ctxFor('linux');
const win = ctxFor('win32', { env: { APPDATA: 'C:\\Users\\dev\\AppData\\Roaming' } });

describe('continue', () => {
  const text = clientFixture('continue/config.yaml');
  const P = ['mcpServers'];
  test('paths: CONTINUE_GLOBAL_DIR or ~/.continue; a block file in the project', () => {
    expect(continueDev.configPath('user', linux)).toBe('/home/dev/.continue/config.yaml');
    expect(
      continueDev.configPath(
        'user',
        ctxFor('darwin', { env: { CONTINUE_GLOBAL_DIR: '/cfg/continue' } }),
      ),
    ).toBe('/cfg/continue/config.yaml');
    expect(continueDev.configPath('project', win)).toBe(
      'C:\\src\\app\\.continue\\mcpServers\\mcpo.yaml',
    );
  });
  test('list items by name; a new item is appended after the last one and removing it gives back the bytes', () => {
    expect(Object.keys(continueDev.format.readEntries(text, 'f', P))).toEqual([
      'filesystem',
      'docs',
    ]);
    const added = continueDev.format.writeEntries(text, 'f', P, {
      fs: renderOk(continueDev, stdio),
    });
    const at = text.indexOf('\ncontext:');
    expect(added).toBe(
      `${text.slice(0, at)}  - name: fs\n    type: stdio\n    command: npx\n    args:\n      - -y\n      - "@mcp/fs"\n      - /data\n    env:\n      LOG: debug\n${text.slice(at)}`,
    );
    expect(continueDev.format.writeEntries(added, 'f', P, { fs: undefined })).toBe(text);
  });
  test('replacing and removing an item leaves every other byte alone', () => {
    const out = continueDev.format.writeEntries(text, 'f', P, {
      docs: renderOk(continueDev, { ...http, name: 'docs' }),
    });
    const at = text.indexOf('  - name: docs');
    expect(out.slice(0, at)).toBe(text.slice(0, at));
    expect(out.slice(out.indexOf('\ncontext:'))).toBe(text.slice(text.indexOf('\ncontext:')));
    const removed = continueDev.format.writeEntries(text, 'f', P, { filesystem: undefined });
    expect(removed).toBe(text.replace(/ {2}- name: filesystem\n( {4}.*\n)+/, ''));
  });
  test('a new block file gets name, version and schema', () => {
    const out = continueDev.format.writeEntries('', 'f', P, { api: renderOk(continueDev, http) });
    expect(out).toBe(
      'name: mcpo\nversion: 0.0.1\nschema: v1\nmcpServers:\n  - name: api\n    type: streamable-http\n    url: https://example.com/mcp\n    requestOptions:\n      headers:\n        Authorization: Bearer hunter2-SECRET\n',
    );
  });
  test('round trips; disabled, timeout and ws are render errors', () => {
    expect(roundTrip(continueDev, { ...stdio, cwd: '/w' })).toEqual({ ...stdio, cwd: '/w' });
    expect(roundTrip(continueDev, { ...http, transport: 'sse' })).toEqual({
      ...http,
      transport: 'sse',
    });
    for (const field of [{ disabled: true }, { timeout: 5 }])
      expect(continueDev.render({ ...stdio, ...field }).ok).toBe(false);
    expect(renderErr(continueDev, { ...http, transport: 'ws' }).message).toContain('"api"');
  });
});

describe('goose', () => {
  const text = clientFixture('goose/config.yaml');
  const P = ['extensions'];
  test("a streamable_http extension always has a description (Goose skips one without); the stack's round trips", () => {
    fc.assert(
      fc.property(
        fc.option(fc.string(), { nil: undefined }),
        fc.boolean(),
        fc.boolean(),
        (description, remote, disabled) => {
          const server = {
            ...(remote ? http : stdio),
            disabled,
            ...(description === undefined ? {} : { description }),
          };
          const entry = renderOk(goose, server);
          if (remote) expect(typeof entry.description).toBe('string');
          if (description !== undefined) expect(entry.description).toBe(description);
          const back = goose.parse(server.name, entry);
          // The empty default on a remote server reads back as no description.
          const want = remote && description === '' ? undefined : description;
          expect(back.description).toBe(want);
          expect(renderOk(goose, back)).toEqual(entry);
        },
      ),
      { numRuns: 100 },
    );
  });
  test('paths: XDG config on Linux and macOS, Roaming AppData on Windows', () => {
    expect(goose.configPath('user', linux)).toBe('/home/dev/.config/goose/config.yaml');
    expect(goose.configPath('user', ctxFor('darwin'))).toBe('/Users/dev/.config/goose/config.yaml');
    expect(goose.configPath('user', win)).toBe(
      'C:\\Users\\dev\\AppData\\Roaming\\Block\\goose\\config\\config.yaml',
    );
    expect(goose.scopes).toEqual(['user']);
  });
  test('cmd, envs, uri, streamable_http, enabled, timeout in seconds', () => {
    expect(renderOk(goose, { ...stdio, timeout: 30 })).toEqual({
      name: 'fs',
      type: 'stdio',
      cmd: 'npx',
      args: ['-y', '@mcp/fs', '/data'],
      envs: { LOG: 'debug' },
      enabled: true,
      timeout: 30,
    });
    expect(renderOk(goose, { ...http, disabled: true })).toEqual({
      name: 'api',
      type: 'streamable_http',
      uri: 'https://example.com/mcp',
      headers: { Authorization: 'Bearer hunter2-SECRET' },
      description: '',
      enabled: false,
    });
    expect(roundTrip(goose, { ...http, disabled: true, timeout: 60 })).toEqual({
      ...http,
      disabled: true,
      timeout: 60,
    });
    expect(renderErr(goose, { ...http, transport: 'sse' }).message).toContain('SSE server "api"');
    expect(renderErr(goose, { ...stdio, timeout: 1.5 }).message).toContain('whole seconds');
    expect(renderErr(goose, { ...stdio, cwd: '/w' }).message).toContain('working directory');
  });
  test('adding, replacing and removing keep comments and flow maps of other entries byte for byte', () => {
    const added = goose.format.writeEntries(text, 'f', P, { fs: renderOk(goose, stdio) });
    const at = text.indexOf('\nGOOSE_MODE:');
    expect(added).toBe(
      `${text.slice(0, at)}  fs:\n    name: fs\n    type: stdio\n    cmd: npx\n    args:\n      - -y\n      - "@mcp/fs"\n      - /data\n    envs:\n      LOG: debug\n    enabled: true\n${text.slice(at)}`,
    );
    expect(goose.format.writeEntries(added, 'f', P, { fs: undefined })).toBe(text);
    const replaced = goose.format.writeEntries(text, 'f', P, {
      remote: renderOk(goose, { ...http, name: 'remote' }),
    });
    expect(replaced.slice(0, replaced.indexOf('  remote:'))).toBe(
      text.slice(0, text.indexOf('  remote:')),
    );
    expect(replaced.endsWith('\nGOOSE_MODE: smart_approve   # approval mode\n')).toBe(true);
  });
  test('an empty or flow-style extensions map is edited through the document', () => {
    const out = goose.format.writeEntries('GOOSE_MODEL: x\nextensions: {}\n', 'f', P, {
      a: { name: 'a', type: 'stdio', cmd: 'x', args: [], enabled: true },
    });
    expect(goose.format.readEntries(out, 'f', P)).toEqual({
      a: { name: 'a', type: 'stdio', cmd: 'x', args: [], enabled: true },
    });
    expect(out.startsWith('GOOSE_MODEL: x\n')).toBe(true);
  });
});

describe('yaml format', () => {
  const fmt = yamlFormat();
  test('a syntax error is a ParseError with file:line:col', () => {
    expect(() => fmt.readEntries('a: 1\nb: [1, 2\nc: 3\n', '/h/config.yaml', ['x'])).toThrow(
      ParseError,
    );
    expect(() => fmt.writeEntries('a: 1\nb: [1\n', '/h/config.yaml', ['x'], { y: {} })).toThrow(
      /^\/h\/config\.yaml:\d+:\d+: not valid YAML/,
    );
  });
  test('CRLF files stay CRLF; a missing map is appended at the end', () => {
    const out = fmt.writeEntries('a: 1\r\n', 'f', ['ext'], { s: { k: 'v' } });
    expect(out).toBe('a: 1\r\next:\r\n  s:\r\n    k: v\r\n');
    expect(fmt.writeEntries(out, 'f', ['ext'], { t: { k: 'w' } })).toBe(
      'a: 1\r\next:\r\n  s:\r\n    k: v\r\n  t:\r\n    k: w\r\n',
    );
  });
});
