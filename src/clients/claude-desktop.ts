// Claude Desktop: claude_desktop_config.json, `mcpServers` of stdio servers only.
// Docs: https://modelcontextprotocol.io/docs/develop/connect-local-servers
//   (modelcontextprotocol/modelcontextprotocol: docs/docs/develop/connect-local-servers.mdx)
// Paths as also hard-coded by VS Code's importer:
//   https://github.com/microsoft/vscode/blob/main/src/vs/workbench/contrib/mcp/common/discovery/nativeMcpDiscoveryAdapters.ts
// Windows MSIX location (third-party reports): https://github.com/anthropics/claude-code/issues/57998
import type { ClientAdapter } from './contract.js';
import type { PathContext } from '../types.js';
import { jsonFormat } from '../formats/json.js';
import { appDataDir, joinFor, localAppDataDir, macAppSupport, xdgConfigHome } from './paths.js';
import {
  fail,
  missingField,
  parseCommon,
  rejectUnsupported,
  stdioFields,
  withClientOptions,
  rejectOptions,
} from './entry.js';

const ID = 'claude-desktop';
const TITLE = 'Claude Desktop';
const FILE = 'claude_desktop_config.json';

/**
 * The MSIX install (the default on Windows since early 2026) keeps its files in a virtualized
 * folder; a file written to %APPDATA%\Claude is invisible to it. The package folder name ends in
 * a publisher hash, so we glob `Claude_*` instead of hard-coding it.
 */
function windowsDir(ctx: PathContext): string {
  const packages = joinFor(ctx, localAppDataDir(ctx), 'Packages');
  let names: string[] = [];
  try {
    names = ctx.readdir(packages);
  } catch {
    names = [];
  }
  for (const name of names.filter((n) => n.startsWith('Claude_')).sort()) {
    const dir = joinFor(ctx, packages, name, 'LocalCache', 'Roaming', 'Claude');
    if (ctx.exists(dir)) return dir;
  }
  return joinFor(ctx, appDataDir(ctx), 'Claude');
}

function configDir(ctx: PathContext): string {
  if (ctx.platform === 'darwin') return joinFor(ctx, macAppSupport(ctx), 'Claude');
  if (ctx.platform === 'win32') return windowsDir(ctx);
  // Linux (official beta): not documented; this is what VS Code's importer assumes.
  return joinFor(ctx, xdgConfigHome(ctx), 'Claude');
}

export const claudeDesktop: ClientAdapter = {
  id: ID,
  title: TITLE,
  docs: [
    'https://modelcontextprotocol.io/docs/develop/connect-local-servers',
    'https://github.com/microsoft/vscode/blob/main/src/vs/workbench/contrib/mcp/common/discovery/nativeMcpDiscoveryAdapters.ts',
  ],
  scopes: ['user'],
  format: jsonFormat,
  configPath: (_scope, ctx) => joinFor(ctx, configDir(ctx), FILE),
  installDir: (ctx) => configDir(ctx),
  entriesPath: () => ['mcpServers'],
  render(server) {
    if (server.transport !== 'stdio') {
      // The app skips url entries in this file; remote servers are connectors stored server-side.
      return fail(
        `${TITLE} cannot connect to remote server "${server.name}" (its config file only holds stdio servers; remote ones are added as connectors in the app)`,
        `use a stdio bridge: command npx, args [-y, mcp-remote, <url>], or drop the server from the ${ID} target`,
      );
    }
    const problem =
      missingField(server) ??
      rejectOptions(server, TITLE, ID, []) ??
      rejectUnsupported(server, TITLE, ID, ['cwd', 'disabled', 'timeout']);
    return problem ?? withClientOptions(stdioFields(server), server, ID);
  },
  parse(name, entry) {
    // An entry with url is not valid for the app, but importing it as http keeps what the user meant.
    const remote = typeof entry.url === 'string' && entry.command === undefined;
    return parseCommon(ID, name, entry, remote ? 'http' : 'stdio');
  },
  restartHint: 'Quit Claude Desktop completely and reopen it.',
};
