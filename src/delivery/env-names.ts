/** What `secrets: env` produces for any client: variable names the user must export. */
import type { Problem, ServerSpec } from '../types.js';

/** One variable the user must export for a client to find a secret. */
export interface EnvVarNeed {
  name: string;
  secret: string;
}

export type EnvModeResult =
  | { ok: true; server: ServerSpec; vars: EnvVarNeed[] }
  | { ok: false; problem: Problem };

/** The variable a secret is read from when no env key names it: `linear-key` -> LINEAR_KEY. */
export function envVarForSecret(secret: string): string {
  const name = secret.toUpperCase().replace(/[^A-Z0-9_]/g, '_');
  return /^[0-9]/.test(name) ? `_${name}` : name;
}

const WHOLE_TOKEN_RE = /^\uE000secret:([A-Za-z0-9._-]+)\uE001$/;
const ENV_NAME_RE = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** The secret a value names when it is one secret token and nothing else (`${secret:gh}`, as loaded). */
export function wholeSecret(value: string): string | undefined {
  return WHOLE_TOKEN_RE.exec(value)?.[1];
}

/**
 * The secret of an env entry that the client reads from the variable named like its key: the
 * value is the secret alone and the key can name a variable (`GITHUB_TOKEN: ${secret:gh}`).
 */
export function secretUnderEnvKey(key: string, value: string): string | undefined {
  const secret = wholeSecret(value);
  return secret !== undefined && ENV_NAME_RE.test(key) ? secret : undefined;
}
