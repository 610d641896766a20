// Adapters of the CLIs installed from npm whose own `mcp list` reads what mcpo writes (Kilo CLI,
// Qoder CLI, Auggie, Factory droid, Amp, Grok CLI): paths, fixture files as each CLI wrote them,
// and generated round trips. The real CLIs read the same shapes in test/real-<id>.test.ts.
import { describe, test, expect } from '@jest/globals';
import fc from 'fast-check';
import { getClient } from './helpers/clients.js';
import type { ClientAdapter } from '../src/clients/contract.js';
import type { ServerSpec, Transport } from '../src/types.js';
import { clientFixture, ctxFor, http, renderErr, renderOk, stdio } from './helpers/path-context.js';

const adapter = (id: string): ClientAdapter => {
  const a = getClient(id);
  if (!a) throw new Error(`no adapter ${id}`);
  return a;
};

interface Case {
  id: string;
  fixture: string;
  transports: Transport[];
  /** Remote transports the client detects itself: an sse server reads back as http. */
  sseAsHttp?: boolean;
  disabled?: boolean;
  timeout?: boolean;
  /** configPath per scope on Linux (home /home/dev, project /src/app.v2, no XDG variables). */
  paths: Partial<Record<'user' | 'project' | 'local', string>>;
}

const CASES: Case[] = [
  {
    id: 'kilo-cli',
    fixture: 'kilo-cli/kilo.jsonc',
    transports: ['stdio', 'http', 'sse'],
    sseAsHttp: true,
    disabled: true,
    timeout: true,
    paths: { user: '/home/dev/.config/kilo/kilo.jsonc', project: '/src/app.v2/opencode.json' },
  },
  {
    id: 'qoder-cli',
    fixture: 'qoder-cli/settings.json',
    transports: ['stdio', 'http', 'sse', 'ws'],
    paths: {
      user: '/home/dev/.qoder/settings.json',
      project: '/src/app.v2/.mcp.json',
      local: '/src/app.v2/.qoder/settings.local.json',
    },
  },
  {
    id: 'auggie',
    fixture: 'auggie/settings.json',
    transports: ['stdio', 'http', 'sse'],
    paths: {
      user: '/home/dev/.augment/settings.json',
      project: '/src/app.v2/.augment/settings.json',
      local: '/src/app.v2/.augment/settings.local.json',
    },
  },
  {
    id: 'droid',
    fixture: 'droid/mcp.json',
    transports: ['stdio', 'http', 'sse'],
    disabled: true,
    paths: { user: '/home/dev/.factory/mcp.json', project: '/src/app.v2/.factory/mcp.json' },
  },
  {
    id: 'amp',
    fixture: 'amp/settings.json',
    transports: ['stdio', 'http', 'sse'],
    sseAsHttp: true,
    paths: {
      user: '/home/dev/.config/amp/settings.json',
      project: '/src/app.v2/.amp/settings.json',
    },
  },
  {
    id: 'grok-cli',
    fixture: 'grok-cli/settings.json',
    transports: ['stdio', 'http', 'sse'],
    paths: { project: '/src/app.v2/.grok/settings.json' },
  },
];

