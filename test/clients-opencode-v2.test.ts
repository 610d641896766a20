import { describe, test, expect, afterAll } from '@jest/globals';
import fc from 'fast-check';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseJsonc } from 'jsonc-parser';
import { getClient } from './helpers/clients.js';
import { adapterForText, entriesPathsOf } from '../src/clients/dialect.js';
import { readClients } from '../src/import/read-clients.js';
import type { ServerSpec } from '../src/types.js';
import { clientFixture, ctxFor, http, roundTrip, stdio } from './helpers/path-context.js';
import { makeTmpHome, runMcpo } from './helpers/tmp-home.js';

const opencode = getClient('opencode')!;
const V1 = clientFixture('opencode/opencode.json');
const V2 = clientFixture('opencode-v2/opencode.json');
const v2 = adapterForText(opencode, V2);

describe('which shape a file is in', () => {
  test('a file holding the mcp.servers envelope is the newer shape; others, and new files, the flat one', () => {
    expect(v2).not.toBe(opencode);
    expect(v2.entriesPath('project', ctxFor('linux'))).toEqual(['mcp', 'servers']);
    expect(adapterForText(opencode, V1)).toBe(opencode);
    expect(adapterForText(opencode, null)).toBe(opencode);
    expect(adapterForText(opencode, '{ "mcp": {} }')).toBe(opencode);
    expect(adapterForText(opencode, 'not json {')).toBe(opencode);
  });

  test("a server that happens to be named `servers` is not an envelope (opencode's own rule)", () => {
    const named = '{ "mcp": { "servers": { "type": "local", "command": ["srv"] } } }';
    expect(adapterForText(opencode, named)).toBe(opencode);
    fc.assert(
      fc.property(
        fc.constantFrom('type', 'enabled'),
        fc.oneof(fc.string(), fc.boolean(), fc.constant(null)),
        (key, value) => {
          expect(
            adapterForText(opencode, JSON.stringify({ mcp: { servers: { [key]: value } } })),
          ).toBe(opencode);
          expect(
            adapterForText(
              opencode,
              JSON.stringify({ mcp: { servers: { [key]: { type: 'local', command: ['x'] } } } }),
            ),
          ).toBe(v2);
        },
      ),
    );
  });

  test("both entries paths are the client's (a saved plan for either is accepted)", () => {
    expect(entriesPathsOf(opencode, 'user', ctxFor('linux'))).toEqual([
      ['mcp'],
      ['mcp', 'servers'],
    ]);
  });
});

describe('the newer shape', () => {
  test('fixture: add then remove an entry gives back the original bytes; every entry imports stably', () => {
    const path = ['mcp', 'servers'];
    const r = v2.render(stdio);
    if (!r.ok) throw new Error(r.message);
    const added = v2.format.writeEntries(V2, 'opencode.json', path, { 'mcpo-fs': r.entry });
    expect(v2.format.writeEntries(added, 'opencode.json', path, { 'mcpo-fs': undefined })).toBe(V2);
    for (const [name, entry] of Object.entries(v2.format.readEntries(V2, 'opencode.json', path))) {
      const again = v2.render(v2.parse(name, entry));
      expect(again).toEqual({ ok: true, entry });
    }
  });

  test('disabled, a working directory and timeouts are its own fields', () => {
    const spec: ServerSpec = { ...stdio, cwd: '/srv/app', disabled: true, timeout: 30 };
    expect(v2.render(spec)).toEqual({
      ok: true,
      entry: {
        type: 'local',
        command: ['npx', '-y', '@mcp/fs', '/data'],
        cwd: '/srv/app',
        environment: { LOG: 'debug' },
        disabled: true,
        timeout: { catalog: 30000, execution: 30000 },
      },
    });
    expect(roundTrip(v2, spec)).toEqual(spec);
    // The flat shape has no working directory: the same server is refused there.
    expect(opencode.render(spec).ok).toBe(false);
  });

  test('oauth fields are snake_case, with one space-separated scope', () => {
    const spec: ServerSpec = {
      ...http,
      oauth: { clientId: 'cid', callbackPort: 19876, scopes: ['read', 'write'] },
    };
    expect(v2.render(spec)).toEqual({
      ok: true,
      entry: {
        type: 'remote',
        url: http.url,
        headers: http.headers,
        oauth: { client_id: 'cid', callback_port: 19876, scope: 'read write' },
      },
    });
    expect(roundTrip(v2, spec)).toEqual(spec);
  });

  test('on generated servers, render -> parse -> render is stable and never throws', () => {
    const server = fc
      .record(
        {
          name: fc.stringMatching(/^[a-z][a-z0-9-]{0,6}$/),
          transport: fc.constantFrom<'stdio' | 'http' | 'sse' | 'ws'>('stdio', 'http', 'sse', 'ws'),
          command: fc.stringMatching(/^[a-z]{1,6}$/),
          args: fc.array(fc.string({ maxLength: 6 }), { maxLength: 3 }),
          env: fc.dictionary(fc.stringMatching(/^[A-Z]{1,4}$/), fc.string({ maxLength: 5 }), {
            maxKeys: 2,
          }),
          cwd: fc.constant('/srv'),
          disabled: fc.boolean(),
          timeout: fc.integer({ min: 1, max: 900 }),
        },
        { requiredKeys: ['name', 'transport', 'command'] },
      )
      .map(
        (s): ServerSpec =>
          s.transport === 'stdio'
            ? s
            : {
                name: s.name,
                transport: s.transport,
                url: `https://${s.command}.example.net/mcp`,
                ...(s.disabled !== undefined ? { disabled: s.disabled } : {}),
              },
      );
    fc.assert(
      fc.property(server, (spec) => {
        const r = v2.render(spec);
        if (!r.ok) return expect(spec.transport).toBe('ws');
        expect(v2.render(v2.parse(spec.name, r.entry))).toEqual(r);
      }),
      { numRuns: 200 },
    );
  });

  test('import reads the servers under mcp.servers', () => {
    const t = makeTmpHome();
    try {
      const ctx = { ...ctxFor('linux'), home: t.home, projectDir: t.home, exists: () => true };
      writeFileSync(join(t.home, 'opencode.json'), V2);
      const found = readClients([opencode], ctx).targets.find((f) => f.scope === 'project')!;
      expect(found.entriesPath).toEqual(['mcp', 'servers']);
      expect(found.entries.map((e) => e.name)).toEqual(['context7', 'everything']);
      expect(found.entries[1]!.spec).toMatchObject({
        command: 'npx',
        cwd: '/srv/tools',
        disabled: true,
      });
    } finally {
      t.cleanup();
    }
  });
});

