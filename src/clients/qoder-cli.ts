// Qoder CLI (`qodercli`): ~/.qoder/settings.json (user), <project>/.mcp.json (project, the file
// Claude Code reads too) and <project>/.qoder/settings.local.json (local), all under `mcpServers`,
// in Claude Code's typed form (`type: stdio | sse | http | ws`).
// Docs: https://docs.qoder.com/cli/mcp-servers (scopes, files, transports)
// Verified with @qoder-ai/qodercli 1.1.52: `qodercli mcp add -s user|project|local` writes these
// files and `qodercli mcp list|get` reads them (see test/real-qoder-cli.test.ts).
import type { ClientAdapter } from './contract.js';
import type { Scope } from '../types.js';
import { jsonFormat } from '../formats/json.js';
import { joinFor } from './paths.js';
import { parseTyped, renderTyped, type TypedDialect } from './typed-entry.js';

const DIALECT: TypedDialect = {
  id: 'qoder-cli',
  title: 'Qoder CLI',
  transports: ['stdio', 'http', 'sse', 'ws'],
};

export const qoderCli: ClientAdapter = {
  id: DIALECT.id,
  title: DIALECT.title,
  docs: ['https://docs.qoder.com/cli/mcp-servers'],
  scopes: ['user', 'project', 'local'],
  format: jsonFormat,
  configPath(scope: Scope, ctx) {
    if (scope === 'project') return joinFor(ctx, ctx.projectDir, '.mcp.json');
    if (scope === 'local') return joinFor(ctx, ctx.projectDir, '.qoder', 'settings.local.json');
    return joinFor(ctx, ctx.home, '.qoder', 'settings.json');
  },
  installDir: (ctx) => joinFor(ctx, ctx.home, '.qoder'),
  entriesPath: () => ['mcpServers'],
  render: (server) => renderTyped(server, DIALECT),
  parse: (name, entry) => parseTyped(name, entry, DIALECT),
  restartHint: 'Start a new Qoder CLI session (or run /mcp reload).',
};
