// Crush (charmbracelet/crush): JSON config with a top-level `mcp` map. User file
// $CRUSH_GLOBAL_CONFIG/crush.json, else $XDG_CONFIG_HOME/crush/crush.json, else
// ~/.config/crush/crush.json on every OS (%USERPROFILE%\.config\crush on Windows); project
// crush.json (found walking up to the git root; .crush.json beside it wins on conflicts).
// Source: https://github.com/charmbracelet/crush/blob/main/internal/config/config.go (MCPConfig:
//   `type` required stdio|sse|http, command, args, env, url, headers, disabled, disabled_tools,
//   enabled_tools, timeout in whole seconds, oauth + oauth_client_id/_secret/_callback_port)
//   and internal/config/load.go (GlobalConfig, lookupConfigs). Files are strict JSON (json.Valid).
import type { ClientAdapter } from './contract.js';
import type { NativeEntry, PathContext, Scope, Transport } from '../types.js';
import { jsonFormat } from '../formats/json.js';
import { envVar, joinFor, pathFor, xdgConfigHome } from './paths.js';
import {
  type StackOption,
  fail,
  missingField,
  parseCommon,
  rejectOptions,
  rejectRemoteCwd,
  rejectTransport,
  rejectUnsupported,
  remoteFields,
  stdioFields,
  withClientOptions,
} from './entry.js';
import { optionFields, parseOptions, type OptionFields } from './options.js';

const ID = 'crush';
const TITLE = 'Crush';
const TYPES: Record<string, Transport> = { stdio: 'stdio', http: 'http', sse: 'sse' };
const HANDLED: StackOption[] = [
  'tools.allow',
  'tools.deny',
  'oauth.clientId',
  'oauth.clientSecret',
  'oauth.callbackPort',
];

/** Tool lists, and a pre-registered OAuth client (fields at the entry's top level, `oauth: true`). */
const OPTIONS: OptionFields = {
  allow: 'enabled_tools',
  deny: 'disabled_tools',
  oauth: {
    key: '',
    fixed: { oauth: true },
    clientId: 'oauth_client_id',
    clientSecret: 'oauth_client_secret',
    callbackPort: 'oauth_callback_port',
  },
};

function userDir(ctx: PathContext): string {
  const override = envVar(ctx, 'CRUSH_GLOBAL_CONFIG');
  return override && pathFor(ctx).isAbsolute(override)
    ? override
    : joinFor(ctx, xdgConfigHome(ctx), 'crush');
}

export const crush: ClientAdapter = {
  id: ID,
  title: TITLE,
  docs: [
    'https://github.com/charmbracelet/crush/blob/main/internal/config/config.go',
    'https://github.com/charmbracelet/crush#mcps',
  ],
  scopes: ['user', 'project'],
  format: jsonFormat,
  configPath(scope: Scope, ctx) {
    return scope === 'project'
      ? joinFor(ctx, ctx.projectDir, 'crush.json')
      : joinFor(ctx, userDir(ctx), 'crush.json');
  },
  installDir: (ctx) => userDir(ctx),
  entriesPath: () => ['mcp'],
  render(server) {
    const problem =
      missingField(server) ??
      rejectOptions(server, TITLE, ID, HANDLED) ??
      rejectTransport(server, TITLE, ID, ['ws']) ??
      rejectRemoteCwd(server, TITLE) ??
      rejectUnsupported(server, TITLE, ID, ['cwd']);
    if (problem) return problem;
    const t = server.timeout;
    // The field is a Go int: a fraction would make the whole file fail to load.
    if (t !== undefined && (!Number.isInteger(t) || t < 1)) {
      const why = `${TITLE} takes a timeout in whole seconds (server "${server.name}" has ${t})`;
      return fail(why, 'set timeout to a whole number of seconds, 1 or more');
    }
    const fields = server.transport === 'stdio' ? stdioFields(server) : remoteFields(server);
    const entry: NativeEntry = { type: server.transport, ...fields };
    if (server.disabled !== undefined) entry.disabled = server.disabled;
    if (t !== undefined) entry.timeout = t;
    Object.assign(entry, optionFields(server, OPTIONS));
    return withClientOptions(entry, server, ID);
  },
  parse(name, entry) {
    const type = typeof entry.type === 'string' ? TYPES[entry.type] : undefined;
    // `type` is required by Crush's schema; an entry without one is read by its shape.
    const transport: Transport =
      type ?? (typeof entry.url === 'string' && entry.command === undefined ? 'http' : 'stdio');
    const disabled = typeof entry.disabled === 'boolean';
    const timed = typeof entry.timeout === 'number';
    const options = parseOptions(entry, OPTIONS);
    // `oauth: true` goes with the client fields it switches on; alone it stays a client option.
    const oauthOn = options.spec.oauth !== undefined && entry.oauth === true;
    const flags: [boolean, string][] = [
      [!!type, 'type'],
      [disabled, 'disabled'],
      [timed, 'timeout'],
      [oauthOn, 'oauth'],
    ];
    const consumed = [...options.consumed, ...flags.filter(([on]) => on).map(([, key]) => key)];
    const spec = parseCommon(ID, name, entry, transport, consumed);
    if (disabled) spec.disabled = entry.disabled as boolean;
    if (timed) spec.timeout = entry.timeout as number;
    // Client fields without `oauth: true`: rendering must not switch the flow on (null drops it).
    if (options.spec.oauth && entry.oauth === undefined) {
      spec.clientOptions = { [ID]: { ...spec.clientOptions?.[ID], oauth: null } };
    }
    return { ...spec, ...options.spec };
  },
  restartHint: 'Restart Crush (it reads crush.json at start).',
};
