/**
 * `mcpo login`'s core: one OAuth 2.1 authorization code flow with PKCE against a remote server,
 * driven by the SDK's `auth()` (discovery, client identification, token exchange) with the
 * keychain provider, a loopback redirect and a clear timeout. It never prints: the authorization
 * URL goes to the caller, which shows it (and opens a browser).
 */
import { randomBytes } from 'node:crypto';
import type { Keychain } from '../secrets/keychain.js';
import type { TokenInfo } from './contract.js';
import { TokenStore, tokenInfo } from './store.js';
import { KeychainOAuthProvider, type Identification, type OAuthSettings } from './provider.js';
import { openLoopback } from './loopback.js';
import { loadAuthSdk, oauthFailure } from './sdk.js';
import { McpoError } from '../errors.js';

export interface LoginRequest {
  server: string;
  url: string;
  settings: OAuthSettings;
  keychain: Keychain;
  timeoutMs: number;
  /** Names the stack setting in messages, e.g. `oauth.callback_port of server x in FILE`. */
  where: string;
  /** Shows the authorization URL; the login waits for the redirect once this returns. */
  onAuthorizationUrl(url: string): void | Promise<void>;
}

export interface LoginResult {
  info: TokenInfo;
  identification: Identification;
}

export async function login(req: LoginRequest): Promise<LoginResult> {
  const sdk = await loadAuthSdk();
  const store = new TokenStore(req.keychain);
  // A keychain that cannot store the result fails now, not after the user has logged in.
  await store.tokens(req.url);
  const state = randomBytes(16).toString('base64url');
  const loopback = await openLoopback(req.settings.callbackPort, state, req.where);
  try {
    let shown: Promise<void> = Promise.resolve();
    const provider = new KeychainOAuthProvider(
      {
        url: req.url,
        store,
        settings: req.settings,
        redirectUrl: loopback.redirectUrl,
        mode: 'login',
        state,
        onAuthorizationUrl: (u) => void (shown = Promise.resolve(req.onAuthorizationUrl(u.href))),
      },
      sdk,
    );
    // The stack's scopes, when given, win over what the server's metadata suggests.
    const scope = req.settings.scopes?.join(' ') || undefined;
    const what = `Logging in to server ${req.server} (${req.url})`;
    const step = (authorizationCode?: string) => {
      const options = {
        serverUrl: req.url,
        ...(scope ? { scope } : {}),
        ...(authorizationCode ? { authorizationCode } : {}),
      };
      return sdk.auth(provider, options).catch((e: unknown) => {
        throw oauthFailure(e, what, req.server);
      });
    };
    if ((await step()) === 'REDIRECT') {
      await shown;
      const code = await loopback.waitForCode(req.timeoutMs);
      if ((await step(code)) !== 'AUTHORIZED') {
        const hint = `run the login again; \`mcpo doctor ${req.server}\` shows what the server's metadata says`;
        throw new McpoError(
          'oauth-failed',
          `${what} failed: the token exchange did not complete.`,
          { hint },
        );
      }
    }
    const info = tokenInfo(req.server, req.url, await store.tokens(req.url), new Date());
    return { info, identification: provider.identification ?? 'registration' };
  } finally {
    await loopback.close();
  }
}
