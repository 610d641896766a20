// Warp: Warp-managed file-based MCP servers in ~/.warp/.mcp.json (global, started with Warp) and
// {repo}/.warp/.mcp.json (project, started by hand), `mcpServers` of {command, args, env,
// working_directory} or {url, headers} (Streamable HTTP or SSE, negotiated).
// Docs: https://docs.warp.dev/agent-platform/capabilities/mcp/ (source: warpdotdev/docs,
//   src/content/docs/agent-platform/capabilities/mcp.mdx; the .warp/.mcp.json files since
//   https://github.com/warpdotdev/docs/pull/10). Closed source.
// Not verified: a `disabled` flag or a timeout in these files, so both are refused.
import type { ClientAdapter } from './contract.js';
import { joinFor } from './paths.js';
import { plainClient } from './plain.js';

export const warp: ClientAdapter = plainClient({
  id: 'warp',
  title: 'Warp',
  docs: [
    'https://docs.warp.dev/agent-platform/capabilities/mcp/',
    'https://github.com/warpdotdev/docs/pull/10',
  ],
  scopes: ['user', 'project'],
  configPath: (scope, ctx) =>
    joinFor(ctx, scope === 'project' ? ctx.projectDir : ctx.home, '.warp', '.mcp.json'),
  installDir: (ctx) => joinFor(ctx, ctx.home, '.warp'),
  cwdKey: 'working_directory',
  restartHint:
    'Warp starts global servers at launch; start project servers from Settings > MCP servers.',
});
