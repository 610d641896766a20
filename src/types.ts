/**
 * Shared types of mcpo. One concept, one type; every module imports from here.
 * Flow: load (stack, client files, state) -> plan (pure) -> apply (writes).
 */

export type Scope = 'user' | 'project' | 'local';
export type Transport = 'stdio' | 'http' | 'sse' | 'ws';
export type SecretDelivery = 'inline' | 'env' | 'launcher' | 'inputs';

/** A position in a source file, 1-based line and column. */
export interface SourceLoc {
  file: string;
  line: number;
  col: number;
}

/**
 * A server as the user declared it, after `${var:}`, `${env:}` and `~/` interpolation.
 * Secret references stay references: every `${secret:NAME}` is replaced by a
 * secret token (see `secretToken` in src/secrets/tokens.ts), never by the value.
 */
export interface ServerSpec {
  name: string;
  transport: Transport;
  /** What the server is for: documentation, written only where a client has a field (Goose). */
  description?: string;
  command?: string;
  args?: string[];
  env?: Record<string, string>;
  cwd?: string;
  url?: string;
  headers?: Record<string, string>;
  disabled?: boolean;
  /** Seconds. Adapters convert to the client's unit. */
  timeout?: number;
  /** Tools the client may offer; `deny` applies after `allow`. */
  tools?: { allow?: string[]; deny?: string[] };
  /** Run tools without asking: all of them (`true`) or the named ones. */
  autoApprove?: boolean | string[];
  /**
   * OAuth client settings for a remote server; `clientSecret` is always a secret token.
   * `clientMetadataUrl` is mcpo's own Client ID Metadata Document (`mcpo login`), not a client's.
   */
  oauth?: {
    clientId?: string;
    callbackPort?: number;
    scopes?: string[];
    clientSecret?: string;
    clientMetadataUrl?: string;
  };
  /** Client-specific fields passed through as-is, keyed by client id. */
  clientOptions?: Record<string, Record<string, unknown>>;
  /** Gateway only (`via: gateway`): result cache, time to keep in ms, and which tools. */
  cache?: { ttlMs: number; tools?: string[] };
  /** Gateway only: one process may serve every client session. */
  shared?: boolean;
  /** Gateway only: stop the server after this many ms without a call. */
  idleTimeoutMs?: number;
  /** Where it came from in the MCP registry (`mcpo add --from`), for a lock to re-resolve. */
  registry?: { name: string; version: string; via?: 'npm' | 'pypi' | 'oci' | 'remote' };
  /** Where the server was defined, for error messages. */
  source?: SourceLoc;
}

export interface StackDef {
  name: string;
  description?: string;
  servers: string[];
  source?: SourceLoc;
}

/** One client config file that the stack manages. */
export interface TargetDef {
  client: string;
  scope: Scope;
  stacks: string[];
  servers: string[];
  /** Explicit config file path (absolute after loading). */
  path?: string;
  prune: boolean;
  secrets: SecretDelivery;
  /** `via: gateway`: one `mcpo gateway` entry stands for all of the target's servers. */
  via?: 'gateway';
  /** `absolute_commands: true`: write each stdio command as an absolute path. */
  absoluteCommands?: boolean;
  /**
   * With `absoluteCommands`, filled at load time (a PATH walk): server name -> absolute command,
   * or null when the command is not on PATH (a plan error).
   */
  commandPaths?: Record<string, string | null>;
  source?: SourceLoc;
}

/** The loaded, merged, validated stack: the desired state. */
export interface Stack {
  /** Absolute path of the main stack file. */
  file: string;
  /** Folder of the project: the stack file's folder unless `--project` is given. */
  projectDir: string;
  /** Every file that contributed (main, includes, local override), absolute. */
  files: string[];
  /** sha256 over the contents of `files`, to detect a stale saved plan. */
  hash: string;
  vars: Record<string, string>;
  servers: Record<string, ServerSpec>;
  stacks: Record<string, StackDef>;
  targets: TargetDef[];
  /** Names of every secret referenced by the stack. */
  secretNames: string[];
  /** `secrets_namespace` of the stack file: where this project's secrets live in the keychain. */
  secretsNamespace?: string;
  /** The active workflow stacks (`use:`, written by `mcpo use`); absent means every server is active. */
  use?: UseChoice;
}

/** `use:` of the stack: active stacks for every client, and per client (`all` = every server). */
export interface UseChoice {
  stacks?: string[];
  clients: Record<string, string[] | 'all'>;
}

