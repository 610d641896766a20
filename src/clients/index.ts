import type { ClientAdapter } from './contract.js';
import { amazonQ } from './amazon-q.js';
import { claudeCode } from './claude-code.js';
import { claudeDesktop } from './claude-desktop.js';
import { codex } from './codex.js';
import { continueDev } from './continue.js';
import { cline } from './cline.js';
import { copilotCli } from './copilot-cli.js';
import { cursor } from './cursor.js';
import { geminiCli } from './gemini-cli.js';
import { goose } from './goose.js';
import { kiro } from './kiro.js';
import { lmStudio } from './lm-studio.js';
import { opencode } from './opencode.js';
import { qwenCode } from './qwen-code.js';
import { rooCode } from './roo-code.js';
import { vscode } from './vscode.js';
import { windsurf } from './windsurf.js';
import { zed } from './zed.js';
// npm CLIs proven by their own `mcp list` (issue 12 section 4)
import { amp } from './amp.js';
import { auggie } from './auggie.js';
import { droid } from './droid.js';
import { grokCli } from './grok-cli.js';
import { kiloCli } from './kilo-cli.js';
import { qoderCli } from './qoder-cli.js';

/** Every supported client. Adding one is a module satisfying ClientAdapter plus a line here. */
export const clients: ClientAdapter[] = [
  claudeDesktop, claudeCode, cursor, vscode, cline, rooCode, windsurf, zed,
  codex, geminiCli, qwenCode, copilotCli, opencode, continueDev, goose, kiro, amazonQ, lmStudio,
  kiloCli, qoderCli, auggie, droid, amp, grokCli,
];

export function getClient(id: string): ClientAdapter | undefined {
  return clients.find((c) => c.id === id);
}

export function clientIds(): string[] {
  return clients.map((c) => c.id);
}
