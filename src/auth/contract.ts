/**
 * OAuth logins for remote servers (issue 14). Shared by `mcpo login/logout/auth status`,
 * the launcher's remote bridge and doctor. Token values never leave this module's store:
 * everything here is what may be printed.
 *
 * Keychain layout (the same service as secrets, `mcpo`):
 * - `oauth-tokens:<canonical server URL>`: JSON of the SDK's OAuthTokens plus `issuer`, `scopes`,
 *   `expires_at` (ISO time; computed from `expires_in` when stored).
 * - `oauth-client:<canonical server URL>|<issuer>`: JSON of the registered client information.
 */
export interface TokenInfo {
  /** Stack server name. */
  server: string;
  url: string;
  logged_in: boolean;
  issuer?: string;
  scopes: string[];
  /** ISO 8601, absent when the server gave no lifetime. */
  expires_at?: string;
  refreshable: boolean;
}

/** Reads what is held for a server URL, without any token value. Implemented by src/auth/store.ts. */
export type ReadTokenInfo = (server: string, url: string) => Promise<TokenInfo>;
