// Pure pieces of `mcpo import`: secret detection and names, escaping, dedupe, faithful-entry check.
import { describe, test, expect } from '@jest/globals';
import fc from 'fast-check';
import { planSecrets, secretName, secretValuesOf } from '../src/import/secrets.js';
import { escapeText, toStackServer } from '../src/import/to-stack.js';
import { dedupe } from '../src/import/dedupe.js';
import { entryProblem, schemaProblem } from '../src/import/check-entry.js';
import { interpolate } from '../src/stack/interpolate.js';
import { getClient } from './helpers/clients.js';
import type { FoundTarget } from '../src/import/read-clients.js';
import type { NativeEntry } from '../src/types.js';

describe('secret detection', () => {
  test('env keys and header names with TOKEN, KEY, SECRET, PASSWORD, AUTH (any case); references and empty values are not secrets', () => {
    const found = secretValuesOf({
      env: {
        GITHUB_TOKEN: 'ghp_1',
        api_key: 'k',
        DB_PASSWORD: 'p',
        client_secret: 's',
        LOG_LEVEL: 'debug',
        REF_TOKEN: '${GITHUB_TOKEN}',
        ENV_KEY: '${env:X}',
        SH_KEY: '$X',
        EMPTY_TOKEN: '',
      },
      headers: {
        Authorization: 'Bearer abc',
        'X-Auth-User': 'me',
        Accept: 'json',
        'X-Api-Key': '{env:K}',
      },
    });
    expect(found.map((f) => `${f.field}.${f.key}`)).toEqual([
      'env.GITHUB_TOKEN',
      'env.api_key',
      'env.DB_PASSWORD',
      'env.client_secret',
      'headers.Authorization',
      'headers.X-Auth-User',
    ]);
  });

  test('names: readable, from server and key', () => {
    expect(secretName('github', 'env', 'GITHUB_TOKEN')).toBe('github-token');
    expect(secretName('github', 'env', 'GITHUB_PERSONAL_ACCESS_TOKEN')).toBe(
      'github-personal-access-token',
    );
    expect(secretName('brave-search', 'env', 'BRAVE_API_KEY')).toBe('brave-api-key');
    expect(secretName('linear', 'headers', 'Authorization')).toBe('linear-token');
    expect(secretName('db', 'env', 'PASSWORD')).toBe('db-password');
    expect(secretName('api', 'oauth', 'client_secret')).toBe('api-client-secret');
  });

  test('same value is one secret; same name with another value (here or in the keychain) gets -2; the scheme stays in the stack', async () => {
    const taken = async (name: string, value: string) =>
      name === 'linear-token' && value !== 'lin_1';
    const { plan, hook } = await planSecrets(
      [
        { name: 'github', secretValues: [{ field: 'env', key: 'GITHUB_TOKEN', value: 'ghp_A' }] },
        { name: 'github', secretValues: [{ field: 'env', key: 'GITHUB_TOKEN', value: 'ghp_B' }] },
        { name: 'gh', secretValues: [{ field: 'env', key: 'TOKEN', value: 'ghp_A' }] },
        {
          name: 'linear',
          secretValues: [{ field: 'headers', key: 'Authorization', value: 'Bearer lin_2' }],
        },
      ],
      { keepInline: false, taken },
    );
    expect([...plan.store.keys()]).toEqual(['github-token', 'github-token-2', 'linear-token-2']);
    expect(plan.store.get('linear-token-2')).toBe('lin_2');
    expect(hook('gh', 'env', 'TOKEN', 'ghp_A')).toBe('${secret:github-token}');
    expect(hook('linear', 'headers', 'Authorization', 'Bearer lin_2')).toBe(
      'Bearer ${secret:linear-token-2}',
    );
  });

  test('--keep-secrets-inline keeps values (and reports them) except an OAuth client secret, which the schema only takes as a reference', async () => {
    const { plan, hook } = await planSecrets(
      [
        {
          name: 'api',
          secretValues: [
            { field: 'env', key: 'TOKEN', value: 't' },
            { field: 'oauth', key: 'client_secret', value: 'cs' },
          ],
        },
      ],
      { keepInline: true, taken: async () => false },
    );
    expect(plan.keptInline.map((f) => f.key)).toEqual(['TOKEN']);
    expect(hook('api', 'env', 'TOKEN', 't')).toBeUndefined();
    expect([...plan.store.keys()]).toEqual(['api-client-secret']);
  });
});

describe('stack form', () => {
  test('a literal ${ survives interpolation; $${ too', () => {
    for (const s of ['${workspaceFolder}/x', 'Bearer ${env:T}', 'a $${b} ${', 'plain']) {
      expect(interpolate(escapeText(s), { vars: {}, env: {}, secrets: true })).toEqual({
        value: s,
        issues: [],
      });
    }
  });

  test('fields are written whatever the transport, so the schema refuses what the stack cannot hold', () => {
    const body = toStackServer(
      { name: 'x', transport: 'stdio', command: 'c', headers: { A: 'b' } },
      () => undefined,
    );
    expect(body).toEqual({ command: 'c', headers: { A: 'b' } });
    expect(schemaProblem('x', body)).toMatch(/schema refuses/);
    expect(schemaProblem('x', { url: 'https://x/mcp', transport: 'sse' })).toBeUndefined();
    expect(schemaProblem('x', { name: 'builtin' })).toMatch(/neither a command nor a url/);
  });
});

