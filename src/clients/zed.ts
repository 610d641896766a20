// Zed: `context_servers` in settings.json (user) and `.zed/settings.json` (project), JSONC.
// Source: https://github.com/zed-industries/zed/blob/main/crates/settings_content/src/project.rs
//   (ContextServerSettingsContent), crates/paths/src/paths.rs (config_dir)
// Docs: https://zed.dev/docs/ai/mcp
import type { ClientAdapter } from './contract.js';
import type {
  NativeEntry,
  PathContext,
  RenderResult,
  Scope,
  ServerSpec,
  Transport,
} from '../types.js';
import { optionFields, parseOptions, type OptionFields } from './options.js';
import { jsoncFormat } from '../formats/json.js';
import { appDataDir, joinFor, xdgConfigHome } from './paths.js';
import {
  fail,
  missingField,
  parseCommon,
  rejectTransport,
  rejectUnsupported,
  remoteFields,
  withClientOptions,
  rejectOptions,
} from './entry.js';

const ID = 'zed';
const TITLE = 'Zed';

/** Zed uses ~/.config/zed on macOS too (not ~/Library); only Linux honours XDG_CONFIG_HOME. */
function configDir(ctx: PathContext): string {
  if (ctx.platform === 'win32') return joinFor(ctx, appDataDir(ctx), 'Zed');
  if (ctx.platform === 'darwin') return joinFor(ctx, ctx.home, '.config', 'zed');
  return joinFor(ctx, xdgConfigHome(ctx), 'zed');
}

/**
 * Http context servers take a pre-registered OAuth client: `oauth: { client_id, client_secret? }`
 * (OAuthClientSettings in project.rs; client_id is required, so a secret alone is refused).
 */
const OPTIONS: OptionFields = {
  oauth: { key: 'oauth', clientId: 'client_id', clientSecret: 'client_secret' },
};

function oauthWithoutId(server: ServerSpec): RenderResult | undefined {
  if (
    !server.oauth ||
    server.oauth.clientId !== undefined ||
    server.oauth.clientSecret === undefined
  )
    return undefined;
  return fail(
    `${TITLE} needs oauth.client_id with oauth.client_secret (server "${server.name}")`,
    'add oauth.client_id, or remove oauth.client_secret',
  );
}

export const zed: ClientAdapter = {
  id: ID,
  title: TITLE,
  docs: [
    'https://zed.dev/docs/ai/mcp',
    'https://github.com/zed-industries/zed/blob/main/crates/settings_content/src/project.rs',
  ],
  scopes: ['user', 'project'],
  format: jsoncFormat,
  configPath(scope: Scope, ctx) {
    return scope === 'project'
      ? joinFor(ctx, ctx.projectDir, '.zed', 'settings.json')
      : joinFor(ctx, configDir(ctx), 'settings.json');
  },
  installDir: (ctx) => configDir(ctx),
  entriesPath: () => ['context_servers'],
  render(server) {
    // Zed's http context servers speak Streamable HTTP; an SSE-only endpoint is not documented to work.
    const remote = server.transport !== 'stdio';
    const problem =
      missingField(server) ??
      rejectOptions(server, TITLE, ID, remote ? ['oauth.clientId', 'oauth.clientSecret'] : []) ??
      rejectTransport(server, TITLE, ID, ['sse', 'ws']) ??
      rejectUnsupported(server, TITLE, ID, ['cwd']) ??
      oauthWithoutId(server);
    if (problem) return problem;
    let entry: NativeEntry;
    if (server.transport === 'stdio') {
      // `args` has no visible serde default, so it is always written, even empty.
      entry = { command: server.command, args: [...(server.args ?? [])] };
      if (server.env && Object.keys(server.env).length) entry.env = { ...server.env };
    } else {
      entry = remoteFields(server);
    }
    if (server.timeout !== undefined) entry.timeout = server.timeout;
    if (server.disabled !== undefined) entry.enabled = !server.disabled;
    if (remote) Object.assign(entry, optionFields(server, OPTIONS));
    return withClientOptions(entry, server, ID);
  },
  parse(name, entry) {
    const transport: Transport =
      typeof entry.url === 'string' && entry.command === undefined ? 'http' : 'stdio';
    const enabled = typeof entry.enabled === 'boolean';
    const timed = typeof entry.timeout === 'number';
    // An entry from an older Zed may carry `"source": "custom"`; it is kept as a client option.
    const options =
      transport === 'http' ? parseOptions(entry, OPTIONS) : { spec: {}, consumed: [] };
    const spec = {
      ...parseCommon(ID, name, entry, transport, [
        ...options.consumed,
        ...(enabled ? ['enabled'] : []),
        ...(timed ? ['timeout'] : []),
      ]),
      ...options.spec,
    };
    // render always writes args; an empty list means the same as none.
    if (spec.args?.length === 0) delete spec.args;
    if (enabled) spec.disabled = !entry.enabled;
    if (timed) spec.timeout = entry.timeout as number;
    return spec;
  },
  restartHint: 'Zed reloads settings.json on save.',
};
