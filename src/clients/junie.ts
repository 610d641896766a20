// JetBrains Junie (IDE plugin and Junie CLI): .junie/mcp/mcp.json (project) and
// ~/.junie/mcp/mcp.json (user), top-level `mcpServers` in the Claude Desktop form.
// Docs: https://www.jetbrains.com/help/junie/model-context-protocol-mcp.html (closed source).
// The file locations are quoted by projects that ship them (e.g. github.com/eternakk/eternia
// docs/mcp.md) and by rulesync's junie target [T]; remote entries as {url, headers} [T].
// Not verified: SSE, a working directory, `disabled`, a timeout: all are refused.
import type { ClientAdapter } from './contract.js';
import { joinFor } from './paths.js';
import { plainClient } from './plain.js';

export const junie: ClientAdapter = plainClient({
  id: 'junie',
  title: 'JetBrains Junie',
  docs: ['https://www.jetbrains.com/help/junie/model-context-protocol-mcp.html'],
  scopes: ['user', 'project'],
  configPath: (scope, ctx) =>
    joinFor(ctx, scope === 'project' ? ctx.projectDir : ctx.home, '.junie', 'mcp', 'mcp.json'),
  installDir: (ctx) => joinFor(ctx, ctx.home, '.junie'),
  refuses: ['sse'],
  restartHint: "Reopen Junie's MCP settings (or restart the IDE / Junie CLI) to reconnect.",
});
