/**
 * The environment a client gives the stdio servers it starts, and what a `secrets: launcher`
 * entry must add so that `mcpo run` still finds its secrets there: the `MCPO_SECRET_*` variables
 * of the server's secrets, and the session bus of the keychain (src/secrets/session-bus.ts).
 * One table, read by launcher-mode.ts (what to write) and by `mcpo doctor --client`
 * (src/doctor/launcher-env.ts: would the entry reach its secrets).
 *
 * - Codex passes a fixed list plus the names in `env_vars` (codex-rs/rmcp-client/src/utils.rs,
 *   DEFAULT_ENV_VARS; https://github.com/openai/codex/blob/main/docs/config.md "env_vars").
 * - Gemini CLI drops variables whose name or value looks secret (and, under GitHub Actions, all
 *   but a short list), but keeps the entry's own `env`, whose `$VAR` it expands from its full
 *   environment when it loads settings.json (packages/core/src/services/environmentSanitization.ts
 *   and packages/core/src/tools/mcp-client.ts; seen with gemini 0.61.0, test/real-gemini-cli.test.ts).
 * - Qoder CLI (a Gemini CLI fork) filters the same way, with the same lists and patterns
 *   (@qoder-ai/qodercli 1.1.52 bundle; seen: MCPO_SECRET_* does not reach a server, the entry's
 *   `${VAR}` env does: test/real-qoder-cli.test.ts).
 * - Every other client passes its whole environment.
 */
import { secretEnvVar } from '../secrets/resolve.js';
import { envSyntax } from './env-syntax.js';

/** How a client builds a server's environment. */
export type ClientEnv =
  | { kind: 'inherit' }
  /** Only `fixed` plus the names listed in the entry's client option `field`. */
  | { kind: 'list'; fixed: readonly string[]; field: string }
  /** The client's environment minus what `keeps` refuses, plus the entry's `env` (expanded). */
  | { kind: 'filter'; keeps: (name: string, value: string, all: Env) => boolean };

type Env = Record<string, string | undefined>;

/** Codex on Unix (DEFAULT_ENV_VARS, codex-rs); Windows has its own list. */
const CODEX_FIXED = [
  'HOME',
  'LOGNAME',
  'PATH',
  'SHELL',
  'USER',
  '__CF_USER_TEXT_ENCODING',
  'LANG',
  'LC_ALL',
  'TERM',
  'TMPDIR',
  'TZ',
];

const GEMINI_ALWAYS = new Set([
  'PATH',
  'SYSTEMROOT',
  'COMSPEC',
  'PATHEXT',
  'WINDIR',
  'TEMP',
  'TMP',
  'USERPROFILE',
  'SYSTEMDRIVE',
  'HOME',
  'LANG',
  'SHELL',
  'TMPDIR',
  'USER',
  'LOGNAME',
  'TERM',
  'COLORTERM',
]);
const GEMINI_NAME_RE = /TOKEN|SECRET|PASSWORD|PASSWD|KEY|AUTH|CREDENTIAL|CREDS|PRIVATE|CERT/i;
const GEMINI_NEVER = new Set([
  'CLIENT_ID',
  'DB_URI',
  'CONNECTION_STRING',
  'DATABASE_URL',
  'GOOGLE_CLOUD_PROJECT',
  'GOOGLE_CLOUD_ACCOUNT',
  'FIREBASE_PROJECT_ID',
]);
/** The value shapes Gemini CLI refuses whatever the name (a subset: keys, tokens, JWTs). */
const GEMINI_VALUE_RE =
  /-----BEGIN [A-Z ]*PRIVATE KEY-----|(ghp|gho|ghu|ghs|ghr|github_pat)_[a-zA-Z0-9_]{36,}|AIzaSy[a-zA-Z0-9_\\-]{33}|AKIA[A-Z0-9]{16}|eyJ[a-zA-Z0-9_-]*\.[a-zA-Z0-9_-]*\.|(s|r)k_(live|test)_[0-9a-zA-Z]{24}|xox[abpr]-[a-zA-Z0-9-]+|:\/\/[^:\s]+:[^@\s]+@/i;

