// The classes behind doctor's auth report, with generated cases: the explanation of a 401 (pure),
// the clients' token stores read from real files in a temp home, and the environment references
// of every client's spelling.
import { describe, test, expect, afterAll } from '@jest/globals';
import fc from 'fast-check';
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { explainAuth } from '../src/doctor/auth-report.js';
import type { AuthFindings } from '../src/doctor/auth-probe.js';
import { clientOAuth } from '../src/doctor/client-oauth.js';
import { readClientTokens, type TokenHolding } from '../src/doctor/token-stores.js';
import { envNamesIn, envRefs } from '../src/doctor/env-refs.js';
import { envSyntax } from '../src/delivery/env-syntax.js';
import { clientIds } from './helpers/clients.js';
import { makeTmpHome } from './helpers/tmp-home.js';
import { ctxFor } from './helpers/path-context.js';
import type { ServerSpec } from '../src/types.js';

const CLIENTS = [
  'mcpo',
  'claude-code',
  'gemini-cli',
  'opencode',
  'codex',
  'vscode',
  'cursor',
  'zed',
];
const port = fc.option(fc.integer({ min: 1024, max: 65535 }), { nil: undefined });
const findings: fc.Arbitrary<AuthFindings> = fc.record({
  challenge: fc.record({ status: fc.constantFrom(401, 403) }),
  resourceMetadata: fc.record({
    found: fc.boolean(),
    tried: fc.array(fc.webUrl(), { maxLength: 2 }),
    url: fc.webUrl(),
    via: fc.constantFrom('www-authenticate' as const, 'well-known' as const),
  }),
  authorizationServer: fc.record({
    found: fc.boolean(),
    tried: fc.array(fc.webUrl(), { maxLength: 2 }),
    url: fc.webUrl(),
    issuer: fc.webUrl(),
    fallback: fc.boolean(),
    pkceMethods: fc.option(fc.subarray(['S256', 'plain']), { nil: undefined }),
    registration: fc.boolean(),
    metadataDocument: fc.boolean(),
  }),
});
const holding: fc.Arbitrary<TokenHolding> = fc.record(
  {
    store: fc.constantFrom('/h/tokens.json', "mcpo's keychain"),
    checked: fc.boolean(),
    exists: fc.boolean(),
    mode: fc.constant('0600'),
    private: fc.boolean(),
    held: fc.boolean(),
    expiresAt: fc.constant('2026-01-01T00:00:00.000Z'),
    expired: fc.boolean(),
    refreshable: fc.boolean(),
  },
  { requiredKeys: ['store', 'checked', 'held'] },
);
const spec = (oauth: { clientId?: string; callbackPort?: number }): ServerSpec => ({
  name: 'srv',
  transport: 'http',
  url: 'https://mcp.example/mcp',
  oauth,
});

describe('explainAuth: the 401 explained for any discovery result, client and token state', () => {
  test("the path used is the first the client tries among those available; a port other than the stack's always fails; every failure has a fix", () => {
    fc.assert(
      fc.property(
        findings,
        fc.constantFrom(...CLIENTS),
        fc.option(fc.constant('static-id'), { nil: undefined }),
        port,
        port,
        fc.array(holding, { maxLength: 2 }),
        (f, client, clientId, entryPort, stackPort, tokens) => {
          const profile = clientOAuth(client);
          const entry = spec({
            ...(clientId ? { clientId } : {}),
            ...(entryPort ? { callbackPort: entryPort } : {}),
          });
          const stack = spec({
            ...(clientId ? { clientId } : {}),
            ...(stackPort ? { callbackPort: stackPort } : {}),
          });
          const r = explainAuth({ findings: f, profile, client, entry, stack, env: {}, tokens });
          for (const c of r.checks.filter((c) => c.status === 'fail')) expect(c.fix).toBeTruthy();
          const as = f.authorizationServer;
          const available = [
            clientId && 'static',
            as.metadataDocument && 'metadata-document',
            as.registration && 'registration',
          ].filter(Boolean);
          expect(r.identification.available).toEqual(available);
          if (!profile)
            return expect(r.checks.find((c) => c.step === 'identification')?.status).toBe('warn');
          const usable = (p: string) => p !== 'metadata-document' || client !== 'mcpo';
          expect(r.identification.used).toBe(
            profile.identification.find((p) => available.includes(p) && usable(p)),
          );
          const redirectFails = r.checks.some((c) => c.step === 'redirect' && c.status === 'fail');
          expect(redirectFails).toBe(
            stackPort !== undefined && profile.redirect(entry, {}).port !== stackPort,
          );
          for (const t of tokens) {
            const lost = t.checked && t.exists !== false && t.held && t.expired && !t.refreshable;
            if (lost)
              expect(r.checks).toContainEqual(
                expect.objectContaining({
                  step: 'token',
                  status: 'fail',
                  fix: expect.stringContaining('log in again'),
                }),
              );
          }
          expect(r.checks.some((c) => c.step === 'resource-metadata' && c.status === 'fail')).toBe(
            !f.resourceMetadata.found,
          );
        },
      ),
      { numRuns: 400 },
    );
  });
});

