// Qwen Code: a Gemini CLI fork with the same settings format, in ~/.qwen and .qwen, except that it
// ignores `type`: `url` is always SSE and Streamable HTTP needs `httpUrl` (as `qwen mcp add
// --transport http` writes; seen in 0.10.1 and in the 0.24.4 source, test/real-qwen-code.test.ts).
// It keeps Gemini's `oauth` block (`enabled`, `clientId`, `clientSecret`, `scopes`, ...): the
// MCPServerConfig class and its OAuth token provider in the 0.10.1 bundle read `oauth?.enabled`.
// Since 0.24 it also reads the project's `.mcp.json` in Claude Code's form (loadProjectMcpServers
// and normalizeClaudeMcpServer in the 0.24.4 package; 0.10.1 does not): it is one of that file's readers.
// Docs: https://github.com/QwenLM/qwen-code/blob/main/docs/tools/mcp-server.md
// Source: https://github.com/QwenLM/qwen-code/blob/main/packages/cli/src/config/mcpJson.ts
import type { ClientAdapter } from './contract.js';
import { geminiLike } from './gemini-cli.js';
import { joinFor } from './paths.js';

export const qwenCode: ClientAdapter = {
  ...geminiLike(
    'qwen-code',
    'Qwen Code',
    '.qwen',
    [
      'https://github.com/QwenLM/qwen-code/blob/main/docs/tools/mcp-server.md',
      'https://github.com/google-gemini/gemini-cli/blob/main/schemas/settings.schema.json',
      'https://github.com/QwenLM/qwen-code/blob/main/packages/cli/src/config/mcpJson.ts',
    ],
    { httpUrl: true, oauth: true },
  ),
  alsoReads: (scope, ctx) =>
    scope === 'project' ? [{ path: joinFor(ctx, ctx.projectDir, '.mcp.json') }] : [],
};
