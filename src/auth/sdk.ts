/**
 * The MCP SDK's client auth (https://github.com/modelcontextprotocol/typescript-sdk,
 * src/client/auth.ts), loaded when a login, logout or bridged server needs it: an external
 * package, so `mcpo plan` never pays for it.
 */
import { importPackage } from '../import-package.js';
import { McpoError } from '../errors.js';

type ClientAuth = typeof import('@modelcontextprotocol/sdk/client/auth.js');
type AuthUtils = typeof import('@modelcontextprotocol/sdk/shared/auth-utils.js');
export type AuthSdk = Pick<ClientAuth, 'auth' | 'discoverOAuthServerInfo'> &
  Pick<AuthUtils, 'checkResourceAllowed'>;

export async function loadAuthSdk(): Promise<AuthSdk> {
  const [client, utils] = await Promise.all([
    importPackage<ClientAuth>('@modelcontextprotocol/sdk/client/auth.js'),
    importPackage<AuthUtils>('@modelcontextprotocol/sdk/shared/auth-utils.js'),
  ]);
  const { auth, discoverOAuthServerInfo } = client;
  return { auth, discoverOAuthServerInfo, checkResourceAllowed: utils.checkResourceAllowed };
}

/**
 * An SDK or network failure during an OAuth exchange as one sentence naming the server. The
 * SDK's messages carry endpoints and OAuth error codes, never token values.
 */
export function oauthFailure(e: unknown, what: string, server: string): McpoError {
  if (e instanceof McpoError) return e;
  const err = e as {
    message?: string;
    errorCode?: string;
    cause?: { code?: string; message?: string };
  };
  const cause = err?.cause?.code ?? err?.cause?.message;
  const parts = [err?.errorCode, err?.message ?? String(e), cause && `(${cause})`];
  const text = parts.filter(Boolean).join(' ').replace(/\s+/g, ' ').trim();
  return new McpoError('oauth-failed', `${what} failed: ${text}.`, {
    hint: `check the server's URL and that it offers OAuth; \`mcpo doctor ${server}\` shows what it finds`,
  });
}
