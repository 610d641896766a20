// Trae (ByteDance's VS Code-based IDE): the user's mcp.json in its app folder, and, once
// "Enable Project MCP" is on, .trae/mcp.json in the project; `mcpServers` of {command, args, env}
// or {url, headers}.
// Docs (TRAE CN, official): https://www.volcengine.com/docs/86677/2137601 (adding servers, the
//   project-level .trae/mcp.json); transports stdio, SSE and Streamable HTTP per the MCP overview
//   of the same docs (docs.trae.cn). Closed source.
// The user file's folder follows the VS Code layout (Trae/User/mcp.json): macOS as reported in
//   https://github.com/pathintegral-institute/mcpm.sh/issues/92 [T]; Windows and Linux by that
//   layout [U]. `fromGalleryId` (marketplace installs) is kept as a client option.
// Not verified: SSE spelled apart from Streamable HTTP, a working directory, `disabled`, a
// timeout: remote servers are a bare url, the others are refused.
import type { ClientAdapter } from './contract.js';
import type { PathContext } from '../types.js';
import { appDataDir, joinFor, macAppSupport, xdgConfigHome } from './paths.js';
import { plainClient } from './plain.js';

function userDir(ctx: PathContext): string {
  const base =
    ctx.platform === 'darwin'
      ? macAppSupport(ctx)
      : ctx.platform === 'win32'
        ? appDataDir(ctx)
        : xdgConfigHome(ctx);
  return joinFor(ctx, base, 'Trae', 'User');
}

export const trae: ClientAdapter = plainClient({
  id: 'trae',
  title: 'Trae',
  docs: [
    'https://www.volcengine.com/docs/86677/2137601',
    'https://github.com/pathintegral-institute/mcpm.sh/issues/92',
  ],
  scopes: ['user', 'project'],
  configPath: (scope, ctx) =>
    scope === 'project'
      ? joinFor(ctx, ctx.projectDir, '.trae', 'mcp.json')
      : joinFor(ctx, userDir(ctx), 'mcp.json'),
  installDir: (ctx) => userDir(ctx),
  restartHint: 'Trae reloads mcp.json when saved from its MCP panel; otherwise restart Trae.',
});
