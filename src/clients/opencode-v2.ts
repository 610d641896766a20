// opencode's newer config shape (opencode 2; opencode 1.x reads it too, lowering it to the old one):
// servers under `mcp.servers.<name>`: {type: local, command: [cmd, ...args], cwd?, environment?,
// disabled?, timeout?: {startup?, catalog?, execution?} in ms} or {type: remote, url, headers?,
// oauth?: {client_id, client_secret, scope, callback_port, redirect_uri} | false, disabled?, timeout?}.
// Source: https://github.com/anomalyco/opencode/blob/dev/packages/opencode/src/config/v2-compat.ts
//   (the V2 Server schema, normalizeMcp, lowerTimeout). The issue's `timeout {startup, request}`
//   is `{startup, catalog, execution}` in the source, which wins.
// A file is in this shape when `mcp.servers` is an envelope (an object that is not itself a server
// entry, as isDirectServer decides in that source).
import { isStrings } from './opencode-like.js';
import type { ClientAdapter, ClientDialect } from './contract.js';
import type { NativeEntry, ServerSpec, Transport } from '../types.js';
import { jsoncFormat } from '../formats/json.js';
import {
  type StackOption,
  missingField,
  parseCommon,
  rejectOptions,
  rejectRemoteCwd,
  rejectTransport,
  withClientOptions,
  isStringMap,
} from './entry.js';
import { optionFields, parseOptions, type OptionFields } from './options.js';

const ID = 'opencode';
const TITLE = 'opencode';
const OPTIONS: OptionFields = {
  oauth: {
    key: 'oauth',
    clientId: 'client_id',
    clientSecret: 'client_secret',
    callbackPort: 'callback_port',
    scopes: 'scope',
    joinScopes: true,
  },
};
const HANDLED: StackOption[] = [
  'oauth.clientId',
  'oauth.clientSecret',
  'oauth.callbackPort',
  'oauth.scopes',
];

const isObject = (v: unknown): v is Record<string, unknown> =>
  !!v && typeof v === 'object' && !Array.isArray(v);

/** opencode's own test: a server named `servers` has a scalar `type` or `enabled`; an envelope does not. */
function isEnvelope(v: unknown): boolean {
  if (!isObject(v)) return false;
  return !['type', 'enabled'].some(
    (k) =>
      Object.hasOwn(v, k) && (v[k] === null || typeof v[k] !== 'object' || Array.isArray(v[k])),
  );
}

function holds(text: string): boolean {
  try {
    return isEnvelope(jsoncFormat.readEntries(text, 'opencode.json', ['mcp']).servers);
  } catch {
    return false; // an unreadable file is reported by the load step, in the main dialect
  }
}

/**
 * The stack's timeout (seconds, per request) as the `catalog` and `execution` budgets in ms: the
 * pair opencode 1.x lowers to its own `timeout` when both are equal and `startup` is absent.
 */
function parseTimeout(v: unknown): number | undefined {
  if (!isObject(v) || Object.keys(v).some((k) => k !== 'catalog' && k !== 'execution'))
    return undefined;
  return typeof v.catalog === 'number' && v.catalog === v.execution ? v.catalog / 1000 : undefined;
}

const v2: ClientAdapter = {
  id: ID,
  title: TITLE,
  docs: [
    'https://github.com/anomalyco/opencode/blob/dev/packages/opencode/src/config/v2-compat.ts',
    'https://opencode.ai/docs/mcp-servers/',
  ],
  scopes: ['user', 'project'],
  // Paths, format and install folder are the main adapter's (see opencode.ts, which fills them).
  format: jsoncFormat,
  configPath: () => '',
  installDir: () => '',
  entriesPath: () => ['mcp', 'servers'],
  render(server) {
    const problem =
      missingField(server) ??
      rejectOptions(server, TITLE, ID, HANDLED) ??
      rejectTransport(server, TITLE, ID, ['ws']) ??
      rejectRemoteCwd(server, TITLE);
    if (problem) return problem;
    let entry: NativeEntry;
    if (server.transport === 'stdio') {
      entry = { type: 'local', command: [server.command, ...(server.args ?? [])] };
      if (server.cwd) entry.cwd = server.cwd;
      if (server.env && Object.keys(server.env).length) entry.environment = { ...server.env };
    } else {
      entry = { type: 'remote', url: server.url };
      if (server.headers && Object.keys(server.headers).length)
        entry.headers = { ...server.headers };
    }
    if (server.disabled !== undefined) entry.disabled = server.disabled;
    if (server.timeout !== undefined) {
      const ms = Math.round(server.timeout * 1000);
      entry.timeout = { catalog: ms, execution: ms };
    }
    Object.assign(entry, optionFields(server, OPTIONS));
    return withClientOptions(entry, server, ID);
  },
  parse(name, entry) {
    const local =
      entry.type === 'local' || (entry.type === undefined && entry.command !== undefined);
    const transport: Transport = local ? 'stdio' : 'http';
    const consumed: string[] = entry.type === 'local' || entry.type === 'remote' ? ['type'] : [];
    const options = parseOptions(entry, OPTIONS);
    consumed.push(...options.consumed);
    const extra: Partial<ServerSpec> = { ...options.spec };
    if (local && isStrings(entry.command)) {
      consumed.push('command');
      extra.command = entry.command[0];
      if (entry.command.length > 1) extra.args = entry.command.slice(1);
    }
    if (local && typeof entry.cwd === 'string') {
      consumed.push('cwd');
      extra.cwd = entry.cwd;
    }
    if (isStringMap(entry.environment)) {
      consumed.push('environment');
      extra.env = { ...entry.environment };
    }
    if (typeof entry.disabled === 'boolean') {
      consumed.push('disabled');
      extra.disabled = entry.disabled;
    }
    const timeout = parseTimeout(entry.timeout);
    if (timeout !== undefined) {
      consumed.push('timeout');
      extra.timeout = timeout;
    }
    return { ...parseCommon(ID, name, entry, transport, consumed), ...extra };
  },
  restartHint: 'Restart opencode.',
};

/** The newer shape as a dialect of the opencode client, with the main adapter's files. */
export function opencodeV2(main: ClientAdapter): ClientDialect {
  const adapter: ClientAdapter = {
    ...v2,
    format: main.format,
    configPath: main.configPath,
    installDir: main.installDir,
    docs: [...v2.docs, ...main.docs],
  };
  return { holds, adapter };
}
