// Amp CLI: $XDG_CONFIG_HOME/amp/settings.json (user; ~/.config on every OS) and
// <project>/.amp/settings.json (workspace), under the one key "amp.mcpServers" (a dotted key, not
// a path). Local servers are `command/args/env`, remote ones `url/headers`, with no type: Amp
// detects Streamable HTTP or SSE itself, so an SSE server is written as its url.
// Docs: https://ampcode.com/manual (MCP section), workspace settings:
//   https://augmenter.dev/articles/amp-cli-adds-workspace-ampsettingsjson-for-per-project-config-1762343815862
// Verified with @ampcode/cli-linux-x64 0.0.1790142911: `amp mcp add [--workspace]` writes these
// files and `amp mcp list` reads them offline (see test/real-amp.test.ts).
import type { ClientAdapter } from './contract.js';
import type { Scope, Transport } from '../types.js';
import { jsonFormat } from '../formats/json.js';
import { joinFor, xdgConfigHome } from './paths.js';
import { parseCommon, remoteFields, stdioFields, withClientOptions } from './entry.js';
import { beyondBasics, type TypedDialect } from './typed-entry.js';

const ID = 'amp';
const BASICS: TypedDialect = { id: ID, title: 'Amp', transports: ['stdio', 'http', 'sse'] };
const WORKSPACE_NEWS =
  'https://augmenter.dev/articles/amp-cli-adds-workspace-ampsettingsjson-for-per-project-config-1762343815862';

export const amp: ClientAdapter = {
  id: ID,
  title: BASICS.title,
  docs: ['https://ampcode.com/manual', WORKSPACE_NEWS],
  scopes: ['user', 'project'],
  format: jsonFormat,
  configPath(scope: Scope, ctx) {
    const dir =
      scope === 'project'
        ? joinFor(ctx, ctx.projectDir, '.amp')
        : joinFor(ctx, xdgConfigHome(ctx), 'amp');
    return joinFor(ctx, dir, 'settings.json');
  },
  installDir: (ctx) => joinFor(ctx, xdgConfigHome(ctx), 'amp'),
  entriesPath: () => ['amp.mcpServers'],
  render(server) {
    const problem = beyondBasics(server, BASICS);
    if (problem) return problem;
    const entry = server.transport === 'stdio' ? stdioFields(server) : remoteFields(server);
    return withClientOptions(entry, server, ID);
  },
  parse(name, entry) {
    const transport: Transport = entry.command !== undefined ? 'stdio' : 'http';
    return parseCommon(ID, name, entry, transport);
  },
  restartHint: 'Start a new Amp thread (workspace servers also need `amp mcp approve NAME`).',
};
