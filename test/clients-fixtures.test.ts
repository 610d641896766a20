import { describe, test, expect } from '@jest/globals';
import { getClient } from './helpers/clients.js';
import type { ClientAdapter } from '../src/clients/contract.js';
import type { ServerSpec, Transport } from '../src/types.js';
import { clientFixture, ctxFor, http, roundTrip, stdio } from './helpers/path-context.js';

/** Fixture files written from each client's published schema or docs, with unrelated settings around the servers. */
const FIXTURES: [id: string, file: string][] = [
  ['vscode', 'vscode/mcp.json'],
  ['cline', 'cline/cline_mcp_settings.json'],
  ['roo-code', 'roo-code/mcp_settings.json'],
  ['windsurf', 'windsurf/mcp_config.json'],
  ['zed', 'zed/settings.json'],
  ['gemini-cli', 'gemini-cli/settings.json'],
  ['qwen-code', 'qwen-code/settings.json'],
  ['copilot-cli', 'copilot-cli/mcp-config.json'],
  ['opencode', 'opencode/opencode.json'],
  ['kiro', 'kiro/mcp.json'],
  ['amazon-q', 'amazon-q/mcp.json'],
  ['lm-studio', 'lm-studio/mcp.json'],
  ['codex', 'codex/config.toml'],
  ['continue', 'continue/config.yaml'],
  ['goose', 'goose/config.yaml'],
];

const adapter = (id: string): ClientAdapter => getClient(id)!;
const pathOf = (a: ClientAdapter): string[] => a.entriesPath('user', ctxFor('linux'));

describe.each(FIXTURES)('%s fixture %s', (id, file) => {
  const a = adapter(id);
  const text = clientFixture(file);

  test('add then remove an entry gives back the original bytes', () => {
    const entry = a.render(stdio);
    if (!entry.ok) throw new Error(entry.message);
    const before = a.format.readEntries(text, file, pathOf(a));
    const added = a.format.writeEntries(text, file, pathOf(a), { 'mcpo-fs': entry.entry });
    const after = a.format.readEntries(added, file, pathOf(a));
    expect(after).toEqual({ ...before, 'mcpo-fs': entry.entry });
    expect(a.parse('fs', after['mcpo-fs']!)).toEqual(stdio);
    expect(a.format.writeEntries(added, file, pathOf(a), { 'mcpo-fs': undefined })).toBe(text);
  });

  test('every entry of the file parses, and re-rendering it is accepted', () => {
    const entries = a.format.readEntries(text, file, pathOf(a));
    expect(Object.keys(entries).length).toBeGreaterThan(0);
    for (const [name, entry] of Object.entries(entries)) {
      const spec = a.parse(name, entry);
      expect(spec.name).toBe(name);
      expect(a.render(spec).ok).toBe(true);
    }
  });
});

/** Clients that infer the remote transport from a bare url read an sse server back as http. */
const SSE_AS_HTTP = new Set(['windsurf', 'kiro', 'lm-studio', 'opencode']);
const TRANSPORTS: Record<string, Transport[]> = {
  vscode: ['stdio', 'http', 'sse'],
  cline: ['stdio', 'http', 'sse'],
  'roo-code': ['stdio', 'http', 'sse'],
  windsurf: ['stdio', 'http', 'sse'],
  zed: ['stdio', 'http'],
  'gemini-cli': ['stdio', 'http', 'sse'],
  'qwen-code': ['stdio', 'http', 'sse'],
  'copilot-cli': ['stdio', 'http', 'sse'],
  opencode: ['stdio', 'http', 'sse'],
  kiro: ['stdio', 'http', 'sse'],
  'amazon-q': ['stdio', 'http'],
  'lm-studio': ['stdio', 'http', 'sse'],
  codex: ['stdio', 'http'],
  continue: ['stdio', 'http', 'sse'],
  goose: ['stdio', 'http'],
};

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
        expect(`${r.message} ${r.hint}`).not.toMatch(/hunter2|example\.com/);
      }
    },
  );
});
