// Antigravity CLI (`agy`, Gemini CLI's successor since June 2026): its own MCP file, not Gemini's
// settings.json: ~/.gemini/config/mcp_config.json (user) and .agents/mcp_config.json (project),
// top-level `mcpServers` of {command, args, env} or {serverUrl, headers}; `disabledTools` per server.
// Docs: https://antigravity.google/docs/mcp and the migration guide
//   https://antigravity.google/docs/cli/gcli-migration (closed source). Paths and `serverUrl` are
//   quoted by several vendors' setup pages (cua.ai/docs/use-cua-with/antigravity-cli,
//   developer.mescius.com, sam-mesh.dev) and rulesync's antigravity-cli target [T].
// Not verified: SSE servers, a `disabled` flag, a working directory, a timeout: all are refused.
import type { ClientAdapter } from './contract.js';
import { joinFor } from './paths.js';
import { plainClient } from './plain.js';

export const antigravityCli: ClientAdapter = plainClient({
  id: 'antigravity-cli',
  title: 'Antigravity CLI',
  docs: [
    'https://antigravity.google/docs/mcp',
    'https://antigravity.google/docs/cli/gcli-migration',
  ],
  scopes: ['user', 'project'],
  configPath: (scope, ctx) =>
    scope === 'project'
      ? joinFor(ctx, ctx.projectDir, '.agents', 'mcp_config.json')
      : joinFor(ctx, ctx.home, '.gemini', 'config', 'mcp_config.json'),
  installDir: (ctx) => joinFor(ctx, ctx.home, '.gemini', 'config'),
  urlKey: 'serverUrl',
  refuses: ['sse'],
  options: { deny: 'disabledTools' },
  restartHint: 'Restart agy (then `/mcp` shows the servers it loaded).',
});
