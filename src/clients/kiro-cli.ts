// Kiro CLI (`kiro-cli`, Amazon Q Developer CLI's successor): the same ~/.kiro/settings/mcp.json
// (global) and .kiro/settings/mcp.json (workspace) as the Kiro IDE, same `mcpServers` entries:
// command/args/env or url/headers, `disabled`, `autoApprove`, `disabledTools`.
// Docs: https://kiro.dev/docs/cli/mcp/configuration (properties, loading priority Agent > Project >
//   Global) and https://kiro.dev/docs/cli/chat/configuration (the scope table). Closed source.
// Not verified: a `timeout` in mcp.json (only agent files document one), so timeouts are refused.
import type { ClientAdapter } from './contract.js';
import { kiroReader } from './kiro.js';

export const kiroCli: ClientAdapter = kiroReader({
  id: 'kiro-cli',
  title: 'Kiro CLI',
  docs: [
    'https://kiro.dev/docs/cli/mcp/configuration',
    'https://kiro.dev/docs/cli/chat/configuration',
  ],
  restartHint: 'Start a new `kiro-cli chat` session (`/mcp` lists the loaded servers).',
});
