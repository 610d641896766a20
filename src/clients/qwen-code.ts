// Qwen Code: a Gemini CLI fork with the same settings format, in ~/.qwen and .qwen.
// Docs: https://github.com/QwenLM/qwen-code/blob/main/docs/tools/mcp-server.md
import type { ClientAdapter } from './contract.js';
import { geminiLike } from './gemini-cli.js';

export const qwenCode: ClientAdapter = geminiLike('qwen-code', 'Qwen Code', '.qwen', [
  'https://github.com/QwenLM/qwen-code/blob/main/docs/tools/mcp-server.md',
  'https://github.com/google-gemini/gemini-cli/blob/main/schemas/settings.schema.json',
], false);
