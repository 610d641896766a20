// Roo Code: globalStorage `rooveterinaryinc.roo-cline/settings/mcp_settings.json` (user) and
// `.roo/mcp.json` (project), `mcpServers`; timeout in seconds (1..3600), `alwaysAllow`, `disabled`.
// Source: https://github.com/RooCodeInc/Roo-Code/blob/main/src/services/mcp/McpHub.ts (zod ServerConfigSchema)
// Docs: https://docs.roocode.com/features/mcp/using-mcp-in-roo
import type { ClientAdapter } from './contract.js';
import type { PathContext, Scope, Transport } from '../types.js';
import { jsonFormat } from '../formats/json.js';
import { codeUserDir, joinFor } from './paths.js';
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

const TYPES: Record<string, Transport> = { stdio: 'stdio', sse: 'sse', 'streamable-http': 'http' };
const SPELLING: Partial<Record<Transport, string>> = {
  stdio: 'stdio',
  sse: 'sse',
  http: 'streamable-http',
};

/** Roo's `alwaysAllow` (tools run without asking) and `disabledTools` (tools never offered). */
const OPTIONS: OptionFields = { approveList: 'alwaysAllow', deny: 'disabledTools' };

/** What differs between Roo Code and the forks that kept its McpHub (Zoo Code). */
export interface RooFork {
  id: string;
  title: string;
  docs: string[];
  /** The extension's globalStorage folder name (`publisher.name`, lower case). */
  extension: string;
  /** The project folder holding mcp.json (`.roo`, `.zoo`). */
  projectFolder: string;
  restartHint: string;
}

/** An adapter for Roo Code or a fork with the same McpHub schema. */
export function rooFork(fork: RooFork): ClientAdapter {
  const { id: ID, title: TITLE } = fork;
  // The "custom storage path" setting can move this folder; such users set `path:` on the target.
  const extensionDir = (ctx: PathContext): string =>
    joinFor(ctx, codeUserDir(ctx), 'globalStorage', fork.extension);
  return {
    id: ID,
    title: TITLE,
    docs: fork.docs,
    scopes: ['user', 'project'],
    format: jsonFormat,
    configPath(scope: Scope, ctx) {
      return scope === 'project'
        ? joinFor(ctx, ctx.projectDir, fork.projectFolder, 'mcp.json')
        : joinFor(ctx, extensionDir(ctx), 'settings', 'mcp_settings.json');
    },
    installDir: (ctx) => extensionDir(ctx),
    entriesPath: () => ['mcpServers'],
    render(server) {
      const problem =
        missingField(server) ??
        rejectOptions(server, TITLE, ID, ['autoApprove.list', 'tools.deny']) ??
        rejectTransport(server, TITLE, ID, ['ws']) ??
        rejectRemoteCwd(server, TITLE) ??
        timeoutInRange(server, TITLE, 1, 3600);
      if (problem) return problem;
      const entry = clineLikeEntry(server, SPELLING[server.transport]!); // ws was rejected above
      Object.assign(entry, optionFields(server, OPTIONS));
      return withClientOptions(entry, server, ID);
    },
    parse(name, entry) {
      const type = typeof entry.type === 'string' ? TYPES[entry.type] : undefined;
      const transport: Transport =
        type ?? (typeof entry.url === 'string' && entry.command === undefined ? 'sse' : 'stdio');
      const disabled = typeof entry.disabled === 'boolean';
      const timed = typeof entry.timeout === 'number';
      const options = parseOptions(entry, OPTIONS);
      const consumed = [
        ...options.consumed,
        ...(type ? ['type'] : []),
        ...(disabled ? ['disabled'] : []),
        ...(timed ? ['timeout'] : []),
      ];
      const spec = parseCommon(ID, name, entry, transport, consumed, {
        cwd: transport === 'stdio',
      });
      if (disabled) spec.disabled = entry.disabled as boolean;
      if (timed) spec.timeout = entry.timeout as number;
      // mcpo always writes `type`; an entry without one comes back without it (null drops it).
      if (!type && entry.type === undefined)
        spec.clientOptions = { [ID]: { type: null, ...spec.clientOptions?.[ID] } };
      return { ...spec, ...options.spec };
    },
    restartHint: fork.restartHint,
  };
}

export const rooCode: ClientAdapter = rooFork({
  id: 'roo-code',
  title: 'Roo Code',
  docs: [
    'https://github.com/RooCodeInc/Roo-Code/blob/main/src/services/mcp/McpHub.ts',
    'https://docs.roocode.com/features/mcp/using-mcp-in-roo',
  ],
  extension: 'rooveterinaryinc.roo-cline',
  projectFolder: '.roo',
  restartHint: 'Roo Code watches both MCP files and reconnects on change.',
});
