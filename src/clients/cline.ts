// Cline: cline_mcp_settings.json, `mcpServers`, flat form with explicit `type`.
// Source: https://github.com/cline/cline (apps/vscode/src/services/mcp/schemas.ts,
//   apps/vscode/src/hosts/vscode/mcp-settings-legacy-migration.ts, sdk/packages/shared/src/mcp.ts)
// Docs: https://docs.cline.bot/mcp/mcp-overview
import type { ClientAdapter } from './contract.js';
import type { NativeEntry, PathContext, Transport } from '../types.js';
import { jsonFormat } from '../formats/json.js';
import { codeUserDir, envVar, joinFor, pathFor } from './paths.js';
import {
  clineLikeEntry,
  missingField,
  parseCommon,
  rejectRemoteCwd,
  rejectTransport,
  timeoutInRange,
  withClientOptions,
  rejectOptions,
} from './entry.js';
import { optionFields, parseOptions, type OptionFields } from './options.js';

const ID = 'cline';
const TITLE = 'Cline';
const FILE = 'cline_mcp_settings.json';
const TYPES: Record<string, Transport> = {
  stdio: 'stdio',
  sse: 'sse',
  streamableHttp: 'http',
  http: 'http',
};
const SPELLING: Partial<Record<Transport, string>> = {
  stdio: 'stdio',
  sse: 'sse',
  http: 'streamableHttp',
};

function absEnv(ctx: PathContext, name: string): string | undefined {
  const v = envVar(ctx, name);
  return v && pathFor(ctx).isAbsolute(v) ? v : undefined;
}

/** Cline 4's shared folder (extension, CLI and JetBrains), with the overrides its own resolver honours. */
function v4Dir(ctx: PathContext): string {
  const data = absEnv(ctx, 'CLINE_DATA_DIR');
  if (data) return data;
  return joinFor(ctx, absEnv(ctx, 'CLINE_DIR') ?? joinFor(ctx, ctx.home, '.cline'), 'data');
}

const legacyDir = (ctx: PathContext): string =>
  joinFor(ctx, codeUserDir(ctx), 'globalStorage', 'saoudrizwan.claude-dev');

function settingsPath(ctx: PathContext): string {
  const explicit = absEnv(ctx, 'CLINE_MCP_SETTINGS_PATH');
  if (explicit) return explicit;
  const v4 = joinFor(ctx, v4Dir(ctx), 'settings', FILE);
  // Cline <= 3 reads only its globalStorage file; Cline 4 migrates it on first run. So the old
  // file is the live one exactly while the new one does not exist yet.
  const legacy = joinFor(ctx, legacyDir(ctx), 'settings', FILE);
  if (!ctx.exists(v4) && ctx.exists(legacy)) return legacy;
  return v4;
}

/** Cline's per-server list of tools that run without asking. */
const OPTIONS: OptionFields = { approveList: 'autoApprove' };

export const cline: ClientAdapter = {
  id: ID,
  title: TITLE,
  docs: [
    'https://github.com/cline/cline/blob/main/apps/vscode/src/services/mcp/schemas.ts',
    'https://docs.cline.bot/mcp/mcp-overview',
  ],
  scopes: ['user'],
  format: jsonFormat,
  configPath: (_scope, ctx) => settingsPath(ctx),
  installDir(ctx) {
    const file = settingsPath(ctx);
    if (absEnv(ctx, 'CLINE_MCP_SETTINGS_PATH')) return pathFor(ctx).dirname(file);
    return file.startsWith(legacyDir(ctx)) ? legacyDir(ctx) : v4Dir(ctx);
  },
  entriesPath: () => ['mcpServers'],
  render(server) {
    const problem =
      missingField(server) ??
      rejectOptions(server, TITLE, ID, ['autoApprove.list']) ??
      rejectTransport(server, TITLE, ID, ['ws']) ??
      rejectRemoteCwd(server, TITLE) ??
      // Cline clamps out-of-range values when reading but its writer rejects them: so do we.
      timeoutInRange(server, TITLE, 1, 3600);
    if (problem) return problem;
    const entry = clineLikeEntry(server, SPELLING[server.transport]!); // ws was rejected above
    Object.assign(entry, optionFields(server, OPTIONS));
    return withClientOptions(entry, server, ID);
  },
  parse(name, raw) {
    // The Cline 4 CLI writes a nested `transport` object; flatten it so both forms read alike.
    const { transport: inner, ...outer } = raw;
    const nested = !!inner && typeof inner === 'object' && !Array.isArray(inner);
    const entry: NativeEntry = nested ? { ...(inner as NativeEntry), ...outer } : raw;
    const typeKey =
      typeof entry.type === 'string'
        ? 'type'
        : typeof entry.transportType === 'string'
          ? 'transportType'
          : undefined;
    const type = typeKey ? TYPES[entry[typeKey] as string] : undefined;
    const transport: Transport =
      type ?? (typeof entry.url === 'string' && entry.command === undefined ? 'sse' : 'stdio');
    const options = parseOptions(entry, OPTIONS);
    const consumed = [
      ...options.consumed,
      ...(type ? [typeKey!] : []),
      ...(typeof entry.disabled === 'boolean' ? ['disabled'] : []),
      ...(typeof entry.timeout === 'number' ? ['timeout'] : []),
    ];
    const spec = parseCommon(ID, name, entry, transport, consumed, { cwd: transport === 'stdio' });
    if (typeof entry.disabled === 'boolean') spec.disabled = entry.disabled;
    if (typeof entry.timeout === 'number') spec.timeout = entry.timeout;
    return { ...spec, ...options.spec };
  },
  restartHint: 'Cline watches its settings file and reconnects on change.',
};
