import { describe, test, expect } from '@jest/globals';
import fc from 'fast-check';
import { getClient } from './helpers/clients.js';
import type { ClientAdapter } from '../src/clients/contract.js';
import type { Scope, ServerSpec, Transport } from '../src/types.js';
import { clientFixture, ctxFor, http, roundTrip, stdio } from './helpers/path-context.js';

/** The clients added for renamed, replaced and new products, with their fixture (docs' own examples). */
const FIXTURES: [id: string, file: string][] = [
  ['antigravity-cli', 'antigravity-cli/mcp_config.json'],
  ['devin-desktop', 'devin-desktop/mcp_config.json'],
  ['zoo-code', 'zoo-code/mcp_settings.json'],
  ['kiro-cli', 'kiro-cli/mcp.json'],
  ['cursor-agent', 'cursor-agent/mcp.json'],
  ['crush', 'crush/crush.json'],
  ['warp', 'warp/.mcp.json'],
  ['junie', 'junie/mcp.json'],
  ['jetbrains-ai', 'jetbrains-ai/mcp.json'],
  ['trae', 'trae/mcp.json'],
  ['visual-studio', 'visual-studio/.mcp.json'],
];

/** Remote transports each one has a spelling for; the rest must be render errors. */
const TRANSPORTS: Record<string, Transport[]> = {
  'antigravity-cli': ['stdio', 'http'],
  'devin-desktop': ['stdio', 'http', 'sse'],
  'zoo-code': ['stdio', 'http', 'sse'],
  'kiro-cli': ['stdio', 'http', 'sse'],
  'cursor-agent': ['stdio', 'http', 'sse'],
  crush: ['stdio', 'http', 'sse'],
  warp: ['stdio', 'http', 'sse'],
  junie: ['stdio', 'http'],
  'jetbrains-ai': ['stdio', 'http'],
  trae: ['stdio', 'http', 'sse'],
  'visual-studio': ['stdio', 'http', 'sse'],
};
/** Clients whose url is negotiated: an sse server is written as a bare address and reads back as http. */
const SSE_AS_HTTP = new Set(['kiro-cli', 'cursor-agent', 'warp', 'trae']);

const adapter = (id: string): ClientAdapter => getClient(id)!;
const pathOf = (a: ClientAdapter): string[] => a.entriesPath('user', ctxFor('linux'));

describe.each(FIXTURES)('%s fixture %s', (id, file) => {
  const a = adapter(id);
  const text = clientFixture(file);

  test('add then remove an entry gives back the original bytes', () => {
    const r = a.render(stdio);
    if (!r.ok) throw new Error(r.message);
    const added = a.format.writeEntries(text, file, pathOf(a), { 'mcpo-fs': r.entry });
    expect(a.format.readEntries(added, file, pathOf(a))['mcpo-fs']).toEqual(r.entry);
    expect(a.parse('fs', r.entry)).toEqual(stdio);
    expect(a.format.writeEntries(added, file, pathOf(a), { 'mcpo-fs': undefined })).toBe(text);
  });

  test('import: every entry parses, and render -> parse -> render is stable from there', () => {
    const entries = a.format.readEntries(text, file, pathOf(a));
    expect(Object.keys(entries).length).toBeGreaterThan(1);
    for (const [name, entry] of Object.entries(entries)) {
      const spec = a.parse(name, entry);
      const r = a.render(spec);
      if (!r.ok) throw new Error(`${name}: ${r.message}`);
      // mcpo may normalise (an explicit type, no empty args/env, Windsurf's serverUrl as url),
      // but what it writes then reads back as a server that renders to the same entry.
      expect(a.render(a.parse(name, r.entry))).toEqual(r);
      expect({ ...a.parse(name, r.entry), args: undefined, env: undefined }).toEqual({
        ...spec,
        args: undefined,
        env: undefined,
      });
    }
  });
});

describe.each(Object.entries(TRANSPORTS))('%s round trip', (id, transports) => {
  const a = adapter(id);
  test.each(transports)('parse(render(x)) == x for %s, with client options', (transport) => {
    const base: ServerSpec = transport === 'stdio' ? stdio : { ...http, transport };
    const spec: ServerSpec = { ...base, clientOptions: { [id]: { note: 'kept as-is' } } };
    const back = roundTrip(a, spec);
    expect(back).toEqual(
      transport === 'sse' && SSE_AS_HTTP.has(id) ? { ...spec, transport: 'http' } : spec,
    );
  });
  test.each((['stdio', 'http', 'sse', 'ws'] as Transport[]).filter((t) => !transports.includes(t)))(
    '%s is a render error naming the server',
    (transport) => {
      const r = a.render({ ...http, transport });
      expect(r.ok).toBe(false);
      if (!r.ok) {
        expect(r.message).toContain('"api"');
        expect(r.message).toContain(a.title);
        expect(`${r.message} ${r.hint}`).not.toMatch(/hunter2|example\.com/);
      }
    },
  );
});

