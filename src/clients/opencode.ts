// opencode: $XDG_CONFIG_HOME/opencode/opencode.json (user; ~/.config on every OS) and opencode.json
// (project), JSONC, top-level `mcp`; `type: local` with command + args in one array, or `type: remote`.
// Source: https://github.com/anomalyco/opencode/blob/dev/packages/opencode/src/config/config.ts (McpLocal, McpRemote)
// Docs: https://opencode.ai/docs/mcp-servers/ ; schema https://opencode.ai/config.json
import type { ClientAdapter } from './contract.js';
import type { Scope } from '../types.js';
import { jsoncFormat, withTopLevelMember } from '../formats/json.js';
import { joinFor, xdgConfigHome } from './paths.js';
import { opencodeLike } from './opencode-like.js';
import { opencodeV2 } from './opencode-v2.js';

const ID = 'opencode';
const TITLE = 'opencode';
const SCHEMA = 'https://opencode.ai/config.json';

const v1: ClientAdapter = {
  id: ID,
  title: TITLE,
  docs: [
    'https://opencode.ai/docs/mcp-servers/',
    'https://github.com/anomalyco/opencode/blob/dev/packages/opencode/src/config/config.ts',
  ],
  scopes: ['user', 'project'],
  // A loaded file without `$schema` is rewritten by opencode itself with JSON.stringify, losing
  // comments and formatting; every file we touch therefore gets one.
  format: withTopLevelMember(jsoncFormat, '$schema', SCHEMA),
  configPath(scope: Scope, ctx) {
    return scope === 'project'
      ? joinFor(ctx, ctx.projectDir, 'opencode.json')
      : joinFor(ctx, xdgConfigHome(ctx), 'opencode', 'opencode.json');
  },
  installDir: (ctx) => joinFor(ctx, xdgConfigHome(ctx), 'opencode'),
  entriesPath: () => ['mcp'],
  // The entry dialect opencode shares with its forks (Kilo CLI): opencode-like.ts.
  ...opencodeLike(ID, TITLE),
  restartHint: 'Restart opencode.',
};

/**
 * opencode, in the shape its config file already has: the flat `mcp.<name>` above, or the
 * newer `mcp.servers.<name>` (opencode-v2.ts) when the file holds that envelope. A new file gets
 * the flat shape, which every opencode release reads.
 */
export const opencode: ClientAdapter = { ...v1, dialects: [opencodeV2(v1)] };
