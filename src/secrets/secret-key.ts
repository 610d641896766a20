/**
 * Env keys and header names that carry a credential (issue 6's list: TOKEN, KEY, SECRET, PASSWORD,
 * AUTH, any case; the `Authorization` header matches AUTH). `mcpo import` moves such values into the
 * keychain, and `mcpo add` refuses them as plain values.
 */
const SECRET_KEY_RE = /TOKEN|KEY|SECRET|PASSWORD|AUTH/i;

/** True when this env key or header name looks like it carries a secret. */
export function isSecretKey(key: string): boolean {
  return SECRET_KEY_RE.test(key);
}
