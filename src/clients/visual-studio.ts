// Visual Studio 2022 17.14+ / 2026 (Copilot agent mode): %USERPROFILE%\.mcp.json (global) and
// <SOLUTIONDIR>\.mcp.json (project, source controlled), top-level `servers` (VS Code's format, not
// `mcpServers`): {type: stdio, command, args, env} or {type: http|sse, url, headers}.
// Docs: https://learn.microsoft.com/visualstudio/ide/mcp-servers (closed source). A VS-only
// <SOLUTIONDIR>\.vs\mcp.json is also mentioned by guides [U]: to use it, set `path:` on the target.
// The project file is also Claude Code's `.mcp.json`, which keeps its servers under `mcpServers`:
// the two keys live side by side, each client reads its own.
// Not verified: a working directory, `disabled`, a timeout: refused.
import type { ClientAdapter } from './contract.js';
import type { NativeEntry, PathContext, Scope, Transport } from '../types.js';
import { jsonFormat } from '../formats/json.js';
import { joinFor, localAppDataDir } from './paths.js';
import {
  missingField,
  parseCommon,
  rejectOptions,
  rejectRemoteCwd,
  rejectTransport,
  rejectUnsupported,
  remoteFields,
  stdioFields,
  withClientOptions,
} from './entry.js';

const ID = 'visual-studio';
const TITLE = 'Visual Studio';
const TYPES: Record<string, Transport> = { stdio: 'stdio', http: 'http', sse: 'sse' };

export const visualStudio: ClientAdapter = {
  id: ID,
  title: TITLE,
  docs: ['https://learn.microsoft.com/visualstudio/ide/mcp-servers'],
  scopes: ['user', 'project'],
  // Plain JSON: the project file is shared with Claude Code, which parses it with JSON.parse.
  format: jsonFormat,
  configPath(scope: Scope, ctx) {
    return joinFor(ctx, scope === 'project' ? ctx.projectDir : ctx.home, '.mcp.json');
  },
  installDir: (ctx: PathContext) => joinFor(ctx, localAppDataDir(ctx), 'Microsoft', 'VisualStudio'),
  entriesPath: () => ['servers'],
  render(server) {
    const problem =
      missingField(server) ??
      rejectOptions(server, TITLE, ID, []) ??
      rejectTransport(server, TITLE, ID, ['ws']) ??
      rejectRemoteCwd(server, TITLE) ??
      rejectUnsupported(server, TITLE, ID, ['cwd', 'disabled', 'timeout']);
    if (problem) return problem;
    // Always a `type`, as VS Code's format asks: an untyped entry is guessed from its shape.
    const entry: NativeEntry =
      server.transport === 'stdio'
        ? { type: 'stdio', ...stdioFields(server) }
        : { type: server.transport, ...remoteFields(server) };
    return withClientOptions(entry, server, ID);
  },
  parse(name, entry) {
    const type = typeof entry.type === 'string' ? TYPES[entry.type] : undefined;
    const transport: Transport =
      type ?? (typeof entry.url === 'string' && entry.command === undefined ? 'http' : 'stdio');
    const spec = parseCommon(ID, name, entry, transport, type ? ['type'] : []);
    // mcpo always writes `type`; an entry without one comes back without it (null drops it).
    if (entry.type === undefined)
      spec.clientOptions = { [ID]: { type: null, ...spec.clientOptions?.[ID] } };
    return spec;
  },
  restartHint: 'Reopen the solution (or restart Visual Studio) so Copilot reloads .mcp.json.',
};
