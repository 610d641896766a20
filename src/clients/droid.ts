// Factory droid: ~/.factory/mcp.json (user) and <project>/.factory/mcp.json (project), `mcpServers`,
// entries typed `stdio | http | sse` with a per-entry `disabled` flag, as `droid mcp add` writes them.
// Docs: https://docs.factory.ai/factory-cli/configuration/mcp (the page still says stdio only; the CLI
//   0.225 adds and connects http and sse servers, and the real CLI wins)
// Verified with @factory/cli-linux-x64 0.225.2: `droid mcp list` reads both files, labels each
// server [user] or [project] and connects to it (see test/real-droid.test.ts).
import type { ClientAdapter } from './contract.js';
import type { Scope } from '../types.js';
import { jsonFormat } from '../formats/json.js';
import { joinFor } from './paths.js';
import { parseTyped, renderTyped, type TypedDialect } from './typed-entry.js';

const DIALECT: TypedDialect = {
  id: 'droid',
  title: 'Factory droid',
  transports: ['stdio', 'http', 'sse'],
  disabled: true,
};

export const droid: ClientAdapter = {
  id: DIALECT.id,
  title: DIALECT.title,
  docs: ['https://docs.factory.ai/factory-cli/configuration/mcp'],
  scopes: ['user', 'project'],
  format: jsonFormat,
  configPath(scope: Scope, ctx) {
    return joinFor(ctx, scope === 'project' ? ctx.projectDir : ctx.home, '.factory', 'mcp.json');
  },
  installDir: (ctx) => joinFor(ctx, ctx.home, '.factory'),
  entriesPath: () => ['mcpServers'],
  render: (server) => renderTyped(server, DIALECT),
  parse: (name, entry) => parseTyped(name, entry, DIALECT),
  restartHint: 'Start a new droid session.',
};
