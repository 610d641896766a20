/**
 * The keychain side of OAuth logins (layout in contract.ts): tokens and registered clients as
 * JSON entries, and `readTokenInfo`, the view of a login that may be printed. Values leave this
 * module only towards the SDK (the provider) and the token endpoint, never towards output.
 */
import { openKeychain, type Keychain } from '../secrets/keychain.js';
import type { ReadTokenInfo, TokenInfo } from './contract.js';
import { clientAccount, tokensAccount } from './keys.js';

/** The SDK's OAuthTokens as the token endpoint sent them, plus what `auth status` shows. */
export interface StoredTokens {
  access_token: string;
  token_type: string;
  refresh_token?: string;
  scope?: string;
  expires_in?: number;
  id_token?: string;
  /** The authorization server, as the SDK stamped it (kept unchanged, see its saveTokens). */
  issuer?: string;
  scopes: string[];
  /** ISO 8601 time computed from `expires_in` when stored. */
  expires_at?: string;
}

/** Registered client information (RFC 7591 response, or `{client_id}` of a metadata document). */
export type StoredClient = Record<string, unknown> & {
  client_id: string;
  client_secret?: string;
  issuer?: string;
  redirect_uris?: string[];
};

/** The tokens as they are stored: `scope` (else the scopes asked for) and `expires_at` added. */
export function toStored(
  tokens: Omit<StoredTokens, 'scopes'>,
  requested: string[],
  now: Date,
): StoredTokens {
  const scopes = tokens.scope ? tokens.scope.split(' ').filter(Boolean) : requested;
  // No id_token: mcpo never reads it, and Windows' Credential Manager holds 2560 bytes per entry.
  const { id_token: _unused, ...rest } = tokens;
  const stored: StoredTokens = { ...rest, scopes };
  delete stored.expires_at;
  if (typeof tokens.expires_in === 'number') {
    stored.expires_at = new Date(now.getTime() + tokens.expires_in * 1000).toISOString();
  }
  return stored;
}

/** Seconds left before `expires_at`; Infinity when the server gave no lifetime. */
export function secondsLeft(stored: StoredTokens, now: Date): number {
  return stored.expires_at ? (Date.parse(stored.expires_at) - now.getTime()) / 1000 : Infinity;
}

/** Refresh this long before the access token expires, so a request never carries a dying token. */
export const REFRESH_MARGIN_S = 60;

/**
 * Whether stored tokens should be refreshed before use: within REFRESH_MARGIN_S of their end, or
 * within half their lifetime when that is shorter (else a short-lived token would be refreshed
 * on every request).
 */
export function dueForRefresh(tokens: StoredTokens, now: Date): boolean {
  const life = tokens.expires_in;
  const margin = typeof life === 'number' ? Math.min(REFRESH_MARGIN_S, life / 2) : REFRESH_MARGIN_S;
  return secondsLeft(tokens, now) <= margin;
}

/** What may be printed about a login. Logged in: a token that works now, or can be refreshed. */
export function tokenInfo(
  server: string,
  url: string,
  stored: StoredTokens | undefined,
  now: Date,
): TokenInfo {
  if (!stored) return { server, url, logged_in: false, scopes: [], refreshable: false };
  const refreshable = typeof stored.refresh_token === 'string' && stored.refresh_token !== '';
  return {
    server,
    url,
    logged_in: refreshable || secondsLeft(stored, now) > 0,
    ...(stored.issuer ? { issuer: stored.issuer } : {}),
    scopes: stored.scopes ?? [],
    ...(stored.expires_at ? { expires_at: stored.expires_at } : {}),
    refreshable,
  };
}

function parse<T extends object>(text: string | undefined, required: string): T | undefined {
  if (text === undefined) return undefined;
  try {
    const v = JSON.parse(text) as unknown;
    // An entry that is not ours (written by hand, or by an older mcpo) counts as no entry.
    const ours =
      v && typeof v === 'object' && typeof (v as Record<string, unknown>)[required] === 'string';
    return ours ? (v as T) : undefined;
  } catch {
    return undefined;
  }
}

/** Tokens and client registrations of remote servers, by canonical server URL. */
export class TokenStore {
  constructor(private readonly keychain: Keychain) {}

  async tokens(url: string): Promise<StoredTokens | undefined> {
    return parse<StoredTokens>(await this.keychain.get(tokensAccount(url)), 'access_token');
  }

  async saveTokens(url: string, stored: StoredTokens): Promise<void> {
    await this.keychain.set(tokensAccount(url), JSON.stringify(stored));
  }

  removeTokens(url: string): Promise<boolean> {
    return this.keychain.remove(tokensAccount(url));
  }

  async client(url: string, issuer: string): Promise<StoredClient | undefined> {
    return parse<StoredClient>(await this.keychain.get(clientAccount(url, issuer)), 'client_id');
  }

  async saveClient(url: string, issuer: string, client: StoredClient): Promise<void> {
    await this.keychain.set(clientAccount(url, issuer), JSON.stringify(client));
  }

  removeClient(url: string, issuer: string): Promise<boolean> {
    return this.keychain.remove(clientAccount(url, issuer));
  }
}

/** The shared contract's reader (doctor calls it). Throws a KeychainError when the keychain fails. */
export const readTokenInfo: ReadTokenInfo = async (server, url) =>
  tokenInfo(server, url, await new TokenStore(openKeychain()).tokens(url), new Date());