/** Each file store in the layout its client writes (see src/doctor/token-stores.ts for the sources). */
const WRITERS: Record<
  string,
  {
    path: (home: string) => string;
    write: (
      name: string,
      url: string,
      t: { access: string; refresh?: string; expiresAtMs?: number },
    ) => unknown;
  }
> = {
  'claude-code': {
    path: (h) => `${h}/.claude/.credentials.json`,
    write: (name, url, t) => ({
      claudeAiOauth: {},
      mcpOAuth: {
        [`${name}|0011223344556677`]: {
          serverName: name,
          serverUrl: url,
          accessToken: t.access,
          refreshToken: t.refresh,
          expiresAt: t.expiresAtMs,
        },
      },
    }),
  },
  'gemini-cli': {
    path: (h) => `${h}/.gemini/mcp-oauth-tokens.json`,
    write: (name, url, t) => [
      {
        serverName: name,
        mcpServerUrl: url,
        token: {
          accessToken: t.access,
          refreshToken: t.refresh,
          tokenType: 'Bearer',
          expiresAt: t.expiresAtMs,
        },
        updatedAt: 1,
      },
    ],
  },
  opencode: {
    path: (h) => `${h}/.local/share/opencode/mcp-auth.json`,
    write: (name, url, t) => ({
      [name]: {
        serverUrl: url,
        tokens: {
          accessToken: t.access,
          refreshToken: t.refresh,
          expiresAt: t.expiresAtMs && t.expiresAtMs / 1000,
        },
      },
    }),
  },
  codex: {
    path: (h) => `${h}/.codex/.credentials.json`,
    write: (name, url, t) => ({
      [`${name}|0011223344556677`]: {
        server_name: name,
        server_url: url,
        client_id: 'c',
        access_token: t.access,
        refresh_token: t.refresh,
        expires_at: t.expiresAtMs,
        scopes: [],
      },
    }),
  },
};

const tmp = makeTmpHome('mcpo-token-stores-');
afterAll(() => tmp.cleanup());

describe('readClientTokens: every client token file, any expiry, refresh and mode; never a value', () => {
  test('held, expiry, refresh and privacy come out as written, for the named server only', () => {
    const now = Date.parse('2026-12-02T00:00:00Z');
    let run = 0;
    fc.assert(
      fc.property(
        fc.constantFrom(...Object.keys(WRITERS)),
        fc.stringMatching(/^[a-z][a-z0-9-]{0,8}$/),
        fc.option(fc.integer({ min: -1e10, max: 1e10 }), { nil: undefined }),
        fc.boolean(),
        fc.constantFrom(0o600, 0o644, 0o640),
        (client, name, offset, refresh, mode) => {
          const home = `${tmp.home}/${run++}`;
          const ctx = ctxFor('linux', { home, env: { XDG_DATA_HOME: `${home}/.local/share` } });
          const url = 'https://mcp.example/mcp';
          const w = WRITERS[client]!;
          const secret = `tok-${run}-SECRET`;
          mkdirSync(dirname(w.path(home)), { recursive: true });
          // Whole seconds: opencode stores seconds.
          const expiresAtMs =
            offset === undefined ? undefined : Math.round((now + offset) / 1000) * 1000;
          writeFileSync(
            w.path(home),
            JSON.stringify(
              w.write(name, url, {
                access: secret,
                ...(refresh ? { refresh: `r-${secret}` } : {}),
                ...(expiresAtMs ? { expiresAtMs } : {}),
              }),
            ),
          );
          chmodSync(w.path(home), mode);
          const held = readClientTokens(client, name, url, ctx, now)!;
          expect(held).toMatchObject({
            store: w.path(home),
            checked: true,
            exists: true,
            held: true,
            refreshable: refresh,
            private: mode === 0o600,
            mode: `0${mode.toString(8)}`,
          });
          if (expiresAtMs)
            expect(held).toMatchObject({
              expiresAt: new Date(expiresAtMs).toISOString(),
              expired: expiresAtMs <= now,
            });
          else expect(held.expiresAt).toBeUndefined();
          expect(JSON.stringify(held)).not.toContain('SECRET');
          expect(readClientTokens(client, `${name}-other`, url, ctx, now)!.held).toBe(false);
          expect(readClientTokens(client, name, 'https://other.example/mcp', ctx, now)!.held).toBe(
            false,
          );
        },
      ),
      { numRuns: 120 },
    );
  });

  test('an absent store is reported as absent; a keychain store is named, not read', () => {
    const ctx = ctxFor('linux', { home: `${tmp.home}/empty` });
    for (const client of Object.keys(WRITERS))
      expect(readClientTokens(client, 's', 'https://x/mcp', ctx)).toMatchObject({
        exists: false,
        held: false,
        checked: true,
      });
    expect(readClientTokens('vscode', 's', 'https://x/mcp', ctx)).toMatchObject({ checked: false });
    expect(readClientTokens('claude-code', 's', 'https://x/mcp', ctxFor('darwin'))).toMatchObject({
      checked: false,
      store: expect.stringContaining('Keychain'),
    });
  });
});