describe('the CLI writes each file in the shape it holds', () => {
  const t = makeTmpHome();
  afterAll(() => t.cleanup());
  const dir = join(t.home, 'proj');
  mkdirSync(dir, { recursive: true });
  mkdirSync(join(t.home, '.config', 'opencode'), { recursive: true });
  const mcp = (file: string) => parseJsonc(readFileSync(file, 'utf8')).mcp;

  test('project file in the newer shape, user file in the flat one; then plan says No changes', () => {
    writeFileSync(join(dir, 'opencode.json'), V2);
    writeFileSync(
      join(dir, 'mcp.stack.yaml'),
      [
        'version: 1',
        'servers:',
        '  fs: { command: npx, args: [-y, "@mcp/fs"], disabled: true, timeout: 20 }',
        'clients:',
        '  opencode:',
        '    - { scope: project, servers: [fs] }',
        '    - { scope: user, servers: [fs] }',
        '',
      ].join('\n'),
    );
    const apply = runMcpo(['apply', '--yes', '--no-color'], { env: t.env, cwd: dir });
    expect(apply.stderr).toBe('');
    expect(apply.code).toBe(0);
    const project = mcp(join(dir, 'opencode.json'));
    expect(project.servers.fs).toEqual({
      type: 'local',
      command: ['npx', '-y', '@mcp/fs'],
      disabled: true,
      timeout: { catalog: 20000, execution: 20000 },
    });
    expect(project.fs).toBeUndefined();
    expect(Object.keys(project.servers)).toEqual(['context7', 'everything', 'fs']);
    const user = mcp(join(t.home, '.config', 'opencode', 'opencode.json'));
    expect(user.fs).toEqual({
      type: 'local',
      command: ['npx', '-y', '@mcp/fs'],
      enabled: false,
      timeout: 20000,
    });
    expect(runMcpo(['plan', '--no-color'], { env: t.env, cwd: dir }).stdout).toContain(
      'No changes.',
    );
  });

  test('a saved plan for the newer shape is accepted by apply', () => {
    writeFileSync(
      join(dir, 'mcp.stack.yaml'),
      [
        'version: 1',
        'servers:',
        '  fs: { command: npx, args: [-y, "@mcp/fs"] }',
        'clients:',
        '  opencode: { scope: project, servers: [fs] }',
        '',
      ].join('\n'),
    );
    const out = join(dir, 'plan.json');
    expect(runMcpo(['plan', '--out', out, '--no-color'], { env: t.env, cwd: dir }).code).toBe(0);
    const applied = runMcpo(['apply', out, '--yes', '--no-color'], { env: t.env, cwd: dir });
    expect(applied.stderr).toBe('');
    expect(applied.code).toBe(0);
    expect(mcp(join(dir, 'opencode.json')).servers.fs).toEqual({
      type: 'local',
      command: ['npx', '-y', '@mcp/fs'],
    });
  });
});