describe.each(CASES)('$id', (c) => {
  const a = adapter(c.id);
  const text = clientFixture(c.fixture);
  const scope = a.scopes[0]!;
  const entriesPath = a.entriesPath(scope, ctxFor('linux'));

  test('scopes and config paths', () => {
    expect(a.scopes).toEqual(Object.keys(c.paths));
    for (const [s, p] of Object.entries(c.paths))
      expect(a.configPath(s as 'user', ctxFor('linux'))).toBe(p);
    expect(a.docs.every((d) => d.startsWith('https://'))).toBe(true);
  });

  test('every entry of the fixture parses, and rendering it gives the entry back', () => {
    const entries = a.format.readEntries(text, c.fixture, entriesPath);
    expect(Object.keys(entries).length).toBeGreaterThan(1);
    for (const [name, entry] of Object.entries(entries)) {
      const spec = a.parse(name, entry);
      expect(spec.name).toBe(name);
      expect(renderOk(a, spec)).toEqual(entry);
    }
  });

  test('add then remove an entry gives back the fixture bytes; other settings are kept', () => {
    const entry = renderOk(a, stdio);
    const added = a.format.writeEntries(text, c.fixture, entriesPath, { 'mcpo-fs': entry });
    const read = a.format.readEntries(added, c.fixture, entriesPath)['mcpo-fs']!;
    expect(read).toEqual(entry);
    // Parsed from the file (prototype-less objects), not from the rendered value.
    expect(a.parse('fs', read)).toEqual(stdio);
    expect(a.format.writeEntries(added, c.fixture, entriesPath, { 'mcpo-fs': undefined })).toBe(
      text,
    );
  });

  test('transports the client has no spelling for, and fields it has no place for, are errors without values', () => {
    const refused: ServerSpec[] = [
      ...(['stdio', 'http', 'sse', 'ws'] as Transport[])
        .filter((t) => !c.transports.includes(t))
        .map((transport) => ({ ...http, transport })),
      { ...stdio, name: 'api', cwd: '/srv' },
      { ...http, tools: { allow: ['x'] } },
      ...(c.disabled ? [] : [{ ...http, disabled: true }]),
      ...(c.timeout ? [] : [{ ...http, timeout: 30 }]),
    ];
    for (const spec of refused) {
      const r = renderErr(a, spec);
      expect(r.message).toContain('"api"');
      expect(`${r.message} ${r.hint}`).not.toMatch(/hunter2|example\.com|LOG|debug/);
    }
  });

  // Generated servers within what the client can hold: parse(render(x)) == x for every one, and a
  // file holding them all reads back the same entries.
  const word = fc.stringMatching(/^[A-Za-z0-9_./:@-]{1,12}$/);
  const map = fc.dictionary(
    fc.stringMatching(/^[A-Z][A-Z0-9_]{0,7}$/),
    fc.string({ maxLength: 10 }),
    { maxKeys: 3 },
  );
  const server = fc
    .record({
      name: fc.stringMatching(/^[a-z][a-z0-9-]{0,8}$/),
      transport: fc.constantFrom(...c.transports),
      command: word,
      args: fc.array(fc.string({ maxLength: 10 }), { maxLength: 4 }),
      env: map,
      url: word.map((w) => `https://h.test/${w}`),
      headers: map,
      disabled: fc.option(fc.boolean(), { nil: undefined }),
      timeout: fc.option(fc.integer({ min: 1, max: 600 }), { nil: undefined }),
      // null is the "remove this field" client option, not a value
      note: fc.option(
        fc
          .jsonValue()
          .filter((v) => v !== null)
          .map((v) => JSON.parse(JSON.stringify(v)) as unknown),
        { nil: undefined },
      ),
    })
    .map((r): ServerSpec => {
      const spec: ServerSpec =
        r.transport === 'stdio'
          ? {
              name: r.name,
              transport: 'stdio',
              command: r.command,
              ...(r.args.length ? { args: r.args } : {}),
              ...(Object.keys(r.env).length ? { env: r.env } : {}),
            }
          : {
              name: r.name,
              transport: r.transport,
              url: r.url,
              ...(Object.keys(r.headers).length ? { headers: r.headers } : {}),
            };
      if (c.disabled && r.disabled !== undefined) spec.disabled = r.disabled;
      if (c.timeout && r.timeout !== undefined) spec.timeout = r.timeout;
      if (r.note !== undefined) spec.clientOptions = { [c.id]: { 'x-note': r.note } };
      return spec;
    });

  test('parse(render(x)) == x for generated servers', () => {
    fc.assert(
      fc.property(server, (spec) => {
        const back = a.parse(spec.name, renderOk(a, spec));
        expect(back).toEqual(
          spec.transport === 'sse' && c.sseAsHttp ? { ...spec, transport: 'http' } : spec,
        );
      }),
      { numRuns: 150 },
    );
  });

  test('writing generated servers into the fixture and removing them restores its bytes', () => {
    fc.assert(
      fc.property(fc.uniqueArray(server, { selector: (s) => s.name, maxLength: 4 }), (list) => {
        const changes = Object.fromEntries(list.map((s) => [`gen-${s.name}`, renderOk(a, s)]));
        const written = a.format.writeEntries(text, c.fixture, entriesPath, changes);
        const read = a.format.readEntries(written, c.fixture, entriesPath);
        for (const [name, entry] of Object.entries(changes)) expect(read[name]).toEqual(entry);
        for (const s of list) {
          const back = a.parse(s.name, read[`gen-${s.name}`]!);
          expect(back).toEqual(
            s.transport === 'sse' && c.sseAsHttp ? { ...s, transport: 'http' } : s,
          );
        }
        const removed = Object.fromEntries(Object.keys(changes).map((k) => [k, undefined]));
        expect(a.format.writeEntries(written, c.fixture, entriesPath, removed)).toBe(text);
      }),
      { numRuns: 40 },
    );
  });
});

