/**
 * Where an OAuth login lives in the keychain (layout in contract.ts). Entries are keyed by the
 * server's canonical URL, not by stack or server name: two stacks naming the same server share
 * one login, and renaming a server keeps it. No namespace: the accounts hold `:` and `/`, which
 * secret names cannot, so `mcpo secret list` never shows them.
 */

/** The server URL as the login's key and RFC 8707 resource: parsed, without its fragment. */
export function canonicalServerUrl(url: string): string {
  const u = new URL(url);
  u.hash = '';
  return u.href;
}

export function tokensAccount(url: string): string {
  return `oauth-tokens:${canonicalServerUrl(url)}`;
}

/** The issuer as the SDK stamps it (the authorization server URL), parsed so spellings agree. */
export function clientAccount(url: string, issuer: string): string {
  let id = issuer;
  try {
    id = new URL(issuer).href;
  } catch {
    // Not a URL: kept as written.
  }
  return `oauth-client:${canonicalServerUrl(url)}|${id}`;
}
