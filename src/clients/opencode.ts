// opencode: $XDG_CONFIG_HOME/opencode/opencode.json (user; ~/.config on every OS) and opencode.json
// (project), JSONC, top-level `mcp`; `type: local` with command + args in one array, or `type: remote`.
// Source: https://github.com/anomalyco/opencode/blob/dev/packages/opencode/src/config/config.ts (McpLocal, McpRemote)
// Docs: https://opencode.ai/docs/mcp-servers/ ; schema https://opencode.ai/config.json
import type { ClientAdapter } from './contract.js';
import type { NativeEntry, Scope, ServerSpec, Transport } from '../types.js';
import { jsoncFormat, withTopLevelMember } from '../formats/json.js';
import { joinFor, xdgConfigHome } from './paths.js';
import {
  missingField,
  parseCommon,
  rejectTransport,
  rejectUnsupported,
  withClientOptions,
  rejectOptions,
} from './entry.js';
import { optionFields, parseOptions, type OptionFields } from './options.js';
import { opencodeV2 } from './opencode-v2.js';

const ID = 'opencode';
const TITLE = 'opencode';
const SCHEMA = 'https://opencode.ai/config.json';

const isStrings = (v: unknown): v is string[] =>
  Array.isArray(v) && v.length > 0 && v.every((x) => typeof x === 'string');
const isStringMap = (v: unknown): v is Record<string, string> =>
  !!v &&
  typeof v === 'object' &&
  !Array.isArray(v) &&
  Object.values(v).every((x) => typeof x === 'string');

/** McpOAuth: clientId, clientSecret and one space-separated `scope`. */
const OPTIONS: OptionFields = {
  oauth: {
    key: 'oauth',
    clientId: 'clientId',
    clientSecret: 'clientSecret',
    scopes: 'scope',
    joinScopes: true,
  },
};

const v1: ClientAdapter = {
  id: ID,
  title: TITLE,
  docs: [
    'https://opencode.ai/docs/mcp-servers/',
    'https://github.com/anomalyco/opencode/blob/dev/packages/opencode/src/config/config.ts',
  ],
  scopes: ['user', 'project'],
  // A loaded file without `$schema` is rewritten by opencode itself with JSON.stringify, losing
  // comments and formatting; every file we touch therefore gets one.
  format: withTopLevelMember(jsoncFormat, '$schema', SCHEMA),
  configPath(scope: Scope, ctx) {
    return scope === 'project'
      ? joinFor(ctx, ctx.projectDir, 'opencode.json')
      : joinFor(ctx, xdgConfigHome(ctx), 'opencode', 'opencode.json');
  },
  installDir: (ctx) => joinFor(ctx, xdgConfigHome(ctx), 'opencode'),
  entriesPath: () => ['mcp'],
  render(server) {
    // The zod schema is strict (no cwd); remote servers try Streamable HTTP and fall back to SSE.
    const problem =
      missingField(server) ??
      rejectOptions(server, TITLE, ID, ['oauth.clientId', 'oauth.clientSecret', 'oauth.scopes']) ??
      rejectTransport(server, TITLE, ID, ['ws']) ??
      rejectUnsupported(server, TITLE, ID, ['cwd']);
    if (problem) return problem;
    let entry: NativeEntry;
    if (server.transport === 'stdio') {
      entry = { type: 'local', command: [server.command, ...(server.args ?? [])] };
      if (server.env && Object.keys(server.env).length) entry.environment = { ...server.env };
    } else {
      entry = { type: 'remote', url: server.url };
      if (server.headers && Object.keys(server.headers).length)
        entry.headers = { ...server.headers };
    }
    if (server.disabled !== undefined) entry.enabled = !server.disabled;
    if (server.timeout !== undefined) entry.timeout = Math.round(server.timeout * 1000);
    Object.assign(entry, optionFields(server, OPTIONS));
    return withClientOptions(entry, server, ID);
  },
  parse(name, entry) {
    const local =
      entry.type === 'local' || (entry.type === undefined && entry.command !== undefined);
    const transport: Transport = local ? 'stdio' : 'http';
    const consumed: string[] = entry.type === 'local' || entry.type === 'remote' ? ['type'] : [];
    const options = parseOptions(entry, OPTIONS);
    consumed.push(...options.consumed);
    const extra: Partial<ServerSpec> = { ...options.spec };
    if (local && isStrings(entry.command)) {
      consumed.push('command');
      extra.command = entry.command[0];
      if (entry.command.length > 1) extra.args = entry.command.slice(1);
    }
    if (isStringMap(entry.environment)) {
      consumed.push('environment');
      extra.env = { ...entry.environment };
    }
    if (typeof entry.enabled === 'boolean') {
      consumed.push('enabled');
      extra.disabled = !entry.enabled;
    }
    if (typeof entry.timeout === 'number') {
      consumed.push('timeout');
      extra.timeout = entry.timeout / 1000;
    }
    return { ...parseCommon(ID, name, entry, transport, consumed), ...extra };
  },
  restartHint: 'Restart opencode.',
};

/**
 * opencode, in the shape its config file already has: the flat `mcp.<name>` above, or the
 * newer `mcp.servers.<name>` (opencode-v2.ts) when the file holds that envelope. A new file gets
 * the flat shape, which every opencode release reads.
 */
export const opencode: ClientAdapter = { ...v1, dialects: [opencodeV2(v1)] };
