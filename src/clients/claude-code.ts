// Claude Code: ~/.claude.json (user: `mcpServers`; local: `projects[<abs dir>].mcpServers`)
// and <project>/.mcp.json (project: `mcpServers`).
// Docs: https://code.claude.com/docs/en/mcp , https://code.claude.com/docs/en/settings
//   (mirrored at ericbuess/claude-code-docs: docs/mcp.md, docs/settings.md, docs/env-vars.md)
import type { ClientAdapter } from './contract.js';
import type { NativeEntry, PathContext, Scope, Transport } from '../types.js';
import { jsonFormat } from '../formats/json.js';
import { envVar, joinFor, pathFor } from './paths.js';
import {
  fail,
  missingField,
  parseCommon,
  rejectUnsupported,
  remoteFields,
  stdioFields,
  withClientOptions,
  rejectOptions,
  type StackOption,
} from './entry.js';
import { optionFields, parseOptions, type OptionFields } from './options.js';

const ID = 'claude-code';
const TITLE = 'Claude Code';

/**
 * CLAUDE_CONFIG_DIR relocates ~/.claude (documented) and, as widely reported though not documented,
 * ~/.claude.json to $CLAUDE_CONFIG_DIR/.claude.json (e.g. anthropics/claude-code#48448).
 * Only an absolute value is used: a relative one would depend on the directory mcpo runs in.
 */
function configDirOverride(ctx: PathContext): string | undefined {
  const dir = envVar(ctx, 'CLAUDE_CONFIG_DIR');
  return dir && pathFor(ctx).isAbsolute(dir) ? dir : undefined;
}

function claudeJson(ctx: PathContext): string {
  return joinFor(ctx, configDirOverride(ctx) ?? ctx.home, '.claude.json');
}

/**
 * Key of the project in `projects`: the absolute folder. On Windows we write forward slashes
 * (`C:/Users/me/app`), the form recent Claude Code versions use; this is not documented (see report).
 */
function projectKey(ctx: PathContext): string {
  return ctx.platform === 'win32' ? ctx.projectDir.replace(/\\/g, '/') : ctx.projectDir;
}

const REMOTE_TYPES: Record<string, Transport> = {
  http: 'http',
  'streamable-http': 'http',
  sse: 'sse',
  ws: 'ws',
};

/** Pre-registered OAuth client; the client secret is kept in the keychain by `claude mcp add --client-secret`, not in the file. */
const OPTIONS: OptionFields = {
  oauth: {
    key: 'oauth',
    clientId: 'clientId',
    callbackPort: 'callbackPort',
    scopes: 'scopes',
    joinScopes: true,
  },
};

/**
 * Remote (http, sse) entries also take per-tool permissions: `tools: [{ name, permission_policy:
 * always_allow | always_ask | always_deny }]` (the schema in Claude Code 2.1.330; an invalid
 * policy makes it skip the server). stdio and ws entries have no such field.
 */
const REMOTE_OPTIONS: OptionFields = {
  ...OPTIONS,
  policies: {
    key: 'tools',
    field: 'permission_policy',
    approve: 'always_allow',
    deny: 'always_deny',
  },
};
const hasPolicies = (t: Transport) => t === 'http' || t === 'sse';

export const claudeCode: ClientAdapter = {
  id: ID,
  title: TITLE,
  docs: ['https://code.claude.com/docs/en/mcp', 'https://code.claude.com/docs/en/settings'],
  scopes: ['user', 'project', 'local'],
  format: jsonFormat,
  configPath(scope: Scope, ctx) {
    return scope === 'project' ? joinFor(ctx, ctx.projectDir, '.mcp.json') : claudeJson(ctx);
  },
  // ~/.claude is created on first run; the installed check looks at this folder only.
  installDir: (ctx) => configDirOverride(ctx) ?? joinFor(ctx, ctx.home, '.claude'),
  entriesPath(scope: Scope, ctx) {
    return scope === 'local' ? ['projects', projectKey(ctx), 'mcpServers'] : ['mcpServers'];
  },
  render(server) {
    const remote = hasPolicies(server.transport);
    const handled: StackOption[] = [
      'oauth.clientId',
      'oauth.callbackPort',
      'oauth.scopes',
      ...(remote ? (['autoApprove.list', 'tools.deny'] as const) : []),
    ];
    const problem =
      missingField(server) ??
      rejectOptions(server, TITLE, ID, handled) ??
      rejectUnsupported(server, TITLE, ID, ['cwd', 'disabled']);
    if (problem) return problem;
    // `type` is optional for stdio but required for remote: a url entry without it is read as stdio and skipped.
    const entry: NativeEntry =
      server.transport === 'stdio'
        ? { type: 'stdio', ...stdioFields(server) }
        : { type: server.transport, ...remoteFields(server) };
    if (server.timeout !== undefined) {
      const ms = Math.round(server.timeout * 1000);
      // Claude Code ignores timeouts under 1000 ms; writing one would silently do nothing.
      if (ms < 1000)
        return fail(
          `${TITLE} ignores timeouts under 1 second (server "${server.name}")`,
          'set timeout to 1 or more seconds, or remove it',
        );
      entry.timeout = ms;
    }
    Object.assign(entry, optionFields(server, remote ? REMOTE_OPTIONS : OPTIONS));
    return withClientOptions(entry, server, ID);
  },
  parse(name, entry) {
    const type = typeof entry.type === 'string' ? entry.type : undefined;
    const known = type === 'stdio' || (type !== undefined && type in REMOTE_TYPES);
    // No type means stdio to Claude Code; a url without command is an entry it skips, imported as http.
    const transport: Transport =
      type && type in REMOTE_TYPES
        ? REMOTE_TYPES[type]!
        : type === 'stdio' || entry.command !== undefined
          ? 'stdio'
          : 'http';
    const timed = typeof entry.timeout === 'number';
    const options = parseOptions(entry, hasPolicies(transport) ? REMOTE_OPTIONS : OPTIONS);
    const spec = parseCommon(ID, name, entry, transport, [
      ...options.consumed,
      ...(known ? ['type'] : []),
      ...(timed ? ['timeout'] : []),
    ]);
    if (timed) spec.timeout = (entry.timeout as number) / 1000;
    // A hand-written stdio entry often has no `type` (the documented .mcp.json form); render writes one unless told not to.
    if (type === undefined && transport === 'stdio')
      spec.clientOptions = { [ID]: { type: null, ...spec.clientOptions?.[ID] } };
    return { ...spec, ...options.spec };
  },
  restartHint: 'Start a new Claude Code session (or run /mcp to reconnect).',
};
