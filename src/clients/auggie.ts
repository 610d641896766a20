// Auggie (Augment Code's CLI): ~/.augment/settings.json (user), <project>/.augment/settings.json
// (project) and <project>/.augment/settings.local.json (local), `mcpServers`, entries typed
// `stdio | http | sse` as `auggie mcp add` writes them.
// Docs: https://docs.augmentcode.com/cli/integrations ,
//   https://www.augmentcode.com/changelog/auggie-cli-0-5-4-release-notes (settings file)
// Verified with @augmentcode/auggie 0.36.0: `auggie mcp add [--project|--local]` writes these
// files and `auggie mcp list --json` reads them (see test/real-auggie.test.ts).
import type { ClientAdapter } from './contract.js';
import type { Scope } from '../types.js';
import { jsonFormat } from '../formats/json.js';
import { joinFor } from './paths.js';
import { parseTyped, renderTyped, type TypedDialect } from './typed-entry.js';

const DIALECT: TypedDialect = {
  id: 'auggie',
  title: 'Auggie',
  transports: ['stdio', 'http', 'sse'],
};

export const auggie: ClientAdapter = {
  id: DIALECT.id,
  title: DIALECT.title,
  docs: [
    'https://docs.augmentcode.com/cli/integrations',
    'https://www.augmentcode.com/changelog/auggie-cli-0-5-4-release-notes',
  ],
  scopes: ['user', 'project', 'local'],
  format: jsonFormat,
  configPath(scope: Scope, ctx) {
    if (scope === 'user') return joinFor(ctx, ctx.home, '.augment', 'settings.json');
    return joinFor(
      ctx,
      ctx.projectDir,
      '.augment',
      scope === 'local' ? 'settings.local.json' : 'settings.json',
    );
  },
  installDir: (ctx) => joinFor(ctx, ctx.home, '.augment'),
  entriesPath: () => ['mcpServers'],
  render: (server) => renderTyped(server, DIALECT),
  parse: (name, entry) => parseTyped(name, entry, DIALECT),
  restartHint: 'Start a new Auggie session.',
};