describe('dedupe', () => {
  const cursor = getClient('cursor')!;
  const claude = getClient('claude-code')!;
  const target = (
    adapter = cursor,
    entries: Record<string, NativeEntry>,
    path = `/h/${adapter.id}.json`,
  ): FoundTarget => ({
    adapter,
    scope: 'user',
    path,
    entriesPath: ['mcpServers'],
    entries: Object.entries(entries).map(([name, native]) => ({
      name,
      native,
      spec: adapter.parse(name, native),
    })),
  });

  test('same definition in two clients is one server; the same name defined differently is kept apart', () => {
    const d = dedupe([
      target(claude, {
        mem: { type: 'stdio', command: 'npx', args: ['m'] },
        gh: { type: 'stdio', command: 'gh', args: ['1'] },
      }),
      target(cursor, { mem: { command: 'npx', args: ['m'] }, gh: { command: 'gh', args: ['2'] } }),
    ]);
    expect(d.servers.map((s) => [s.name, s.origins.map((o) => o.client)])).toEqual([
      ['mem', ['claude-code', 'cursor']],
      ['gh', ['claude-code']],
      ['gh-cursor', ['cursor']],
    ]);
    expect(d.targets[1]).toMatchObject({
      servers: ['mem'],
      clashes: [{ entryName: 'gh', keptAs: 'gh-cursor' }],
    });
  });

  test('an empty env or headers map is the same definition as none', () => {
    const d = dedupe([
      target(claude, { mem: { type: 'stdio', command: 'npx', args: ['m'], env: {} } }),
      target(cursor, { mem: { command: 'npx', args: ['m'] } }),
    ]);
    expect(d.servers.map((s) => [s.name, s.origins.map((o) => o.client)])).toEqual([
      ['mem', ['claude-code', 'cursor']],
    ]);
  });

  test('client options of different clients merge; different options for the same client are a different definition', () => {
    const d = dedupe([
      target(cursor, { a: { command: 'x', note: 1 } }, '/h/u.json'),
      target(claude, { a: { type: 'stdio', command: 'x', extra: true } }),
      target(cursor, { a: { command: 'x', note: 2 } }, '/h/p.json'),
    ]);
    expect(d.servers.map((s) => s.name)).toEqual(['a', 'a-cursor']);
    expect(d.servers[0]!.spec.clientOptions).toEqual({
      cursor: { note: 1 },
      'claude-code': { extra: true },
    });
  });
});

describe('faithful entries', () => {
  test('a hand-written Claude Code stdio entry without `type` comes back without it', () => {
    const claude = getClient('claude-code')!;
    const native = { command: 'npx', args: ['-y', 'server'], env: { A: 'b' } };
    expect(entryProblem(claude, 'x', native, claude.parse('x', native))).toBeUndefined();
    const typed = { type: 'stdio', command: 'npx' };
    expect(claude.parse('x', typed).clientOptions).toBeUndefined();
  });

  test('a VS Code entry without `type` is read by shape (command: stdio, url: http) and imported as it is', () => {
    const vscode = getClient('vscode')!;
    const strings = fc.array(fc.string({ maxLength: 8 }), { minLength: 1, maxLength: 3 });
    const map = fc.dictionary(
      fc.stringMatching(/^[A-Z][A-Z_]{0,5}$/),
      fc.string({ maxLength: 8 }),
      { minKeys: 1, maxKeys: 2 },
    );
    const stdioEntry = fc.record(
      { command: fc.stringMatching(/^[a-z/]{1,8}$/), args: strings, env: map },
      { requiredKeys: ['command'] },
    );
    const urlEntry = fc.record({ url: fc.webUrl(), headers: map }, { requiredKeys: ['url'] });
    fc.assert(
      fc.property(fc.oneof(stdioEntry, urlEntry), (native: NativeEntry) => {
        const spec = vscode.parse('x', native);
        expect(spec.transport).toBe(native.command !== undefined ? 'stdio' : 'http');
        expect(entryProblem(vscode, 'x', native, spec)).toBeUndefined();
        const back = vscode.render(spec);
        expect(back.ok && back.entry).toEqual(native);
      }),
      { numRuns: 100 },
    );
    expect(vscode.parse('x', { type: 'http', url: 'https://e/mcp' }).clientOptions).toBeUndefined();
  });

  test('names the stack cannot hold, and entries mcpo would write differently, are reported', () => {
    const cursor = getClient('cursor')!;
    expect(
      entryProblem(
        cursor,
        'my server',
        { command: 'x' },
        cursor.parse('my server', { command: 'x' }),
      ),
    ).toMatch(/server names use letters/);
    const spec = { ...cursor.parse('x', { command: 'x' }), timeout: 5 };
    expect(entryProblem(cursor, 'x', { command: 'x' }, spec)).toMatch(
      /cannot write it back for Cursor/,
    );
  });
});
