/**
 * The one rule for names that carry a credential (issue 11): env keys, header names, argument
 * flags (`--api-key`), URL query parameters. Any case; `Authorization` matches `auth`.
 * `mcpo import` moves such values into the keychain, `mcpo add` refuses them as plain values, and
 * every output (plan, diff, json, doctor, logs) masks them (src/secrets/redact.ts).
 */
const SECRET_KEY_RE = /token|key|secret|passw(or)?d|auth|credential|cookie|session/i;

/** True when this env key, header name or flag name looks like it carries a secret. */
export function isSecretKey(key: string): boolean {
  return SECRET_KEY_RE.test(key);
}
