import type { NativeEntry } from '../types.js';

/**
 * Names under which people keep credentials: wider than `isSecretKey` (src/secrets/secret-key.ts),
 * which decides what import moves and add refuses, because masking a log line too much is harmless.
 */
const SECRET_KEY = /token|key|secret|passw(or)?d|auth|credential|cookie|session/i;

/** Shorter values would mask ordinary words (`true`, `on`) all over a log. */
const MIN_LENGTH = 6;

/**
 * Values a log line may contain that must not be shown. Cheap sources only (no keychain):
 * - `MCPO_SECRET_*` variables, i.e. the stack's secrets as overridden in the environment;
 * - variables of this environment whose name looks secret (`GITHUB_TOKEN`), which servers inherit;
 * - `env` and `headers` values under secret-looking keys, and `Authorization` credentials, in the
 *   client entries of the server (where `secrets: inline` targets hold the real values).
 * Longest first, so a value containing another is masked whole.
 */
export function secretValuesToMask(env: Record<string, string | undefined>, entries: NativeEntry[]): string[] {
  const values = new Set<string>();
  for (const [k, v] of Object.entries(env)) {
    if (v && (k.startsWith('MCPO_SECRET_') || SECRET_KEY.test(k))) values.add(v);
  }
  for (const entry of entries) for (const map of [entry.env, entry.headers, entry.http_headers, entry.environment]) addMap(values, map);
  return [...values].filter((v) => v.length >= MIN_LENGTH).sort((a, b) => b.length - a.length);
}

function addMap(values: Set<string>, map: unknown): void {
  if (!map || typeof map !== 'object' || Array.isArray(map)) return;
  for (const [k, v] of Object.entries(map)) {
    if (typeof v !== 'string' || !SECRET_KEY.test(k)) continue;
    values.add(v);
    // `Authorization: Bearer abc…`: the credential also appears alone in logs.
    const cred = /^\s*\w+\s+(\S+)\s*$/.exec(v)?.[1];
    if (cred) values.add(cred);
  }
}