describe('dialect details the real CLIs showed', () => {
  test('Kilo CLI writes opencode entries and adds its $schema to a file without one', () => {
    const kilo = adapter('kilo-cli');
    expect(renderOk(kilo, { ...stdio, disabled: true, timeout: 5 })).toEqual({
      type: 'local',
      command: ['npx', '-y', '@mcp/fs', '/data'],
      environment: { LOG: 'debug' },
      enabled: false,
      timeout: 5000,
    });
    const out = kilo.format.writeEntries('{}\n', 'kilo.jsonc', ['mcp'], {
      fs: renderOk(kilo, stdio),
    });
    expect(JSON.parse(out).$schema).toBe('https://app.kilo.ai/config.json');
    expect(kilo.configPath('user', ctxFor('linux', { env: { XDG_CONFIG_HOME: '/cfg' } }))).toBe(
      '/cfg/kilo/kilo.jsonc',
    );
  });

  test('Qoder CLI, Auggie and droid write a type always; an untyped entry keeps having none', () => {
    for (const id of ['qoder-cli', 'auggie', 'droid']) {
      const a = adapter(id);
      expect(renderOk(a, stdio)).toEqual({
        type: 'stdio',
        command: 'npx',
        args: ['-y', '@mcp/fs', '/data'],
        env: { LOG: 'debug' },
      });
      const untyped = { command: 'node', args: ['s.js'] };
      expect(renderOk(a, a.parse('s', untyped))).toEqual(untyped);
      expect(a.parse('r', { url: 'https://h.test/mcp' }).transport).toBe('http');
    }
    expect(renderOk(adapter('droid'), { ...http, disabled: true })).toMatchObject({
      type: 'http',
      disabled: true,
    });
  });

  test('Amp: the servers live under the dotted key "amp.mcpServers", not amp -> mcpServers', () => {
    const a = adapter('amp');
    expect(a.entriesPath('user', ctxFor('linux'))).toEqual(['amp.mcpServers']);
    const out = a.format.writeEntries('{}\n', 'settings.json', ['amp.mcpServers'], {
      api: renderOk(a, http),
    });
    expect(JSON.parse(out)).toEqual({
      'amp.mcpServers': {
        api: {
          url: 'https://example.com/mcp',
          headers: { Authorization: 'Bearer hunter2-SECRET' },
        },
      },
    });
  });

  test('Grok CLI: name repeats the key, transport holds the rest; its own spellings survive', () => {
    const g = adapter('grok-cli');
    expect(renderOk(g, stdio)).toEqual({
      name: 'fs',
      transport: {
        type: 'stdio',
        command: 'npx',
        args: ['-y', '@mcp/fs', '/data'],
        env: { LOG: 'debug' },
      },
    });
    const own = {
      name: 'api',
      transport: { type: 'streamable_http', url: 'https://h.test/mcp', args: [], env: {} },
    };
    const spec = g.parse('api', own);
    expect(spec).toMatchObject({ name: 'api', transport: 'http', url: 'https://h.test/mcp' });
    expect(spec.args).toBeUndefined();
    expect(renderOk(g, spec)).toEqual(own);
    expect(g.parse('old', { name: 'old', command: 'node', args: ['x'] })).toEqual({
      name: 'old',
      transport: 'stdio',
      command: 'node',
      args: ['x'],
    });
  });
});
