/**
 * `secrets: env`: every secret token in a server becomes the client's own reference to an
 * environment variable, so the client file holds a name and never a value. The variable is the
 * env key when the secret is a whole env value (`GITHUB_TOKEN: ${secret:gh}` -> GITHUB_TOKEN),
 * otherwise a name derived from the secret (`linear-key` -> LINEAR_KEY).
 */
import type { Problem, ServerSpec } from '../types.js';
import { mapStrings } from '../secrets/tokens.js';
import { envSyntax } from './env-syntax.js';

/** One variable the user must export for a client to find a secret. */
export interface EnvVarNeed {
  name: string;
  secret: string;
}

const TOKEN_RE = /\uE000secret:([A-Za-z0-9._-]+)\uE001/g;
const WHOLE_TOKEN_RE = /^\uE000secret:([A-Za-z0-9._-]+)\uE001$/;
const ENV_NAME_RE = /^[A-Za-z_][A-Za-z0-9_]*$/;

export function envVarForSecret(secret: string): string {
  const name = secret.toUpperCase().replace(/[^A-Z0-9_]/g, '_');
  return /^[0-9]/.test(name) ? `_${name}` : name;
}

export type EnvModeResult = { ok: true; server: ServerSpec; vars: EnvVarNeed[] } | { ok: false; problem: Problem };

/** The server with references instead of secret tokens, and the variables it needs. */
export function toEnvReferences(server: ServerSpec, client: string): EnvModeResult {
  const syntax = envSyntax(client);
  const loc = server.source ? { loc: server.source } : {};
  if (syntax.kind !== 'template') {
    const message =
      syntax.kind === 'none'
        ? `${client} has no syntax for reading a secret from an environment variable, so server ${server.name} cannot use \`secrets: env\``
        : `\`secrets: env\` for ${client} is not yet supported (server ${server.name}): ${syntax.why}`;
    return { ok: false, problem: { code: 'env-unsupported', message: `${message}.`, hint: `set \`secrets: launcher\` on the ${client} target`, ...loc } };
  }
  const vars = new Map<string, string>();
  const use = (name: string, secret: string): string => {
    vars.set(name, secret);
    return syntax.ref(name);
  };
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(server.env ?? {})) {
    const whole = WHOLE_TOKEN_RE.exec(value);
    env[key] = whole && ENV_NAME_RE.test(key) ? use(key, whole[1]!) : value;
  }
  const replaced = mapStrings({ ...server, ...(server.env ? { env } : {}) }, (s) => s.replace(TOKEN_RE, (_t, secret: string) => use(envVarForSecret(secret), secret)));
  return { ok: true, server: replaced, vars: [...vars].map(([name, secret]) => ({ name, secret })) };
}
