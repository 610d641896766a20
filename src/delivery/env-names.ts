/** What `secrets: env` produces for any client: variable names the user must export. */
import type { Problem, ServerSpec } from '../types.js';

/** One variable the user must export for a client to find a secret. */
export interface EnvVarNeed {
  name: string;
  secret: string;
}

export type EnvModeResult = { ok: true; server: ServerSpec; vars: EnvVarNeed[] } | { ok: false; problem: Problem };

/** The variable a secret is read from when no env key names it: `linear-key` -> LINEAR_KEY. */
export function envVarForSecret(secret: string): string {
  const name = secret.toUpperCase().replace(/[^A-Z0-9_]/g, '_');
  return /^[0-9]/.test(name) ? `_${name}` : name;
}
