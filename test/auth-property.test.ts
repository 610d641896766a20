// Classes of the OAuth login, with generated cases (fast-check): the client identification
// order against the real loopback authorization server and the SDK's auth(); what status shows
// (never a token, always the same JSON keys); when the launcher refreshes.
import { describe, test, expect } from '@jest/globals';
import fc from 'fast-check';
import { startOAuthFixture, followAuthorize } from './helpers/oauth-server.js';
import { login } from '../src/auth/login.js';
import {
  dueForRefresh,
  REFRESH_MARGIN_S,
  tokenInfo,
  toStored,
  type StoredTokens,
} from '../src/auth/store.js';
import { renderAuthJson, renderAuthText } from '../src/commands/auth.js';
import { McpoError } from '../src/errors.js';
import type { Keychain } from '../src/secrets/keychain.js';

/** The keychain's interface over a Map: the keychain is not what these cases are about. */
function memoryKeychain(): Keychain & { entries: Map<string, string> } {
  const entries = new Map<string, string>();
  return {
    entries,
    get: async (n) => entries.get(n),
    set: async (n, v) => void entries.set(n, v),
    remove: async (n) => entries.delete(n),
    list: async () => [...entries.keys()],
  };
}

const DOC = 'https://mcpo.example/oauth/client.json';

describe('client identification follows the spec order: static id, metadata document, registration', () => {
  test('for every combination of what the stack sets and what the server offers', async () => {
    const setup = fc.record({
      staticId: fc.boolean(),
      metadataUrl: fc.boolean(),
      serverDocuments: fc.boolean(),
      registration: fc.boolean(),
    });
    await fc.assert(
      fc.asyncProperty(setup, async (c) => {
        const f = await startOAuthFixture({
          registration: c.registration,
          metadataDocuments: c.serverDocuments,
          documents: { [DOC]: { redirect_uris: ['http://127.0.0.1/callback'] } },
          clients: [
            {
              client_id: 'static-app',
              redirect_uris: ['http://127.0.0.1/callback'],
              token_endpoint_auth_method: 'none',
            },
          ],
        });
        const keychain = memoryKeychain();
        try {
          const outcome = await login({
            server: 'remote',
            url: f.url,
            settings: {
              ...(c.staticId ? { clientId: 'static-app' } : {}),
              ...(c.metadataUrl ? { clientMetadataUrl: DOC } : {}),
            },
            keychain,
            timeoutMs: 20_000,
            where: 'test',
            onAuthorizationUrl: (url) => void followAuthorize(url).catch(() => {}),
          }).catch((e: unknown) => e);
          const expected = c.staticId
            ? 'static'
            : c.metadataUrl && c.serverDocuments
              ? 'metadata-document'
              : c.registration
                ? 'registration'
                : 'none';
          if (expected === 'none') {
            expect(outcome).toBeInstanceOf(McpoError);
            expect((outcome as McpoError).message).toMatch(
              /^Logging in to server remote \(.*\) failed: .*registration/,
            );
            expect(
              [...keychain.entries.keys()].filter((k) => k.startsWith('oauth-tokens:')),
            ).toEqual([]);
            return;
          }
          expect(outcome).toMatchObject({ identification: expected, info: { logged_in: true } });
          const clientId = {
            static: 'static-app',
            'metadata-document': DOC,
            registration: f.registrations[0]?.client_id,
          }[expected];
          expect(f.authorizations.map((a) => a.clientId)).toEqual([clientId]);
          expect(f.registrations).toHaveLength(expected === 'registration' ? 1 : 0);
        } finally {
          await f.close();
        }
      }),
      { numRuns: 24 },
    );
  }, 120_000);
});

const tokenValue = fc.stringMatching(/^[A-Za-z0-9._~+/-]{12,40}$/).map((v) => `tok_${v}`);
const stored = fc.record({
  access_token: tokenValue,
  refresh_token: fc.option(tokenValue, { nil: undefined }),
  id_token: fc.option(tokenValue, { nil: undefined }),
  token_type: fc.constant('Bearer'),
  scope: fc.option(
    fc.array(fc.stringMatching(/^[a-z:]{1,10}$/), { maxLength: 3 }).map((s) => s.join(' ')),
    { nil: undefined },
  ),
  expires_in: fc.option(fc.integer({ min: 0, max: 10 ** 6 }), { nil: undefined }),
  issuer: fc.option(fc.webUrl(), { nil: undefined }),
});

