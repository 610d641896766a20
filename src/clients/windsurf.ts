// Windsurf (Codeium/Cognition): ~/.codeium/windsurf/mcp_config.json, `mcpServers`; remote servers as `serverUrl`.
// Docs: https://docs.windsurf.com/windsurf/cascade/mcp (closed source; no public schema). Path as labelled
// by VS Code's discovery: https://github.com/microsoft/vscode/blob/main/src/vs/workbench/contrib/mcp/common/mcpConfiguration.ts
import type { ClientAdapter } from './contract.js';
import type { NativeEntry, Transport } from '../types.js';
import { jsonFormat } from '../formats/json.js';
import { joinFor } from './paths.js';
import {
  missingField,
  parseCommon,
  rejectTransport,
  rejectUnsupported,
  stdioFields,
  withClientOptions,
  rejectOptions,
} from './entry.js';

const ID = 'windsurf';
const TITLE = 'Windsurf';

export const windsurf: ClientAdapter = {
  id: ID,
  title: TITLE,
  docs: ['https://docs.windsurf.com/windsurf/cascade/mcp'],
  scopes: ['user'],
  format: jsonFormat,
  configPath: (_scope, ctx) => joinFor(ctx, ctx.home, '.codeium', 'windsurf', 'mcp_config.json'),
  installDir: (ctx) => joinFor(ctx, ctx.home, '.codeium', 'windsurf'),
  entriesPath: () => ['mcpServers'],
  render(server) {
    const problem =
      missingField(server) ??
      rejectOptions(server, TITLE, ID, []) ??
      rejectTransport(server, TITLE, ID, ['ws']) ??
      rejectUnsupported(server, TITLE, ID, ['cwd', 'timeout']);
    if (problem) return problem;
    // Guides report that `url` copied from Cursor does not connect while `serverUrl` does (older builds
    // know only `serverUrl`). The transport is inferred, so http and sse are both a bare serverUrl.
    let entry: NativeEntry;
    if (server.transport === 'stdio') entry = stdioFields(server);
    else {
      entry = { serverUrl: server.url };
      if (server.headers && Object.keys(server.headers).length)
        entry.headers = { ...server.headers };
    }
    // `disabled` is used by Windsurf's own MCP panel (unverified against a schema).
    if (server.disabled !== undefined) entry.disabled = server.disabled;
    return withClientOptions(entry, server, ID);
  },
  parse(name, entry) {
    // With both fields present, `url` is the address and `serverUrl` stays a client option.
    const serverUrl =
      typeof entry.serverUrl === 'string' && entry.url === undefined ? entry.serverUrl : undefined;
    const remote =
      (serverUrl !== undefined || typeof entry.url === 'string') && entry.command === undefined;
    const transport: Transport = remote ? 'http' : 'stdio';
    const disabled = typeof entry.disabled === 'boolean';
    const spec = parseCommon(ID, name, entry, transport, [
      ...(serverUrl !== undefined ? ['serverUrl'] : []),
      ...(disabled ? ['disabled'] : []),
    ]);
    if (serverUrl !== undefined) spec.url = serverUrl;
    if (disabled) spec.disabled = entry.disabled as boolean;
    return spec;
  },
  restartHint: "Press the refresh button in Windsurf's MCP panel (or restart Windsurf).",
};