describe('env references: every client spelling, set and unset', () => {
  const varName = fc.oneof(
    fc.stringMatching(/^[A-Z_][A-Z0-9_]{0,10}$/),
    fc.constant('CLAUDE_PROJECT_DIR'),
  );
  const filler = fc.stringMatching(/^[a-z0-9 ./:-]{0,8}$/);
  test("each reference written in the client's spelling is found, and set exactly when the environment has a value", () => {
    const templated = clientIds().filter((c) => envSyntax(c).kind === 'template');
    expect(templated.length).toBeGreaterThan(5);
    fc.assert(
      fc.property(
        fc.constantFrom(...templated),
        fc.uniqueArray(varName, { minLength: 1, maxLength: 4 }),
        filler,
        fc.func(fc.boolean()),
        (client, names, pad, isSet) => {
          const syntax = envSyntax(client);
          if (syntax.kind !== 'template') return;
          // A space after the reference: Gemini's `$VAR` runs to the last word character.
          const ref = (n: string) => `${pad}${syntax.ref(n)} ${pad}`;
          const entry = {
            command: 'x',
            args: names.slice(0, 1).map(ref),
            env: Object.fromEntries(names.map((n, i) => [`K${i}`, ref(n)])),
            headers: { A: ref(names[names.length - 1]!) },
          };
          expect(envNamesIn(client, entry).sort()).toEqual([...names].sort());
          const env = Object.fromEntries(names.filter((n) => isSet(n)).map((n) => [n, 'v']));
          const own = (v: string) =>
            client === 'claude-code' && /^CLAUDE_(PROJECT_DIR|PLUGIN_ROOT|PLUGIN_DATA)$/.test(v);
          const expected = envNamesIn(client, entry).map((variable) => ({
            server: 's',
            variable,
            set: variable in env || own(variable),
          }));
          expect(envRefs(client, { s: entry }, env)).toEqual(expected);
        },
      ),
      { numRuns: 300 },
    );
  });

  test('Codex names variables in fields; a Claude Code reference with a default is no requirement; clients without a spelling have none', () => {
    expect(
      envNamesIn('codex', {
        env_vars: ['A'],
        bearer_token_env_var: 'B',
        env_http_headers: { X: 'C' },
        env: { D: '${E}' },
      }).sort(),
    ).toEqual(['A', 'B', 'C']);
    expect(
      envNamesIn('claude-code', { url: 'https://${HOST:-example.com}/mcp', env: { K: '${KEY}' } }),
    ).toEqual(['KEY']);
    expect(envNamesIn('zed', { env: { K: '${KEY}' } })).toEqual([]);
    // Set by Claude Code itself, not by the environment.
    expect(envRefs('claude-code', { s: { args: ['${CLAUDE_PROJECT_DIR}/x'] } }, {})).toEqual([
      { server: 's', variable: 'CLAUDE_PROJECT_DIR', set: true },
    ]);
  });
});