/** Where paths come from: the environment and platform, injected for tests. */
export interface PathContext {
  platform: NodeJS.Platform;
  env: Record<string, string | undefined>;
  home: string;
  projectDir: string;
  /** Synchronous existence check, injected so platform-path tests need no real files. */
  exists(path: string): boolean;
  /** Directory listing (names), used by globs such as the Claude MSIX package folder. */
  readdir(path: string): string[];
}

/** A native config entry, exactly the JSON value stored under the entry's name. */
export type NativeEntry = Record<string, unknown>;

/** Result of rendering a server for a client: the native entry, or why it cannot be expressed. */
export type RenderResult =
  | { ok: true; entry: NativeEntry }
  | { ok: false; message: string; hint: string };

/** Errors carry a stable code; only the CLI entry point turns them into exit codes. */
export interface Problem {
  code: string;
  message: string;
  hint?: string;
  loc?: SourceLoc;
}

// ---------------------------------------------------------------- plan

export type ChangeAction = 'create' | 'update' | 'delete' | 'noop';

/** One field of a native entry that differs. Values are already masked where sensitive. */
export interface FieldChange {
  /** Dotted path inside the native entry, e.g. `env.LOG_LEVEL` or `args`. */
  path: string;
  before?: unknown;
  after?: unknown;
  sensitive: boolean;
}

export interface ServerChange {
  action: ChangeAction;
  server: string;
  /** The entry was changed by hand since mcpo last wrote it. */
  drift: boolean;
  /** The entry exists but was not written by mcpo; apply takes it over. */
  adopt: boolean;
  /**
   * The stack file that manages the entry when it is not this plan's stack: without
   * `--take-over NAME` the change is a noop (left to that stack), with it apply takes it over.
   */
  owner?: string;
  /**
   * The entry to write, with secret tokens in place of values (never values).
   * Absent for delete and noop.
   */
  after?: NativeEntry;
  fields: FieldChange[];
}

export interface TargetPlan {
  client: string;
  scope: Scope;
  /** Absolute path of the config file. */
  path: string;
  /** JSON path of the servers map inside the file, e.g. ["mcpServers"]. */
  entriesPath: string[];
  /** Salted digest of the file content at plan time, null when absent. */
  fileDigest: string | null;
  /**
   * What the plan relies on, per entry it changes: the salted fingerprint of the entry at plan
   * time, or null when it was absent (create). Apply refuses only when one of these differs, so
   * another program rewriting the rest of the file is not a stale plan. Absent in old plan
   * files, which fall back to `fileDigest`.
   */
  expect?: Record<string, string | null>;
  exists: boolean;
  changes: ServerChange[];
  /** Whole-entry names written by this stack after apply, for the state file. */
  managed: string[];
  restartHint: string;
  /**
   * Ids of every client that reads this servers map (targets of the stack or not), e.g.
   * `<project>/.mcp.json`: claude-code, copilot-cli. The targets sharing the file are planned
   * as this one edit; `client` is the first of them. Absent in older plans.
   */
  readers?: string[];
  /** `via: gateway`: the servers its gateway serves and the names it prefixes (src/gateway/plan-note.ts). */
  gateway?: { servers: string[]; renamed: { as: string; server: string; name: string }[] };
}

export interface SkippedTarget {
  client: string;
  scope: Scope;
  path: string;
  reason: string;
}

/**
 * Something about the files the user should know that does not stop apply: a client turned a
 * managed server off in its own settings, a file held a secret value where mcpo writes a
 * reference. Names and paths only, never a value.
 */
export interface Notice {
  code: 'disabled-by-client' | 'secret-value-in-file';
  message: string;
  hint?: string;
  client: string;
  path: string;
  server: string;
}

export interface Plan {
  formatVersion: 1;
  createdAt: string;
  stack: { file: string; hash: string };
  targets: TargetPlan[];
  skipped: SkippedTarget[];
  /** Problems that make the plan unappliable (e.g. a remote server for Claude Desktop). */
  errors: Problem[];
  /** Secrets referenced by changes that have no value yet. */
  missingSecrets: string[];
  /**
   * Variables the user must export for `secrets: env` targets (names and secret names only).
   * Absent in plans saved before delivery modes existed.
   */
  envVars?: EnvVar[];
  /** What the user should know that apply does not change (see Notice). Absent in older plans. */
  notices?: Notice[];
}

/** An environment variable a client reads a secret from (`secrets: env`). */
export interface EnvVar {
  name: string;
  /** The secret whose value the variable must hold. */
  secret: string;
  /** The targets that read it, e.g. `claude-code (project)`. */
  targets: string[];
}

export interface PlanSummary {
  add: number;
  change: number;
  remove: number;
}
