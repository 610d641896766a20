import type { NativeEntry } from '../types.js';
import { isSecretKey } from '../secrets/secret-key.js';
import { Redactor } from '../secrets/redact.js';

/**
 * What a log line may contain that must not be shown, besides the stack's secret values (which
 * `mcpo logs` adds from the keychain):
 * - `MCPO_SECRET_*` variables, i.e. the stack's secrets as overridden in the environment;
 * - variables of this environment whose name looks secret (`GITHUB_TOKEN`), which servers inherit;
 * - every credential in the client entries of the server (env and header values under
 *   secret-looking keys, `Authorization` credentials, `--token=` arguments), where
 *   `secrets: inline` targets hold the real values.
 * The names follow the one rule of src/secrets/secret-key.ts; masking is src/secrets/redact.ts.
 */
export function logRedactor(
  env: Record<string, string | undefined>,
  entries: NativeEntry[],
): Redactor {
  const r = new Redactor();
  r.add(
    Object.entries(env)
      .filter(([k]) => k.startsWith('MCPO_SECRET_') || isSecretKey(k))
      .map(([, v]) => v),
  );
  for (const entry of entries) r.addFound(entry);
  return r;
}
