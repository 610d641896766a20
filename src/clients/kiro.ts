// Kiro: ~/.kiro/settings/mcp.json (user) and .kiro/settings/mcp.json (project), `mcpServers` in the
// Claude-like form with `disabled` and `autoApprove`.
// Docs: https://kiro.dev/docs/mcp/configuration/ (closed source; no public schema)
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
  stdioFields,
  withClientOptions,
  rejectOptions,
} from './entry.js';
import { optionFields, parseOptions, type OptionFields } from './options.js';

/**
 * Tool names run without asking (`autoApprove`) and tools never offered (`disabledTools`); both
 * are in the documented entry of the IDE and the CLI (kiro.dev/docs/mcp/configuration,
 * kiro.dev/docs/cli/mcp/configuration).
 */
const OPTIONS: OptionFields = { approveList: 'autoApprove', deny: 'disabledTools' };

/** What differs between the clients that read Kiro's settings files (the IDE, Kiro CLI). */
export interface KiroReader {
  id: string;
  title: string;
  docs: string[];
  restartHint: string;
}

/**
 * An adapter for a client reading ~/.kiro/settings/mcp.json and .kiro/settings/mcp.json: the
 * IDE and Kiro CLI (Amazon Q Developer CLI's successor) read the same files in the same form.
 */
export function kiroReader({ id: ID, title: TITLE, docs, restartHint }: KiroReader): ClientAdapter {
  return {
    id: ID,
    title: TITLE,
    docs,
    scopes: ['user', 'project'],
    format: jsonFormat,
    configPath(scope: Scope, ctx) {
      return joinFor(
        ctx,
        scope === 'project' ? ctx.projectDir : ctx.home,
        '.kiro',
        'settings',
        'mcp.json',
      );
    },
    installDir: (ctx) => joinFor(ctx, ctx.home, '.kiro'),
    entriesPath: () => ['mcpServers'],
    render(server) {
      const problem =
        missingField(server) ??
        rejectOptions(server, TITLE, ID, ['autoApprove.list', 'tools.deny']) ??
        rejectTransport(server, TITLE, ID, ['ws']) ??
        rejectUnsupported(server, TITLE, ID, ['cwd', 'timeout']);
      if (problem) return problem;
      // Remote servers are a bare `url` (the transport is negotiated), so http and sse look alike.
      const entry: NativeEntry =
        server.transport === 'stdio' ? stdioFields(server) : remoteFields(server);
      if (server.disabled !== undefined) entry.disabled = server.disabled;
      Object.assign(entry, optionFields(server, OPTIONS));
      return withClientOptions(entry, server, ID);
    },
    parse(name, entry) {
      const transport: Transport =
        typeof entry.url === 'string' && entry.command === undefined ? 'http' : 'stdio';
      const disabled = typeof entry.disabled === 'boolean';
      const options = parseOptions(entry, OPTIONS);
      const spec = parseCommon(ID, name, entry, transport, [
        ...options.consumed,
        ...(disabled ? ['disabled'] : []),
      ]);
      if (disabled) spec.disabled = entry.disabled as boolean;
      return { ...spec, ...options.spec };
    },
    restartHint,
  };
}

export const kiro: ClientAdapter = kiroReader({
  id: 'kiro',
  title: 'Kiro',
  docs: ['https://kiro.dev/docs/mcp/configuration/'],
  restartHint: 'Kiro reloads mcp.json on save (or reconnect from the MCP Servers panel).',
});
