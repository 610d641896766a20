import { describe, test, expect, afterAll } from '@jest/globals';
import { readFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { clientInfos, getClient } from './helpers/clients.js';
import { ctxFor } from './helpers/path-context.js';
import { createRegistry, type ClientInfo } from '../src/clients/registry.js';
import type { ClientAdapter } from '../src/clients/contract.js';
import { MCPO_CLI, makeTmpHome, runMcpo } from './helpers/tmp-home.js';

/** A stand-in adapter module: only the fields the registry looks at. */
const fakeModule = (id: string) => ({
  [id.replace(/-/g, '')]: {
    id,
    render: () => ({ ok: true, entry: {} }),
  } as unknown as ClientAdapter,
});

describe('the catalog', () => {
  test('clients whose files can meet share a family, so a plan loads every reader of a shared file', () => {
    for (const platform of ['linux', 'darwin', 'win32'] as const) {
      const ctx = ctxFor(platform);
      const byFile = new Map<string, Set<string>>();
      for (const info of clientInfos) {
        const a = getClient(info.id)!;
        for (const scope of a.scopes) {
          const entries = JSON.stringify(a.entriesPath(scope, ctx));
          const paths = [
            a.configPath(scope, ctx),
            ...(a.alsoReads?.(scope, ctx) ?? []).map((p) => p.path),
          ];
          for (const p of paths) {
            const key = `${p.toLowerCase()} ${entries}`;
            byFile.set(key, (byFile.get(key) ?? new Set()).add(info.id));
          }
        }
      }
      for (const [file, ids] of byFile) {
        if (ids.size < 2) continue;
        const families = new Set(
          [...ids].map((id) => clientInfos.find((i) => i.id === id)!.family),
        );
        expect([file, [...families]]).toStrictEqual([file, [expect.any(String)]]);
      }
    }
  });

  test('each line agrees with its adapter (id, title, scopes), and every successor is a client', () => {
    for (const info of clientInfos) {
      const a = getClient(info.id)!;
      expect({ id: a.id, title: a.title, scopes: a.scopes }).toEqual({
        id: info.id,
        title: info.title,
        scopes: info.scopes,
      });
      if (info.successor) {
        expect(clientInfos.some((i) => i.id === info.successor)).toBe(true);
        expect(info.successor).not.toBe(info.id);
      }
    }
    expect(clientInfos.length).toBeGreaterThanOrEqual(29);
  });

  test('renamed and replaced clients name their successors', () => {
    const successors = Object.fromEntries(
      clientInfos.filter((i) => i.successor).map((i) => [i.id, i.successor]),
    );
    expect(successors).toEqual({
      'roo-code': 'zoo-code',
      windsurf: 'devin-desktop',
      'gemini-cli': 'antigravity-cli',
      'amazon-q': 'kiro-cli',
    });
  });
});

describe('createRegistry', () => {
  test('loads only the clients asked for, each once, and looks up only loaded ones', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uniqueArray(fc.constantFrom<string>('a', 'b', 'c', 'd', 'e'), { minLength: 1 }),
        fc.array(fc.constantFrom<string>('a', 'c', 'zz')),
        async (ids, asked) => {
          const loads: string[] = [];
          const infos: ClientInfo[] = ids.map((id) => ({
            id,
            title: id,
            scopes: ['user'],
            load: async () => (loads.push(id), fakeModule(id)),
          }));
          const r = createRegistry(infos);
          const got = await r.loadClients(asked);
          await r.loadClients(asked);
          const known = [...new Set(asked)].filter((id) => ids.includes(id));
          expect(got.map((a) => a.id)).toEqual(known);
          expect(loads.sort()).toEqual([...known].sort());
          for (const id of ids) {
            if (known.includes(id)) expect(r.getClient(id)?.id).toBe(id);
            else expect(() => r.getClient(id)).toThrow(/before loadClients/);
          }
          expect(r.getClient('zz')).toBeUndefined();
        },
      ),
      { numRuns: 50 },
    );
  });

  test('a catalog line whose module lacks the adapter is a bug, reported as such', async () => {
    const r = createRegistry([
      { id: 'x', title: 'X', scopes: ['user'], load: async () => fakeModule('y') },
    ]);
    await expect(r.loadClients(['x'])).rejects.toThrow(/no adapter x in its module/);
  });

  test('predecessors are the clients naming this one as successor', () => {
    const load = async () => ({});
    const r = createRegistry([
      { id: 'old', title: 'Old', scopes: ['user'], successor: 'new', load },
      { id: 'older', title: 'Older', scopes: ['user'], successor: 'new', load },
      { id: 'new', title: 'New', scopes: ['user'], load },
    ]);
    expect(r.predecessors('new')).toEqual(['old', 'older']);
    expect(r.predecessors('old')).toEqual([]);
  });
});

