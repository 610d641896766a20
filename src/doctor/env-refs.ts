/**
 * "API keys reach the server process": the environment variables a client's entries refer to,
 * spelled the way that client expands them (src/delivery/env-syntax.ts is the one table of
 * spellings), and which of them are not set in the environment the client will have.
 * Only names leave this module, never a value.
 *
 * - Claude Code `${VAR}` and `${VAR:-default}` (a default means an unset VAR is fine):
 *   https://docs.anthropic.com/en/docs/claude-code/mcp#environment-variable-expansion-in-mcp-json
 * - Gemini CLI / Qwen Code `$VAR` and `${VAR}`:
 *   https://github.com/google-gemini/gemini-cli/blob/main/docs/get-started/configuration.md
 * - Codex: `env_vars`, `bearer_token_env_var`, `env_http_headers` name variables:
 *   https://github.com/openai/codex/blob/main/docs/config.md
 */
import type { NativeEntry } from '../types.js';
import { envSyntax } from '../delivery/env-syntax.js';

export interface EnvRef {
  server: string;
  variable: string;
  set: boolean;
}

const NAME = '[A-Za-z_][A-Za-z0-9_]*';
/** One pattern per spelling; group 1 is the name, group 2 (when present) a default value. */
const PATTERNS: Record<string, RegExp> = {
  dollarBrace: new RegExp(`\\$\\{(${NAME})(:-[^}]*)?\\}`, 'g'),
  envColon: new RegExp(`\\$\\{env:(${NAME})()\\}`, 'g'),
  braceEnv: new RegExp(`(?<!\\$)\\{env:(${NAME})()\\}`, 'g'),
  dollar: new RegExp(`\\$(?:\\{(${NAME})\\}|(${NAME}))`, 'g'),
};

/** Which pattern reads a client's spelling: the same sample the writer produces, recognised. */
function patternFor(client: string): RegExp | 'names' | undefined {
  const syntax = envSyntax(client);
  if (syntax.kind === 'names') return 'names';
  if (syntax.kind === 'none') return undefined;
  const sample = syntax.ref('V');
  if (sample === '${V}') return PATTERNS.dollarBrace;
  if (sample === '${env:V}') return PATTERNS.envColon;
  if (sample === '{env:V}') return PATTERNS.braceEnv;
  if (sample === '$V') return PATTERNS.dollar;
  return undefined;
}

/** Every string inside a JSON-like value. */
function strings(value: unknown, out: string[] = []): string[] {
  if (typeof value === 'string') out.push(value);
  else if (Array.isArray(value)) for (const v of value) strings(v, out);
  else if (value && typeof value === 'object')
    for (const v of Object.values(value)) strings(v, out);
  return out;
}

/** Codex names variables in fields of its own instead of a syntax inside strings. */
function codexNames(entry: NativeEntry): string[] {
  const names: string[] = [];
  if (Array.isArray(entry.env_vars))
    names.push(...entry.env_vars.filter((v): v is string => typeof v === 'string'));
  if (typeof entry.bearer_token_env_var === 'string') names.push(entry.bearer_token_env_var);
  const headers = entry.env_http_headers;
  if (headers && typeof headers === 'object')
    names.push(...Object.values(headers).filter((v): v is string => typeof v === 'string'));
  return names;
}

/** The names an entry refers to in the client's spelling (a reference with a default is left out). */
export function envNamesIn(client: string, entry: NativeEntry): string[] {
  const pattern = patternFor(client);
  if (!pattern) return [];
  if (pattern === 'names') return [...new Set(codexNames(entry))];
  const names = new Set<string>();
  for (const s of strings(entry)) {
    for (const m of s.matchAll(pattern)) {
      if (pattern === PATTERNS.dollar) names.add((m[1] ?? m[2])!);
      else if (!m[2]) names.add(m[1]!);
    }
  }
  return [...names];
}

/** Variables the client sets itself when it expands an entry (Claude Code 2.1.330 binary strings). */
const CLIENT_PROVIDED: Record<string, Set<string>> = {
  'claude-code': new Set(['CLAUDE_PROJECT_DIR', 'CLAUDE_PLUGIN_ROOT', 'CLAUDE_PLUGIN_DATA']),
};

/** Each reference of each entry, and whether the variable is set (an empty value counts as unset). */
export function envRefs(
  client: string,
  entries: Record<string, NativeEntry>,
  env: Record<string, string | undefined>,
): EnvRef[] {
  const own = CLIENT_PROVIDED[client];
  return Object.entries(entries).flatMap(([server, entry]) =>
    envNamesIn(client, entry)
      .filter((variable) => !LAUNCHER_FORWARDS.test(variable))
      .map((variable) => ({ server, variable, set: !!env[variable] || !!own?.has(variable) })),
  );
}

/**
 * What a launcher entry asks its client to pass on when set (src/delivery/client-env.ts): each is
 * optional (the bus has fallbacks, a secret may be in the keychain), and whether `mcpo run` can
 * still reach its secrets is checked as a whole by src/doctor/launcher-env.ts.
 */
const LAUNCHER_FORWARDS = /^(DBUS_SESSION_BUS_ADDRESS|XDG_RUNTIME_DIR|MCPO_SECRET_[A-Z0-9_]+)$/;
