// Zoo Code (Roo Code's continuation after Roo's end of life, VS Code extension
// ZooCodeOrganization.zoo-code): Roo's McpHub and schema, with the project file moved to
// .zoo/mcp.json (it reads .roo/mcp.json only while .zoo/mcp.json is absent).
// Source: https://github.com/Zoo-Code-Org/Zoo-Code/blob/main/src/services/mcp/McpHub.ts
//   (tests: src/services/mcp/__tests__/McpHub.zooMigration.spec.ts; publisher and name:
//   src/package.json; settings file name: src/shared/globalFileNames.ts).
import type { ClientAdapter } from './contract.js';
import { rooFork } from './roo-code.js';

export const zooCode: ClientAdapter = rooFork({
  id: 'zoo-code',
  title: 'Zoo Code',
  docs: [
    'https://github.com/Zoo-Code-Org/Zoo-Code/blob/main/src/services/mcp/McpHub.ts',
    'https://github.com/Zoo-Code-Org/Zoo-Code/blob/main/src/package.json',
  ],
  extension: 'zoocodeorganization.zoo-code',
  projectFolder: '.zoo',
  restartHint: 'Zoo Code watches its MCP files and reconnects on change.',
});