/** Generated servers: any mix of the common fields a stack can hold. */
const word = fc.stringMatching(/^[a-z][a-z0-9_-]{0,7}$/);
const value = fc.string({ maxLength: 10 });
const vars = fc.dictionary(fc.stringMatching(/^[A-Z][A-Z0-9_]{0,5}$/), value, { maxKeys: 3 });
const extras = fc.record(
  {
    disabled: fc.boolean(),
    timeout: fc.integer({ min: 1, max: 600 }),
    cwd: fc.constantFrom('/srv/app', 'C:\\work'),
    tools: fc.record(
      { allow: fc.array(word, { maxLength: 2 }), deny: fc.array(word, { maxLength: 2 }) },
      { requiredKeys: [] },
    ),
    autoApprove: fc.oneof(fc.constant(true), fc.array(word, { maxLength: 2 })),
    clientOptions: fc.dictionary(
      fc.stringMatching(/^x[a-zA-Z]{0,6}$/),
      fc.jsonValue({ maxDepth: 1 }),
      { maxKeys: 2 },
    ),
  },
  { requiredKeys: [] },
);
const serverFor = (id: string) =>
  fc
    .tuple(
      word,
      fc.constantFrom<Transport>('stdio', 'http', 'sse', 'ws'),
      word,
      fc.array(value, { maxLength: 3 }),
      vars,
      vars,
      extras,
    )
    .map(([name, transport, cmd, args, env, headers, x]): ServerSpec => {
      const base: ServerSpec =
        transport === 'stdio'
          ? { name, transport, command: cmd, args, env }
          : {
              name,
              transport,
              url: `https://${cmd}.example.net/mcp`,
              headers: Object.fromEntries(
                Object.entries(headers).map(([k, v]) => [k, `hunter2${v}`]),
              ),
            };
      const { clientOptions, cwd, ...rest } = x;
      return {
        ...base,
        ...rest,
        ...(transport === 'stdio' && cwd ? { cwd } : {}),
        ...(clientOptions ? { clientOptions: { [id]: clientOptions } } : {}),
      };
    });

describe.each(FIXTURES.map(([id]) => id))('%s on generated servers', (id) => {
  const a = adapter(id);
  test('render never throws; what it writes parses back to a spec that renders the same entry', () => {
    fc.assert(
      fc.property(serverFor(id), (spec) => {
        const r = a.render(spec);
        if (!r.ok) {
          // A refusal names the server and never shows a header value or the address.
          expect(r.message).toContain(`"${spec.name}"`);
          expect(`${r.message} ${r.hint}`).not.toMatch(/hunter2|example\.net/);
          return;
        }
        const again = a.render(a.parse(spec.name, r.entry));
        expect(again.ok && again.entry).toEqual(r.entry);
      }),
      { numRuns: 150 },
    );
  });
});

describe("clients that read another client's file keep its path", () => {
  const PAIRS: [reader: string, owner: string][] = [
    ['cursor-agent', 'cursor'],
    ['kiro-cli', 'kiro'],
  ];
  const platforms: NodeJS.Platform[] = ['linux', 'darwin', 'win32'];
  test.each(PAIRS)(
    '%s writes where %s does, in the same entries path and format',
    (reader, owner) => {
      for (const platform of platforms) {
        for (const scope of ['user', 'project'] as Scope[]) {
          const ctx = ctxFor(platform);
          expect(adapter(reader).configPath(scope, ctx)).toBe(
            adapter(owner).configPath(scope, ctx),
          );
          expect(adapter(reader).entriesPath(scope, ctx)).toEqual(
            adapter(owner).entriesPath(scope, ctx),
          );
        }
      }
      expect(adapter(reader).format).toBe(adapter(owner).format);
    },
  );
  test.each(PAIRS)('%s and %s write the same entry for the same server', (reader, owner) => {
    fc.assert(
      fc.property(serverFor(reader), (spec) => {
        const forOwner = {
          ...spec,
          clientOptions: spec.clientOptions && { [owner]: spec.clientOptions[reader]! },
        };
        const r = adapter(reader).render(spec);
        const o = adapter(owner).render(forOwner);
        expect(r.ok).toBe(o.ok);
        if (r.ok && o.ok) expect(r.entry).toEqual(o.entry);
      }),
      { numRuns: 100 },
    );
  });
});

