// GitHub Copilot CLI: ~/.copilot/mcp-config.json (user) and .github/mcp.json or .mcp.json (project), `mcpServers`,
// `type: local | http | sse` and a `tools` allow list ("*" for all).
// Docs: https://docs.github.com/en/copilot/how-tos/copilot-cli/customize-copilot/add-mcp-servers ,
//   https://docs.github.com/en/copilot/how-tos/use-copilot-agents/coding-agent/extend-coding-agent-with-mcp
import type { ClientAdapter } from './contract.js';
import type { NativeEntry, Scope, Transport } from '../types.js';
import { jsonFormat } from '../formats/json.js';
import { joinFor } from './paths.js';
import {
  missingField,
  parseCommon,
  rejectTransport,
  rejectUnsupported,
  remoteFields,
  withClientOptions,
  rejectOptions,
} from './entry.js';

const ID = 'copilot-cli';
const TITLE = 'Copilot CLI';
const TYPES: Record<string, Transport> = {
  local: 'stdio',
  stdio: 'stdio',
  http: 'http',
  sse: 'sse',
};
const ALL_TOOLS = ['*'];

/** `disabledMcpServers` of Copilot's settings file (JSON; anything unreadable names none). */
function disabledNames(text: string): string[] {
  try {
    const list = (JSON.parse(text) as { disabledMcpServers?: unknown })?.disabledMcpServers;
    return Array.isArray(list) ? list.filter((n): n is string => typeof n === 'string') : [];
  } catch {
    return [];
  }
}

export const copilotCli: ClientAdapter = {
  id: ID,
  title: TITLE,
  docs: [
    'https://docs.github.com/en/copilot/how-tos/copilot-cli/customize-copilot/add-mcp-servers',
    'https://docs.github.com/en/copilot/how-tos/use-copilot-agents/coding-agent/extend-coding-agent-with-mcp',
  ],
  scopes: ['user', 'project'],
  format: jsonFormat,
  configPath(scope: Scope, ctx) {
    return scope === 'project'
      ? joinFor(ctx, ctx.projectDir, '.github', 'mcp.json')
      : joinFor(ctx, ctx.home, '.copilot', 'mcp-config.json');
  },
  installDir: (ctx) => joinFor(ctx, ctx.home, '.copilot'),
  // Workspace servers come from `.mcp.json` when it exists (even `{}`), else `.github/mcp.json`
  // (`copilot mcp --help`: "Workspace  .mcp.json or .github/mcp.json"; seen with 1.0.102,
  // test/real-shared-file.test.ts): mcpo writes `.mcp.json` whenever it exists or is written.
  // `copilot mcp disable NAME` adds NAME to `disabledMcpServers` in ~/.copilot/settings.json
  // (seen with 1.0.102; `copilot mcp list --json` then shows `enabled: false`).
  disabledBy: (ctx) => ({
    path: joinFor(ctx, ctx.home, '.copilot', 'settings.json'),
    names: disabledNames,
  }),
  alsoReads: (scope, ctx) =>
    scope === 'project'
      ? [{ path: joinFor(ctx, ctx.projectDir, '.mcp.json'), preferred: true }]
      : [],
  entriesPath: () => ['mcpServers'],
  render(server) {
    const problem =
      missingField(server) ??
      rejectOptions(server, TITLE, ID, ['tools.allow']) ??
      rejectTransport(server, TITLE, ID, ['ws']) ??
      rejectUnsupported(server, TITLE, ID, ['cwd', 'disabled', 'timeout']);
    if (problem) return problem;
    let entry: NativeEntry;
    if (server.transport === 'stdio') {
      // The documented schema lists `args` as required for local servers.
      entry = { type: 'local', command: server.command, args: [...(server.args ?? [])] };
      if (server.env && Object.keys(server.env).length) entry.env = { ...server.env };
    } else {
      entry = { type: server.transport, ...remoteFields(server) };
    }
    // Without `tools` no tool of the server is enabled: all of them unless the stack gives an allow list.
    entry.tools = [...(server.tools?.allow ?? ALL_TOOLS)];
    return withClientOptions(entry, server, ID);
  },
  parse(name, entry) {
    const type = typeof entry.type === 'string' ? TYPES[entry.type] : undefined;
    const transport: Transport =
      type ?? (typeof entry.url === 'string' && entry.command === undefined ? 'http' : 'stdio');
    // The allow-all list is the default; any other list of names is the stack's tools.allow.
    const tools = entry.tools;
    const allTools = Array.isArray(tools) && tools.length === 1 && tools[0] === '*';
    const allow =
      !allTools && Array.isArray(tools) && tools.every((t) => typeof t === 'string')
        ? (tools as string[])
        : undefined;
    const spec = parseCommon(ID, name, entry, transport, [
      ...(type ? ['type'] : []),
      ...(allTools || allow ? ['tools'] : []),
    ]);
    if (allow) spec.tools = { allow: [...allow] };
    if (spec.args?.length === 0) delete spec.args;
    return spec;
  },
  restartHint: 'Start a new Copilot CLI session.',
};