describe('auth status never shows a token, and its JSON has one shape', () => {
  test('for any stored login (or none), text and JSON', () => {
    fc.assert(
      fc.property(
        fc.option(stored, { nil: undefined }),
        fc.integer({ min: -(10 ** 6), max: 10 ** 6 }),
        (raw, elapsed) => {
          const now = new Date(Date.UTC(2026, 11, 2));
          const held: StoredTokens | undefined = raw && toStored(raw, ['asked'], now);
          const info = tokenInfo(
            'remote',
            'https://mcp.example/mcp',
            held,
            new Date(now.getTime() + elapsed * 1000),
          );
          const out = renderAuthJson([info]) + renderAuthText([info], '/p/mcp.stack.yaml');
          for (const t of [raw?.access_token, raw?.refresh_token, raw?.id_token])
            if (t) expect(out).not.toContain(t);
          const json = JSON.parse(renderAuthJson([info]));
          expect(Object.keys(json)).toEqual(['format_version', 'servers']);
          expect(Object.keys(json.servers[0])).toEqual([
            'server',
            'url',
            'logged_in',
            'issuer',
            'scopes',
            'expires_at',
            'refreshable',
          ]);
          expect(json.servers[0].refreshable).toBe(!!raw?.refresh_token);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('the launcher refreshes a token near its end, and never a fresh one', () => {
  test('for any lifetime and elapsed time', () => {
    fc.assert(
      fc.property(
        fc.option(fc.integer({ min: 0, max: 10 ** 6 }), { nil: undefined }),
        fc.integer({ min: 0, max: 2 * 10 ** 6 }),
        (life, elapsed) => {
          const issued = new Date(Date.UTC(2026, 11, 2));
          const held = toStored(
            {
              access_token: 'a',
              token_type: 'Bearer',
              refresh_token: 'r',
              ...(life !== undefined ? { expires_in: life } : {}),
            },
            [],
            issued,
          );
          const due = dueForRefresh(held, new Date(issued.getTime() + elapsed * 1000));
          if (life === undefined) return expect(due).toBe(false);
          const left = life - elapsed;
          if (left <= 0) expect(due).toBe(true);
          if (left > REFRESH_MARGIN_S) expect(due).toBe(false);
          // A token just issued is used, not refreshed, however short its life (except none at all).
          if (elapsed === 0 && life > 0) expect(due).toBe(false);
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe('requests sent together share one refresh', () => {
  test('any number of concurrent requests on a token at its end make one refresh', async () => {
    const { KeychainOAuthProvider } = await import('../src/auth/provider.js');
    const { TokenStore } = await import('../src/auth/store.js');
    const { loadAuthSdk } = await import('../src/auth/sdk.js');
    const sdk = await loadAuthSdk();
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 6 }), async (requests) => {
        // The login's token ends at once; with a rotating refresh token a second refresh fails.
        const f = await startOAuthFixture({
          accessTokenTtl: (grant) => (grant === 'authorization_code' ? 0 : 3600),
        });
        const keychain = memoryKeychain();
        try {
          await login({
            server: 'remote',
            url: f.url,
            settings: {},
            keychain,
            timeoutMs: 20_000,
            where: 'test',
            onAuthorizationUrl: (u) => void followAuthorize(u).catch(() => {}),
          });
          const store = new TokenStore(keychain);
          const p = new KeychainOAuthProvider(
            {
              url: f.url,
              store,
              settings: {},
              redirectUrl: 'http://127.0.0.1:1/callback',
              mode: 'launcher',
            },
            sdk,
          );
          await Promise.all(Array.from({ length: requests }, () => p.ensureFresh()));
          expect(f.tokenRequests.map((t) => t.grant)).toEqual([
            'authorization_code',
            'refresh_token',
          ]);
          expect((await store.tokens(f.url))?.access_token).toBe(f.issued.at(-2));
        } finally {
          await f.close();
        }
      }),
      { numRuns: 8 },
    );
  }, 60_000);
});

describe('a browser is opened only where there is one, and never in CI', () => {
  test('for any platform and environment', async () => {
    const { browserCommand } = await import('../src/auth/browser.js');
    const maybe = fc.option(fc.constantFrom('1', ':0', 'wayland-0', 'true'), { nil: undefined });
    const envs = fc.record({
      CI: maybe,
      DISPLAY: maybe,
      WAYLAND_DISPLAY: maybe,
      SSH_CONNECTION: maybe,
      MCPO_NO_BROWSER: maybe,
    });
    const platforms = fc.constantFrom<NodeJS.Platform>('linux', 'darwin', 'win32', 'freebsd');
    fc.assert(
      fc.property(platforms, envs, (platform, env) => {
        const command = browserCommand(platform, env);
        if (env.CI || env.MCPO_NO_BROWSER) expect(command).toBeUndefined();
        if (platform !== 'darwin' && platform !== 'win32' && !env.DISPLAY && !env.WAYLAND_DISPLAY)
          expect(command).toBeUndefined();
        if (platform === 'darwin' && env.SSH_CONNECTION) expect(command).toBeUndefined();
        // Never a shell: the URL is one argument, its `&` not a command separator.
        if (command) expect(['open', 'xdg-open', 'rundll32']).toContain(command[0]);
      }),
      { numRuns: 200 },
    );
  });
});