describe('paths per platform', () => {
  const PATHS: [
    id: string,
    platform: NodeJS.Platform,
    scope: Scope,
    want: string,
    env?: Record<string, string>,
  ][] = [
    ['antigravity-cli', 'linux', 'user', '/home/dev/.gemini/config/mcp_config.json'],
    ['antigravity-cli', 'win32', 'project', 'C:\\src\\app\\.agents\\mcp_config.json'],
    ['devin-desktop', 'linux', 'user', '/home/dev/.config/devin/mcp_config.json'],
    ['devin-desktop', 'darwin', 'user', '/Users/dev/.config/devin/mcp_config.json'],
    ['devin-desktop', 'win32', 'user', 'C:\\Users\\dev\\AppData\\Roaming\\devin\\mcp_config.json'],
    ['devin-desktop', 'linux', 'project', '/src/app.v2/.devin/mcp_config.json'],
    [
      'zoo-code',
      'linux',
      'user',
      '/home/dev/.config/Code/User/globalStorage/zoocodeorganization.zoo-code/settings/mcp_settings.json',
    ],
    ['zoo-code', 'linux', 'project', '/src/app.v2/.zoo/mcp.json'],
    ['crush', 'linux', 'user', '/home/dev/.config/crush/crush.json'],
    [
      'crush',
      'linux',
      'user',
      '/opt/crush-conf/crush.json',
      { CRUSH_GLOBAL_CONFIG: '/opt/crush-conf' },
    ],
    ['crush', 'win32', 'user', 'C:\\Users\\dev\\.config\\crush\\crush.json'],
    ['crush', 'linux', 'project', '/src/app.v2/crush.json'],
    ['warp', 'darwin', 'user', '/Users/dev/.warp/.mcp.json'],
    ['warp', 'linux', 'project', '/src/app.v2/.warp/.mcp.json'],
    ['junie', 'linux', 'project', '/src/app.v2/.junie/mcp/mcp.json'],
    ['jetbrains-ai', 'linux', 'user', '/home/dev/.ai/mcp/mcp.json'],
    ['trae', 'darwin', 'user', '/Users/dev/Library/Application Support/Trae/User/mcp.json'],
    ['trae', 'win32', 'user', 'C:\\Users\\dev\\AppData\\Roaming\\Trae\\User\\mcp.json'],
    ['trae', 'linux', 'project', '/src/app.v2/.trae/mcp.json'],
    ['visual-studio', 'win32', 'user', 'C:\\Users\\dev\\.mcp.json'],
    ['visual-studio', 'win32', 'project', 'C:\\src\\app\\.mcp.json'],
  ];
  test.each(PATHS)('%s on %s, %s scope: %s', (...row) => {
    const [id, platform, scope, want, env] = row;
    expect(adapter(id).configPath(scope, ctxFor(platform, env ? { env } : {}))).toBe(want);
  });
});

describe('dialects worth a closer look', () => {
  test("Visual Studio keeps `servers` beside Claude Code's `mcpServers` in one .mcp.json", () => {
    const a = adapter('visual-studio');
    const text = clientFixture('visual-studio/.mcp.json');
    const cc = adapter('claude-code');
    const ctx = ctxFor('linux');
    expect(a.configPath('project', ctx)).toBe(cc.configPath('project', ctx));
    expect(Object.keys(a.format.readEntries(text, '.mcp.json', ['servers']))).toEqual([
      'github',
      'everything',
    ]);
    expect(
      Object.keys(cc.format.readEntries(text, '.mcp.json', cc.entriesPath('project', ctx))),
    ).toEqual(['claude-only']);
  });
  test('Crush refuses a timeout that is not whole seconds (its field is an int)', () => {
    const r = adapter('crush').render({ ...stdio, timeout: 1.5 });
    expect(r.ok).toBe(false);
    expect(adapter('crush').render({ ...stdio, timeout: 30 })).toEqual({
      ok: true,
      entry: expect.objectContaining({ type: 'stdio', timeout: 30 }),
    });
  });
  test("Devin Desktop reads Windsurf's serverUrl and writes url, asking for SSE only when the stack does", () => {
    const a = adapter('devin-desktop');
    expect(a.parse('w', { serverUrl: 'https://x.example.net/mcp' })).toEqual({
      name: 'w',
      transport: 'http',
      url: 'https://x.example.net/mcp',
    });
    expect(a.render({ ...http, transport: 'sse' })).toEqual({
      ok: true,
      entry: { url: http.url, transport: 'sse', headers: http.headers },
    });
  });
  test('Antigravity CLI writes the address as serverUrl; a url beside it stays a client option', () => {
    const a = adapter('antigravity-cli');
    expect(a.render(http)).toEqual({
      ok: true,
      entry: { serverUrl: http.url, headers: http.headers },
    });
    const both = { serverUrl: 'https://a.example.net/mcp', url: 'https://b.example.net/mcp' };
    const spec = a.parse('x', both);
    expect(spec.url).toBe('https://a.example.net/mcp');
    expect(a.render(spec)).toEqual({ ok: true, entry: both });
  });
  test('Warp writes a working directory as working_directory', () => {
    expect(adapter('warp').render({ ...stdio, cwd: '/srv/app' })).toEqual({
      ok: true,
      entry: expect.objectContaining({ working_directory: '/srv/app' }),
    });
  });
});
