/**
 * Placeholder until the login/logout branch lands (it replaces this file): only `readTokenInfo`,
 * reading the keychain layout of src/auth/contract.ts, so doctor can say whether a token is held.
 */
import type { ReadTokenInfo, TokenInfo } from './contract.js';
import { openKeychain } from '../secrets/keychain.js';

interface StoredTokens {
  refresh_token?: string;
  issuer?: string;
  scopes?: string[];
  expires_at?: string;
}

/** What mcpo's keychain holds for a server URL, without any token value. */
export const readTokenInfo: ReadTokenInfo = async (server, url) => {
  const text = await openKeychain().get(`oauth-tokens:${canonical(url)}`);
  const info: TokenInfo = { server, url, logged_in: false, scopes: [], refreshable: false };
  if (text === undefined) return info;
  let stored: StoredTokens;
  try {
    stored = JSON.parse(text) as StoredTokens;
  } catch {
    return info;
  }
  const refreshable = typeof stored.refresh_token === 'string' && stored.refresh_token.length > 0;
  const live = !stored.expires_at || Date.parse(stored.expires_at) > Date.now();
  return {
    ...info,
    // As the login branch's store says it: a token that works now, or can be refreshed.
    logged_in: refreshable || live,
    ...(stored.issuer ? { issuer: stored.issuer } : {}),
    scopes: Array.isArray(stored.scopes) ? stored.scopes : [],
    ...(stored.expires_at ? { expires_at: stored.expires_at } : {}),
    refreshable,
  };
};

/** Scheme and host lower case (URL does that), no fragment. */
function canonical(url: string): string {
  const u = new URL(url);
  u.hash = '';
  return u.href;
}
