// Cursor: ~/.cursor/mcp.json (user) and <project>/.cursor/mcp.json (project), `mcpServers`.
// Docs: https://cursor.com/docs/context/mcp (closed source; field names confirmed only by third parties,
// e.g. https://zuplo.com/learn/mcp/compatibility/clients/cursor). Paths as labelled by VS Code's discovery:
// https://github.com/microsoft/vscode/blob/main/src/vs/workbench/contrib/mcp/common/discovery/nativeMcpDiscoveryAdapters.ts
import type { ClientAdapter } from './contract.js';
import type { Scope } from '../types.js';
import { jsonFormat } from '../formats/json.js';
import { joinFor } from './paths.js';
import {
  fail,
  missingField,
  parseCommon,
  rejectUnsupported,
  remoteFields,
  stdioFields,
  withClientOptions,
  rejectOptions,
} from './entry.js';
import { optionFields, parseOptions, type OptionFields } from './options.js';

/** Cursor's static OAuth client (`auth`), per its docs [T]. */
const OPTIONS: OptionFields = {
  oauth: { key: 'auth', clientId: 'CLIENT_ID', clientSecret: 'CLIENT_SECRET', scopes: 'scopes' },
};

/** What differs between the clients that read Cursor's files (Cursor itself, its CLI agent). */
export interface CursorReader {
  id: string;
  title: string;
  docs: string[];
  restartHint: string;
}

/**
 * An adapter for a client reading ~/.cursor/mcp.json and .cursor/mcp.json in Cursor's format:
 * same paths (so the plan sees one file with several readers), its own id and messages.
 */
export function cursorReader({
  id: ID,
  title: TITLE,
  docs,
  restartHint,
}: CursorReader): ClientAdapter {
  return {
    id: ID,
    title: TITLE,
    docs,
    scopes: ['user', 'project'],
    format: jsonFormat,
    configPath(scope: Scope, ctx) {
      return joinFor(ctx, scope === 'project' ? ctx.projectDir : ctx.home, '.cursor', 'mcp.json');
    },
    installDir: (ctx) => joinFor(ctx, ctx.home, '.cursor'),
    entriesPath: () => ['mcpServers'],
    render(server) {
      if (server.transport === 'ws') {
        return fail(
          `${TITLE} cannot connect to WebSocket server "${server.name}"`,
          `use an http or sse endpoint, or drop the server from the ${ID} target`,
        );
      }
      const problem =
        missingField(server) ??
        rejectOptions(server, TITLE, ID, [
          'oauth.clientId',
          'oauth.clientSecret',
          'oauth.scopes',
        ]) ??
        rejectUnsupported(server, TITLE, ID, ['cwd', 'disabled', 'timeout']);
      if (problem) return problem;
      // Cursor infers the transport: a `url` is tried as Streamable HTTP, then SSE. Whether it accepts
      // a `type` field is unverified, so http and sse both become a bare url.
      const entry = server.transport === 'stdio' ? stdioFields(server) : remoteFields(server);
      return withClientOptions({ ...entry, ...optionFields(server, OPTIONS) }, server, ID);
    },
    parse(name, entry) {
      const type = entry.type;
      const sse = type === 'sse';
      const typed = sse || type === 'http' || type === 'streamable-http' || type === 'stdio';
      const remote = typeof entry.url === 'string' && entry.command === undefined;
      const options = parseOptions(entry, OPTIONS);
      return {
        ...parseCommon(ID, name, entry, remote ? (sse ? 'sse' : 'http') : 'stdio', [
          ...options.consumed,
          ...(typed ? ['type'] : []),
        ]),
        ...options.spec,
      };
    },
    restartHint,
  };
}

export const cursor: ClientAdapter = cursorReader({
  id: 'cursor',
  title: 'Cursor',
  docs: [
    'https://cursor.com/docs/context/mcp',
    'https://zuplo.com/learn/mcp/compatibility/clients/cursor',
  ],
  restartHint: 'Reload the Cursor window (or restart Cursor).',
});
