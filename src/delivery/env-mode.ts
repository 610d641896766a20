/**
 * `secrets: env`: every secret token in a server becomes the client's own reference to an
 * environment variable, so the client file holds a name and never a value. The variable is the
 * env key when the secret is a whole env value (`GITHUB_TOKEN: ${secret:gh}` -> GITHUB_TOKEN),
 * otherwise a name derived from the secret (`linear-key` -> LINEAR_KEY).
 */
import { keepSource } from '../stack/keep-source.js';
import type { ServerSpec } from '../types.js';
import { mapStrings } from '../secrets/tokens.js';
import { envSyntax } from './env-syntax.js';
import { toCodexEnvNames } from './codex-env.js';
import { envVarForSecret, secretUnderEnvKey, type EnvModeResult } from './env-names.js';

export { envVarForSecret, type EnvModeResult, type EnvVarNeed } from './env-names.js';

const TOKEN_RE = /\uE000secret:([A-Za-z0-9._-]+)\uE001/g;

/** The server with references instead of secret tokens, and the variables it needs. */
export function toEnvReferences(server: ServerSpec, client: string): EnvModeResult {
  const syntax = envSyntax(client);
  const loc = server.source ? { loc: server.source } : {};
  if (syntax.kind === 'names') return toCodexEnvNames(server);
  if (syntax.kind === 'none') {
    const message = `${client} has no syntax for reading a secret from an environment variable, so server ${server.name} cannot use \`secrets: env\`.`;
    return {
      ok: false,
      problem: {
        code: 'env-unsupported',
        message,
        hint: `set \`secrets: launcher\` on the ${client} target`,
        ...loc,
      },
    };
  }
  const vars = new Map<string, string>();
  const use = (name: string, secret: string): string => {
    vars.set(name, secret);
    return syntax.ref(name);
  };
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(server.env ?? {})) {
    const secret = secretUnderEnvKey(key, value);
    env[key] = secret !== undefined ? use(key, secret) : value;
  }
  const replaced = keepSource(
    mapStrings({ ...server, ...(server.env ? { env } : {}) }, (s) =>
      s.replace(TOKEN_RE, (_t, secret: string) => use(envVarForSecret(secret), secret)),
    ),
    server,
  );
  return {
    ok: true,
    server: replaced,
    vars: [...vars].map(([name, secret]) => ({ name, secret })),
  };
}
