// Devin Desktop (Windsurf's successor; Devin Local and the Cascade agent share one file):
// ~/.config/devin/mcp_config.json (%APPDATA%\devin\mcp_config.json on Windows) and the project's
// .devin/mcp_config.json, `mcpServers` of {command, args, env} or {url, headers}. A url is
// Streamable HTTP, falling back to SSE on a 4xx; `"transport": "sse"` asks for SSE outright.
// Docs: https://docs.devin.ai/cli/extensibility/mcp/configuration (fields, the SSE fallback);
//   the dedicated mcp_config.json (since Devin Local 3.6; older builds kept `mcpServers` in
//   config.json and migrate them) and the desktop paths as quoted by
//   https://vaadin.com/docs/latest/building-apps/agentic-development/mcp/supported-tools/devin-desktop
//   and rulesync's devin target [T]. Closed source.
// Also read: Windsurf's `serverUrl` (kept as the address). Not verified: `disabled`, a working
// directory, a timeout: refused. `disabledTools` per server [T].
import type { ClientAdapter } from './contract.js';
import type { NativeEntry, PathContext, Scope, Transport } from '../types.js';
import { jsonFormat } from '../formats/json.js';
import { appDataDir, joinFor } from './paths.js';
import {
  missingField,
  parseCommon,
  rejectOptions,
  rejectTransport,
  rejectUnsupported,
  remoteFields,
  stdioFields,
  withClientOptions,
} from './entry.js';
import { optionFields, parseOptions, type OptionFields } from './options.js';

const ID = 'devin-desktop';
const TITLE = 'Devin Desktop';
const OPTIONS: OptionFields = { deny: 'disabledTools' };

/** Devin's own config folder: not XDG-aware as far as its docs say (`~/.config/devin`). */
function configDir(ctx: PathContext): string {
  return ctx.platform === 'win32'
    ? joinFor(ctx, appDataDir(ctx), 'devin')
    : joinFor(ctx, ctx.home, '.config', 'devin');
}

export const devinDesktop: ClientAdapter = {
  id: ID,
  title: TITLE,
  docs: [
    'https://docs.devin.ai/cli/extensibility/mcp/configuration',
    'https://vaadin.com/docs/latest/building-apps/agentic-development/mcp/supported-tools/devin-desktop',
  ],
  scopes: ['user', 'project'],
  format: jsonFormat,
  configPath(scope: Scope, ctx) {
    return scope === 'project'
      ? joinFor(ctx, ctx.projectDir, '.devin', 'mcp_config.json')
      : joinFor(ctx, configDir(ctx), 'mcp_config.json');
  },
  installDir: (ctx) => configDir(ctx),
  entriesPath: () => ['mcpServers'],
  render(server) {
    const problem =
      missingField(server) ??
      rejectOptions(server, TITLE, ID, ['tools.deny']) ??
      rejectTransport(server, TITLE, ID, ['ws']) ??
      rejectUnsupported(server, TITLE, ID, ['cwd', 'disabled', 'timeout']);
    if (problem) return problem;
    let entry: NativeEntry;
    if (server.transport === 'stdio') entry = stdioFields(server);
    else {
      const { url, ...rest } = remoteFields(server);
      entry = server.transport === 'sse' ? { url, transport: 'sse', ...rest } : { url, ...rest };
    }
    Object.assign(entry, optionFields(server, OPTIONS));
    return withClientOptions(entry, server, ID);
  },
  parse(name, entry) {
    // `url` wins over Windsurf's `serverUrl`; the other stays a client option.
    const serverUrl =
      typeof entry.serverUrl === 'string' && entry.url === undefined ? entry.serverUrl : undefined;
    const remote =
      (serverUrl !== undefined || typeof entry.url === 'string') && entry.command === undefined;
    const sse = remote && entry.transport === 'sse';
    const transport: Transport = remote ? (sse ? 'sse' : 'http') : 'stdio';
    const options = parseOptions(entry, OPTIONS);
    const consumed = [
      ...options.consumed,
      ...(sse ? ['transport'] : []),
      ...(serverUrl !== undefined ? ['serverUrl'] : []),
    ];
    const spec = parseCommon(ID, name, entry, transport, consumed);
    if (serverUrl !== undefined) spec.url = serverUrl;
    return { ...spec, ...options.spec };
  },
  restartHint: 'Refresh the MCP section of the agent panel (or restart Devin Desktop).',
};
