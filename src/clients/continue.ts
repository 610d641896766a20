// Continue: ~/.continue/config.yaml (user; CONTINUE_GLOBAL_DIR overrides ~/.continue), whose `mcpServers`
// is a list of items with `name`; project: a block file .continue/mcpServers/mcpo.yaml (name, version, schema).
// Schema: https://github.com/continuedev/continue/blob/main/packages/config-yaml/src/schemas/mcp/index.ts
// Docs: https://docs.continue.dev/customize/deep-dives/mcp ; paths: core/util/paths.ts
import type { ClientAdapter } from './contract.js';
import type { NativeEntry, PathContext, Scope, Transport } from '../types.js';
import { yamlFormat } from '../formats/yaml.js';
import { envVar, joinFor, pathFor } from './paths.js';
import {
  missingField,
  parseCommon,
  rejectRemoteCwd,
  rejectTransport,
  rejectUnsupported,
  stdioFields,
  withClientOptions,
  rejectOptions,
  isStringMap,
} from './entry.js';

const ID = 'continue';
const TITLE = 'Continue';
const TYPES: Record<string, Transport> = { stdio: 'stdio', sse: 'sse', 'streamable-http': 'http' };

function globalDir(ctx: PathContext): string {
  const env = envVar(ctx, 'CONTINUE_GLOBAL_DIR');
  return env && pathFor(ctx).isAbsolute(env) ? env : joinFor(ctx, ctx.home, '.continue');
}

export const continueDev: ClientAdapter = {
  id: ID,
  title: TITLE,
  docs: [
    'https://docs.continue.dev/customize/deep-dives/mcp',
    'https://github.com/continuedev/continue/blob/main/packages/config-yaml/src/schemas/mcp/index.ts',
  ],
  scopes: ['user', 'project'],
  // A block file Continue loads needs name, version and schema at the top; config.yaml accepts them too.
  format: yamlFormat({
    listKey: 'name',
    created: { name: 'mcpo', version: '0.0.1', schema: 'v1' },
  }),
  configPath(scope: Scope, ctx) {
    return scope === 'project'
      ? joinFor(ctx, ctx.projectDir, '.continue', 'mcpServers', 'mcpo.yaml')
      : joinFor(ctx, globalDir(ctx), 'config.yaml');
  },
  installDir: globalDir,
  entriesPath: () => ['mcpServers'],
  render(server) {
    // `connectionTimeout` limits connecting, not tool calls, so the stack's timeout has no place here.
    const problem =
      missingField(server) ??
      rejectOptions(server, TITLE, ID, []) ??
      rejectTransport(server, TITLE, ID, ['ws']) ??
      rejectRemoteCwd(server, TITLE) ??
      rejectUnsupported(server, TITLE, ID, ['disabled', 'timeout']);
    if (problem) return problem;
    let entry: NativeEntry;
    if (server.transport === 'stdio') {
      entry = { type: 'stdio', ...stdioFields(server) };
      if (server.cwd) entry.cwd = server.cwd;
    } else {
      entry = { type: server.transport === 'sse' ? 'sse' : 'streamable-http', url: server.url };
      if (server.headers && Object.keys(server.headers).length)
        entry.requestOptions = { headers: { ...server.headers } };
    }
    return withClientOptions(entry, server, ID);
  },
  parse(name, entry) {
    const typed = typeof entry.type === 'string' ? TYPES[entry.type] : undefined;
    const transport: Transport =
      typed ?? (typeof entry.url === 'string' && entry.command === undefined ? 'http' : 'stdio');
    const ro = entry.requestOptions as Record<string, unknown> | undefined;
    const headersOnly =
      !!ro && typeof ro === 'object' && Object.keys(ro).length === 1 && isStringMap(ro.headers);
    const spec = parseCommon(
      ID,
      name,
      entry,
      transport,
      [...(typed ? ['type'] : []), ...(headersOnly ? ['requestOptions'] : [])],
      { cwd: transport === 'stdio' },
    );
    if (headersOnly) spec.headers = { ...(ro!.headers as Record<string, string>) };
    return spec;
  },
  // Whether Continue watches these files is unverified, so ask for the sure way.
  restartHint:
    'Reload the IDE window (or restart the Continue CLI) so Continue reads its MCP servers again.',
};
