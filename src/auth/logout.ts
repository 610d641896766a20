/**
 * `mcpo logout`'s core: revoke the stored tokens where the authorization server offers RFC 7009
 * revocation (refresh token first: revoking it ends the grant), then delete the keychain entries
 * (tokens, and the client registration for that issuer). The entries go even when the server
 * cannot be reached: a logout never leaves a token behind on this machine.
 */
import type { Keychain } from '../secrets/keychain.js';
import { TokenStore, type StoredClient } from './store.js';
import { canonicalServerUrl } from './keys.js';
import { loadAuthSdk } from './sdk.js';
import type { OAuthSettings } from './provider.js';

export type Revocation = 'revoked' | 'unsupported' | 'failed' | 'nothing-held';

export interface LogoutResult {
  /** Whether mcpo held tokens for the server. */
  held: boolean;
  revocation: Revocation;
  /** Why revocation failed (HTTP status or network error), never a token. */
  problem?: string;
}

interface Client {
  id: string;
  secret?: string;
}

export async function logout(
  server: { url: string; settings: OAuthSettings },
  keychain: Keychain,
): Promise<LogoutResult> {
  const store = new TokenStore(keychain);
  const url = server.url;
  const stored = await store.tokens(url);
  const sdk = await loadAuthSdk();
  const found = await sdk.discoverOAuthServerInfo(url).catch((e: unknown) => e as Error);
  const info = found instanceof Error ? undefined : found;
  const issuers = [...new Set([stored?.issuer, info?.authorizationServerUrl])].filter(
    (i): i is string => !!i,
  );
  const registered = (await Promise.all(issuers.map((i) => store.client(url, i)))).find(Boolean);
  let result: LogoutResult = { held: !!stored, revocation: 'nothing-held' };
  if (stored) {
    // RFC 8414 metadata has it; the OpenID Connect discovery type does not declare it.
    const endpoint = (
      info?.authorizationServerMetadata as { revocation_endpoint?: string } | undefined
    )?.revocation_endpoint;
    const client = clientOf(server.settings, registered);
    if (found instanceof Error || !info?.authorizationServerMetadata) {
      const why =
        found instanceof Error
          ? found.message
          : `nothing found for ${info?.authorizationServerUrl}`;
      result = {
        held: true,
        revocation: 'failed',
        problem: `its authorization server's metadata could not be read (${why})`,
      };
    } else if (!endpoint || !client) {
      result = { held: true, revocation: 'unsupported' };
    } else {
      const tokens: [string | undefined, string][] = [
        [stored.refresh_token, 'refresh_token'],
        [stored.access_token, 'access_token'],
      ];
      const problem = await revokeAll(endpoint, url, client, tokens);
      result = problem
        ? { held: true, revocation: 'failed', problem }
        : { held: true, revocation: 'revoked' };
    }
  }
  await store.removeTokens(url);
  for (const issuer of issuers) await store.removeClient(url, issuer);
  return result;
}

function clientOf(
  settings: OAuthSettings,
  registered: StoredClient | undefined,
): Client | undefined {
  if (settings.clientId)
    return {
      id: settings.clientId,
      ...(settings.clientSecret ? { secret: settings.clientSecret } : {}),
    };
  if (!registered) return undefined;
  return {
    id: registered.client_id,
    ...(registered.client_secret ? { secret: registered.client_secret } : {}),
  };
}

/** RFC 7009 requests; the first problem, or undefined when every token was revoked. */
async function revokeAll(
  endpoint: string,
  url: string,
  client: Client,
  tokens: [string | undefined, string][],
) {
  for (const [token, hint] of tokens) {
    if (!token) continue;
    // RFC 8707's resource on this request too, so a server keyed by resource finds the grant.
    const body = new URLSearchParams({
      token,
      token_type_hint: hint,
      client_id: client.id,
      resource: canonicalServerUrl(url),
    });
    if (client.secret) body.set('client_secret', client.secret);
    try {
      const headers = { 'content-type': 'application/x-www-form-urlencoded' };
      const res = await fetch(endpoint, { method: 'POST', headers, body });
      await res.body?.cancel();
      if (!res.ok) return `the revocation endpoint answered HTTP ${res.status}`;
    } catch (e) {
      return `the revocation endpoint could not be reached (${(e as Error).message})`;
    }
  }
  return undefined;
}
