// JetBrains AI Assistant (2026.1+): STDIO and Streamable HTTP servers, global or per project, in
// the Claude Desktop form `{ "mcpServers": { name: {command, args} | {url} } }`.
// Docs: https://www.jetbrains.com/help/ai-assistant/mcp.html (the JSON format and transports).
// The files behind the settings page, .ai/mcp/mcp.json (project) and ~/.ai/mcp/mcp.json
// (global), are not named by those docs; they come from rulesync's aiassistant target [T].
// Not verified: SSE, the JSON key of the working directory, `disabled`, a timeout: all refused.
import type { ClientAdapter } from './contract.js';
import { joinFor } from './paths.js';
import { plainClient } from './plain.js';

export const jetbrainsAi: ClientAdapter = plainClient({
  id: 'jetbrains-ai',
  title: 'JetBrains AI Assistant',
  docs: ['https://www.jetbrains.com/help/ai-assistant/mcp.html'],
  scopes: ['user', 'project'],
  configPath: (scope, ctx) =>
    joinFor(ctx, scope === 'project' ? ctx.projectDir : ctx.home, '.ai', 'mcp', 'mcp.json'),
  installDir: (ctx) => joinFor(ctx, ctx.home, '.ai'),
  refuses: ['sse'],
  restartHint:
    'Apply in Settings | Tools | AI Assistant | Model Context Protocol (or restart the IDE).',
});