function geminiKeeps(name: string, value: string, all: Env): boolean {
  const key = name.toUpperCase();
  if (key.startsWith('GEMINI_CLI_')) return true;
  if (GEMINI_VALUE_RE.test(value)) return false;
  if (GEMINI_ALWAYS.has(key)) return true;
  // Under GitHub Actions only the short list above passes.
  if (all.GITHUB_SHA || all.SURFACE === 'Github') return false;
  return !GEMINI_NEVER.has(key) && !GEMINI_NAME_RE.test(key);
}

const TABLE: Record<string, ClientEnv> = {
  codex: { kind: 'list', fixed: CODEX_FIXED, field: 'env_vars' },
  'gemini-cli': { kind: 'filter', keeps: geminiKeeps },
  'qoder-cli': { kind: 'filter', keeps: geminiKeeps },
};

export function clientEnv(client: string): ClientEnv {
  return TABLE[client] ?? { kind: 'inherit' };
}

/** What `mcpo run` reads from its environment besides HOME and PATH: the bus, then each secret. */
export function launcherVariables(secrets: Iterable<string>): string[] {
  return [
    'DBUS_SESSION_BUS_ADDRESS',
    'XDG_RUNTIME_DIR',
    ...[...new Set([...secrets].map(secretEnvVar))].sort(),
  ];
}

/** What a launcher entry adds for its client: Codex's `env_vars`, or Gemini's own `env` mapping. */
export interface Forwarding {
  env?: Record<string, string>;
  clientOption?: { key: string; value: string[] };
}

export function launcherForwarding(client: string, secrets: Iterable<string>): Forwarding {
  const how = clientEnv(client);
  const names = launcherVariables(secrets);
  if (how.kind === 'list') return { clientOption: { key: how.field, value: names } };
  if (how.kind === 'filter') {
    const syntax = envSyntax(client);
    if (syntax.kind === 'template')
      return { env: Object.fromEntries(names.map((n) => [n, syntax.ref(n)])) };
  }
  return {};
}

/** `$VAR`, `${VAR}`, `${env:VAR}`, `{env:VAR}`: the client's own references (env-syntax.ts). */
const REF_RE =
  /\$\{(?:env:)?([A-Za-z_][A-Za-z0-9_]*)\}|\{env:([A-Za-z_][A-Za-z0-9_]*)\}|\$([A-Za-z_][A-Za-z0-9_]*)/g;

/**
 * The environment a server started by `client` gets, when the client runs with `env` and the
 * entry carries `entryEnv` (references expanded from the client's whole environment, as Gemini
 * CLI does when it loads settings.json) and `listed` (Codex's env_vars). For doctor and tests.
 */
export function serverEnvironment(
  client: string,
  env: Env,
  entry: { env?: Record<string, string>; listed?: string[] },
): Env {
  const how = clientEnv(client);
  let base: Env;
  if (how.kind === 'list') {
    const names = [...how.fixed, ...(entry.listed ?? [])];
    base = Object.fromEntries(names.filter((n) => env[n] !== undefined).map((n) => [n, env[n]]));
  } else if (how.kind === 'filter') {
    base = Object.fromEntries(
      Object.entries(env).filter(([k, v]) => v !== undefined && how.keeps(k, v, env)),
    );
  } else base = { ...env };
  const expand = (v: string) =>
    v.replace(REF_RE, (_m, a?: string, b?: string, c?: string) => env[(a ?? b ?? c)!] ?? '');
  const own = Object.fromEntries(Object.entries(entry.env ?? {}).map(([k, v]) => [k, expand(v)]));
  return { ...base, ...own };
}

/**
 * Deletes (in place) every variable whose value is a reference to itself (`X="${X}"`, `$X`,
 * `{env:X}`, `${env:X}`): a client that forwards through the entry's `env` leaves an unset
 * variable as its own text (Qoder CLI, Claude Code), and `mcpo run` must read that as unset,
 * never as a secret's value or a bus address. Returns the names it removed.
 */
export function dropUnexpandedReferences(env: Env): string[] {
  const dropped: string[] = [];
  for (const [name, value] of Object.entries(env)) {
    if (value === undefined || !value.includes(name)) continue;
    const m = new RegExp(`^(?:${REF_RE.source})$`).exec(value);
    if (m && (m[1] ?? m[2] ?? m[3]) === name) {
      delete env[name];
      dropped.push(name);
    }
  }
  return dropped;
}
