// Cursor's CLI agent (`cursor-agent`): reads the same ~/.cursor/mcp.json and .cursor/mcp.json as
// the editor, in the same format, so it is a second reader of Cursor's files (one edit per file).
// Docs: https://cursor.com/docs/cli/mcp ("MCP in the CLI uses the same configuration as the editor";
//   the binary is now `agent`: `agent mcp list`)
//   and https://cursor.com/docs/context/mcp (closed source; the format is Cursor's).
import type { ClientAdapter } from './contract.js';
import { cursorReader } from './cursor.js';

export const cursorAgent: ClientAdapter = cursorReader({
  id: 'cursor-agent',
  title: 'Cursor CLI agent',
  docs: ['https://cursor.com/docs/cli/mcp', 'https://cursor.com/docs/context/mcp'],
  restartHint:
    'Start a new CLI agent session (`agent mcp list`, formerly cursor-agent, shows what it loaded).',
});
