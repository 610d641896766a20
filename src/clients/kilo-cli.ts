// Kilo CLI (`kilo`, a fork of opencode): $XDG_CONFIG_HOME/kilo/kilo.jsonc (user; ~/.config on every
// OS; the file Kilo creates on first run) and project opencode.json (the file opencode reads too),
// JSONC, top-level `mcp` in opencode's dialect. Kilo adds `"$schema": "https://app.kilo.ai/config.json"`
// to a file without one and rewrites it, so every file we touch gets one.
// Docs: https://kilo.ai/docs/automate/mcp/using-in-kilo-code ,
//   https://github.com/Kilo-Org/kilocode/blob/main/packages/kilo-docs/pages/automate/mcp/using-in-kilo-code.md
// Verified with @kilocode/cli 7.7.7: `kilo mcp list` reads both files and connects (test/real-kilo-cli.test.ts).
import type { ClientAdapter } from './contract.js';
import type { Scope } from '../types.js';
import { jsoncFormat, withTopLevelMember } from '../formats/json.js';
import { joinFor, xdgConfigHome } from './paths.js';
import { opencodeLike } from './opencode-like.js';

const SCHEMA = 'https://app.kilo.ai/config.json';

export const kiloCli: ClientAdapter = {
  id: 'kilo-cli',
  title: 'Kilo CLI',
  docs: [
    'https://kilo.ai/docs/automate/mcp/using-in-kilo-code',
    'https://github.com/Kilo-Org/kilocode/blob/main/packages/kilo-docs/pages/automate/mcp/using-in-kilo-code.md',
  ],
  scopes: ['user', 'project'],
  format: withTopLevelMember(jsoncFormat, '$schema', SCHEMA),
  configPath(scope: Scope, ctx) {
    if (scope === 'project') return joinFor(ctx, ctx.projectDir, 'opencode.json');
    return joinFor(ctx, xdgConfigHome(ctx), 'kilo', 'kilo.jsonc');
  },
  installDir: (ctx) => joinFor(ctx, xdgConfigHome(ctx), 'kilo'),
  entriesPath: () => ['mcp'],
  ...opencodeLike('kilo-cli', 'Kilo CLI'),
  restartHint: 'Restart Kilo CLI.',
};
