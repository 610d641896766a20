// OpenAI Codex CLI: $CODEX_HOME/config.toml (user; CODEX_HOME defaults to ~/.codex) and
// .codex/config.toml (project, read only for trusted projects), `[mcp_servers.<name>]` tables.
// Docs: https://github.com/openai/codex/blob/main/docs/config.md
// Source: https://github.com/openai/codex/blob/main/codex-rs/core/src/config/types.rs (RawMcpServerConfig, deny_unknown_fields)
// Checked against codex-cli 0.169.0 (test/real-codex.test.ts): `codex mcp list --json` shows what
// this adapter writes as written, Codex connects to the stdio servers, and an untrusted project's
// file is skipped without a word (trust = `[projects."<dir>"] trust_level = "trusted"` in the user file).
import type { ClientAdapter } from './contract.js';
import type { NativeEntry, PathContext, Scope, ServerSpec, Transport } from '../types.js';
import { tomlFormat } from '../formats/toml.js';
import { envVar, joinFor, pathFor } from './paths.js';
import {
  fail,
  missingField,
  parseCommon,
  rejectRemoteCwd,
  rejectTransport,
  withClientOptions,
  rejectOptions,
  isStringMap,
} from './entry.js';
import { optionFields, parseOptions, type OptionFields } from './options.js';

const ID = 'codex';
const TITLE = 'Codex';

function codexHome(ctx: PathContext): string {
  const env = envVar(ctx, 'CODEX_HOME');
  return env && pathFor(ctx).isAbsolute(env) ? env : joinFor(ctx, ctx.home, '.codex');
}

/** Tool filters, and the OAuth scopes `codex mcp login` asks for (a top-level `scopes`). */
const OPTIONS: OptionFields = {
  allow: 'enabled_tools',
  deny: 'disabled_tools',
  oauth: { key: '', scopes: 'scopes' },
};

export const codex: ClientAdapter = {
  id: ID,
  title: TITLE,
  docs: [
    'https://github.com/openai/codex/blob/main/docs/config.md',
    'https://github.com/openai/codex/blob/main/codex-rs/core/src/config/types.rs',
  ],
  scopes: ['user', 'project'],
  format: tomlFormat(['tool_timeout_sec', 'startup_timeout_sec']),
  configPath(scope: Scope, ctx) {
    return scope === 'project'
      ? joinFor(ctx, ctx.projectDir, '.codex', 'config.toml')
      : joinFor(ctx, codexHome(ctx), 'config.toml');
  },
  installDir: codexHome,
  entriesPath: () => ['mcp_servers'],
  render(server) {
    const problem =
      missingField(server) ??
      rejectOptions(server, TITLE, ID, ['tools.allow', 'tools.deny', 'oauth.scopes']) ??
      rejectTransport(server, TITLE, ID, ['sse', 'ws']) ??
      rejectRemoteCwd(server, TITLE);
    if (problem) return problem;
    // Codex rejects an inline bearer token; the token's env var name is the supported way.
    if (server.clientOptions?.[ID] && 'bearer_token' in server.clientOptions[ID]) {
      return fail(
        `${TITLE} rejects an inline bearer_token (server "${server.name}")`,
        `set client_options.${ID}.bearer_token_env_var to the name of an environment variable instead`,
      );
    }
    let entry: NativeEntry;
    if (server.transport === 'stdio') {
      entry = { command: server.command };
      if (server.args?.length) entry.args = [...server.args];
      if (server.env && Object.keys(server.env).length) entry.env = { ...server.env };
      if (server.cwd) entry.cwd = server.cwd;
    } else {
      entry = { url: server.url };
      if (server.headers && Object.keys(server.headers).length)
        entry.http_headers = { ...server.headers };
    }
    if (server.timeout !== undefined) entry.tool_timeout_sec = server.timeout;
    if (server.disabled !== undefined) entry.enabled = !server.disabled;
    Object.assign(entry, optionFields(server, OPTIONS));
    return withClientOptions(entry, server, ID);
  },
  parse(name, entry) {
    const transport: Transport =
      typeof entry.url === 'string' && entry.command === undefined ? 'http' : 'stdio';
    const leftover: string[] = [];
    const options = parseOptions(entry, OPTIONS);
    const spec: ServerSpec = {
      ...parseCommon(
        ID,
        name,
        entry,
        transport,
        [...options.consumed, 'http_headers', 'tool_timeout_sec', 'enabled'],
        { cwd: transport === 'stdio' },
      ),
      ...options.spec,
    };
    if (isStringMap(entry.http_headers)) spec.headers = { ...entry.http_headers };
    else if (entry.http_headers !== undefined) leftover.push('http_headers');
    if (typeof entry.tool_timeout_sec === 'number') spec.timeout = entry.tool_timeout_sec;
    else if (entry.tool_timeout_sec !== undefined) leftover.push('tool_timeout_sec');
    if (typeof entry.enabled === 'boolean') spec.disabled = !entry.enabled;
    else if (entry.enabled !== undefined) leftover.push('enabled');
    // env_vars, bearer_token_env_var and env_http_headers (written by `secrets: env`, see
    // delivery/codex-env.ts) name variables, not values: they stay client options, so the parsed
    // entry renders back to the same entry and a second plan finds no change.
    // Ill-typed values stay client options, so rendering the parsed spec gives the entry back.
    if (leftover.length)
      spec.clientOptions = {
        [ID]: {
          ...spec.clientOptions?.[ID],
          ...Object.fromEntries(leftover.map((k) => [k, entry[k]])),
        },
      };
    return spec;
  },
  restartHint:
    "Restart Codex (it reads config.toml when a session starts); it reads a project's .codex/config.toml only once you trust that project.",
};
