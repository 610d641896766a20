/**
 * `secrets: env` for Codex, which has no `${VAR}` syntax inside config.toml. Instead it names the
 * variables it forwards from its own environment (docs/config.md, "MCP servers"):
 * - stdio: `env_vars = ["VAR", ...]`: Codex passes VAR from its environment to the server;
 * - streamable HTTP: `bearer_token_env_var = "VAR"` (sent as `Authorization: Bearer $VAR`) and
 *   `env_http_headers = { "Header" = "VAR" }` (sent as `Header: $VAR`).
 * A secret anywhere else (args, url, part of a value) has no Codex spelling: a plan error that
 * points to `secrets: launcher`.
 * Docs: https://github.com/openai/codex/blob/main/docs/config.md
 */
import { keepSource } from '../stack/keep-source.js';
import type { Problem, ServerSpec } from '../types.js';
import { hasSecret } from '../secrets/tokens.js';
import {
  envVarForSecret,
  secretUnderEnvKey,
  wholeSecret,
  type EnvModeResult,
  type EnvVarNeed,
} from './env-names.js';

const BEARER_TOKEN_RE = /^Bearer \uE000secret:([A-Za-z0-9._-]+)\uE001$/;

/** The server with secret env values and headers turned into Codex's variable-name fields. */
export function toCodexEnvNames(server: ServerSpec): EnvModeResult {
  const vars: EnvVarNeed[] = [];
  const noSyntax = (where: string, fix: string): EnvModeResult => ({
    ok: false,
    problem: codexProblem(server, where, fix),
  });
  const launcher = 'set `secrets: launcher` on the codex target';

  for (const field of ['command', 'args', 'url', 'cwd', 'oauth', 'clientOptions'] as const) {
    if (hasSecret(server[field]))
      return noSyntax(`its ${field === 'clientOptions' ? 'client_options' : field}`, launcher);
  }

  const env: Record<string, string> = {};
  const envVars: string[] = [];
  for (const [key, value] of Object.entries(server.env ?? {})) {
    if (!hasSecret(value)) {
      env[key] = value;
      continue;
    }
    const secret = secretUnderEnvKey(key, value);
    if (secret === undefined)
      return noSyntax(
        `env ${key}, which is more than the secret alone`,
        `make the whole value of env ${key} the secret, or ${launcher}`,
      );
    envVars.push(key);
    vars.push({ name: key, secret });
  }

  const headers: Record<string, string> = {};
  const envHeaders: Record<string, string> = {};
  let bearer: string | undefined;
  for (const [key, value] of Object.entries(server.headers ?? {})) {
    if (!hasSecret(value)) {
      headers[key] = value;
      continue;
    }
    const asBearer = key.toLowerCase() === 'authorization' ? BEARER_TOKEN_RE.exec(value) : null;
    const secret = asBearer?.[1] ?? wholeSecret(value);
    if (secret === undefined)
      return noSyntax(
        `header ${key}, which is more than the secret alone`,
        `make the header value \`Bearer \${secret:NAME}\` or the secret alone, or ${launcher}`,
      );
    const name = envVarForSecret(secret);
    if (asBearer) bearer = name;
    else envHeaders[key] = name;
    vars.push({ name, secret });
  }

  const out: ServerSpec = keepSource({ ...server }, server);
  if (server.env) out.env = env;
  if (server.headers) out.headers = headers;
  const own = { ...server.clientOptions?.codex };
  if (envVars.length)
    own.env_vars = [...new Set([...(Array.isArray(own.env_vars) ? own.env_vars : []), ...envVars])];
  if (bearer) own.bearer_token_env_var = bearer;
  if (Object.keys(envHeaders).length)
    own.env_http_headers = { ...(own.env_http_headers as object | undefined), ...envHeaders };
  if (Object.keys(own).length) out.clientOptions = { ...server.clientOptions, codex: own };
  return { ok: true, server: out, vars };
}

function codexProblem(server: ServerSpec, where: string, hint: string): Problem {
  return {
    code: 'env-unsupported',
    message: `Codex cannot read the secret in ${where} from an environment variable (client codex, server ${server.name}): config.toml only names variables in env_vars, bearer_token_env_var and env_http_headers.`,
    hint,
    ...(server.source ? { loc: server.source } : {}),
  };
}