describe('the built CLI', () => {
  const t = makeTmpHome();
  afterAll(() => t.cleanup());

  test('every adapter module is initialised lazily in the bundle (a plan loads only its clients)', () => {
    const bundle = readFileSync(join(MCPO_CLI, '..', 'mcpo.cjs'), 'utf8');
    for (const { id } of clientInfos)
      expect(bundle).toContain(`init_${id.replace(/-/g, '_')}=__esm`);
  });

  test('`mcpo clients` says which client succeeded which, in text and in --json', () => {
    const text = runMcpo(['clients'], { env: t.env, cwd: t.home });
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/^windsurf .*windsurf -> devin-desktop/m);
    expect(text.stdout).toMatch(/^devin-desktop .*succeeds windsurf/m);
    const rows = JSON.parse(runMcpo(['clients', '--json'], { env: t.env, cwd: t.home }).stdout) as {
      id: string;
      successor?: string;
      succeeds?: string[];
    }[];
    const by = Object.fromEntries(rows.map((r) => [r.id, r]));
    expect(by['gemini-cli']!.successor).toBe('antigravity-cli');
    expect(by['antigravity-cli']!.succeeds).toEqual(['gemini-cli']);
    expect(by['amazon-q']!.successor).toBe('kiro-cli');
    expect(by['zoo-code']!.succeeds).toEqual(['roo-code']);
    expect(by.cursor!.successor).toBeUndefined();
  });

  test('a stack naming the old id and its successor plans both; the move is a rename', () => {
    const dir = join(t.home, 'proj');
    mkdirSync(dir, { recursive: true });
    for (const d of ['.codeium/windsurf', '.config/devin'])
      mkdirSync(join(t.home, d), { recursive: true });
    const stack = (clients: string) =>
      [
        'version: 1',
        'servers:',
        '  fs: { command: npx, args: [-y, "@mcp/fs"] }',
        'clients:',
        clients,
        '',
      ].join('\n');
    writeFileSync(
      join(dir, 'mcp.stack.yaml'),
      stack('  windsurf: { servers: [fs] }\n  devin-desktop: { servers: [fs] }'),
    );
    const plan = runMcpo(['plan', '--no-color'], { env: t.env, cwd: dir });
    expect(plan.code).toBe(0);
    expect(plan.stdout).toContain('windsurf (user) ~/.codeium/windsurf/mcp_config.json (new file)');
    expect(plan.stdout).toContain(
      'devin-desktop (user) ~/.config/devin/mcp_config.json (new file)',
    );
    expect(runMcpo(['apply', '--yes', '--no-color'], { env: t.env, cwd: dir }).code).toBe(0);
    const written = JSON.parse(
      readFileSync(join(t.home, '.config', 'devin', 'mcp_config.json'), 'utf8'),
    );
    expect(written.mcpServers.fs).toEqual({ command: 'npx', args: ['-y', '@mcp/fs'] });
    expect(runMcpo(['plan', '--no-color'], { env: t.env, cwd: dir }).stdout).toContain(
      'No changes.',
    );
  });
});
