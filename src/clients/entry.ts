import type { NativeEntry, RenderResult, ServerSpec, Transport } from '../types.js';

/**
 * Pieces shared by adapters whose entries use the common `command/args/env` and `url/headers`
 * field names. Messages name the server only: URLs and header values may carry secrets.
 */

export const fail = (message: string, hint: string): RenderResult => ({ ok: false, message, hint });

/** The stdio fields, leaving out empty args and env so we never write noise the user did not ask for. */
export function stdioFields(server: ServerSpec): NativeEntry {
  const entry: NativeEntry = { command: server.command };
  if (server.args?.length) entry.args = server.args.slice();
  if (server.env && hasKeys(server.env)) entry.env = { ...server.env };
  return entry;
}

export function remoteFields(server: ServerSpec): NativeEntry {
  const entry: NativeEntry = { url: server.url };
  if (server.headers && hasKeys(server.headers)) entry.headers = { ...server.headers };
  return entry;
}

/** Whether a map has any key, without listing them (called per server x client). */
function hasKeys(map: object): boolean {
  for (const _ in map) return true;
  return false;
}

/**
 * Cline and its fork Roo Code share one entry shape: an explicit `type` (both read an untyped
 * url as SSE), `cwd` for stdio, `disabled`, and `timeout` in seconds.
 */
export function clineLikeEntry(server: ServerSpec, type: string): NativeEntry {
  const entry: NativeEntry = {
    type,
    ...(server.transport === 'stdio' ? stdioFields(server) : remoteFields(server)),
  };
  if (server.transport === 'stdio' && server.cwd) entry.cwd = server.cwd;
  if (server.disabled !== undefined) entry.disabled = server.disabled;
  if (server.timeout !== undefined) entry.timeout = server.timeout;
  return entry;
}

/** A server missing the field its transport needs (the stack validator should catch it first). */
export function missingField(server: ServerSpec): RenderResult | undefined {
  if (server.transport === 'stdio' && !server.command)
    return fail(`server "${server.name}" has no command`, 'set command for a stdio server');
  if (server.transport !== 'stdio' && !server.url)
    return fail(`server "${server.name}" has no url`, `set url for a ${server.transport} server`);
  return undefined;
}

type Unsupported = 'cwd' | 'disabled' | 'timeout';

/** A field the client has no place for is an error, never silently dropped. */
export function rejectUnsupported(
  server: ServerSpec,
  title: string,
  clientId: string,
  fields: Unsupported[],
): RenderResult | undefined {
  const name = server.name;
  if (fields.includes('cwd') && server.cwd) {
    return fail(
      `${title} cannot set a working directory for server "${name}"`,
      'remove cwd or use absolute paths in args',
    );
  }
  if (fields.includes('disabled') && server.disabled) {
    return fail(
      `${title} has no per-entry disabled flag (server "${name}")`,
      `remove the server from the ${clientId} target instead of disabling it`,
    );
  }
  if (fields.includes('timeout') && server.timeout !== undefined) {
    return fail(
      `${title} has no timeout setting (server "${name}")`,
      `remove timeout from the server, or drop the server from the ${clientId} target`,
    );
  }
  return undefined;
}

/**
 * clientOptions for this client go into the entry as-is (they may override rendered fields on
 * purpose); a `null` option removes the field, so an imported entry that lacks an optional field
 * mcpo writes (Claude Code's `type`) comes back as it was.
 */
export function withClientOptions(
  entry: NativeEntry,
  server: ServerSpec,
  clientId: string,
): RenderResult {
  const options = server.clientOptions?.[clientId];
  // Most servers have no options for this client: the entry the adapter just built is returned
  // as it is (a plan renders servers x clients entries; the copy was a tenth of a re-plan).
  if (options === undefined && !Object.values(entry).includes(null)) return { ok: true, entry };
  const merged: NativeEntry = { ...entry, ...options };
  for (const [key, value] of Object.entries(merged)) if (value === null) delete merged[key];
  return { ok: true, entry: merged };
}

/**
 * A field mcpo always writes but the client does not require (VS Code's and Claude Code's
 * `type`, inferred from `command`/`url`) that a parsed entry lacks: recorded as a `null` client
 * option, so rendering the parsed spec leaves it out and import gives the entry back unchanged.
 */
export function keepAbsent(
  spec: ServerSpec,
  clientId: string,
  entry: NativeEntry,
  keys: string[],
): ServerSpec {
  const absent = keys.filter((k) => entry[k] === undefined);
  if (!absent.length) return spec;
  return {
    ...spec,
    clientOptions: {
      ...spec.clientOptions,
      [clientId]: {
        ...Object.fromEntries(absent.map((k) => [k, null])),
        ...spec.clientOptions?.[clientId],
      },
    },
  };
}

const isStringList = (v: unknown): v is string[] =>
  Array.isArray(v) && v.every((x) => typeof x === 'string');
/** A map of strings (env, headers): what every client's entry holds there. */
export const isStringMap = (v: unknown): v is Record<string, string> =>
  !!v &&
  typeof v === 'object' &&
  !Array.isArray(v) &&
  Object.values(v).every((x) => typeof x === 'string');

/**
 * Native entry -> ServerSpec for the common field names. Keys listed in `consumed` were handled
 * by the caller; any other unknown or ill-typed key is kept in clientOptions[clientId] so that
 * rendering the parsed spec gives the entry back.
 */
export function parseCommon(
  clientId: string,
  name: string,
  entry: NativeEntry,
  transport: Transport,
  consumed: string[] = [],
  opts: { cwd?: boolean } = {},
): ServerSpec {
  const spec: ServerSpec = { name, transport };
  const rest: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(entry)) {
    if (consumed.includes(key)) continue;
    if ((key === 'command' || key === 'url') && typeof value === 'string') spec[key] = value;
    // Only clients with a working-directory field read `cwd`; for the others it stays a client option.
    else if (key === 'cwd' && opts.cwd && typeof value === 'string') spec.cwd = value;
    else if (key === 'args' && isStringList(value)) spec.args = [...value];
    else if ((key === 'env' || key === 'headers') && isStringMap(value)) spec[key] = { ...value };
    else rest[key] = value;
  }
  if (Object.keys(rest).length) spec.clientOptions = { [clientId]: rest };
  return spec;
}

const TRANSPORT_NAMES: Record<Transport, string> = {
  stdio: 'stdio',
  http: 'Streamable HTTP',
  sse: 'SSE',
  ws: 'WebSocket',
};

/** A transport the client has no spelling for is a render error naming the server and the way out. */
export function rejectTransport(
  server: ServerSpec,
  title: string,
  clientId: string,
  unsupported: Transport[],
): RenderResult | undefined {
  if (!unsupported.includes(server.transport)) return undefined;
  const other = server.transport === 'ws' || server.transport === 'sse' ? 'an http' : 'another';
  return fail(
    `${title} cannot connect to ${TRANSPORT_NAMES[server.transport]} server "${server.name}"`,
    `use ${other} endpoint, or drop the server from the ${clientId} target`,
  );
}

/** A working directory only makes sense for a process the client starts. */
export function rejectRemoteCwd(server: ServerSpec, title: string): RenderResult | undefined {
  if (server.transport === 'stdio' || !server.cwd) return undefined;
  return fail(
    `${title} cannot set a working directory for remote server "${server.name}"`,
    'remove cwd from the server',
  );
}

/** Timeout in whole-or-fractional seconds within the client's accepted range, or an error. */
export function timeoutInRange(
  server: ServerSpec,
  title: string,
  min: number,
  max: number,
): RenderResult | undefined {
  const t = server.timeout;
  if (t === undefined || (t >= min && t <= max)) return undefined;
  return fail(
    `${title} accepts timeouts from ${min} to ${max} seconds (server "${server.name}" has ${t})`,
    `set timeout between ${min} and ${max}`,
  );
}

/** Stack options beyond the basics, each named by the part a client can hold. */
export type StackOption =
  | 'tools.allow'
  | 'tools.deny'
  | 'autoApprove.all'
  | 'autoApprove.list'
  | 'oauth.clientId'
  | 'oauth.clientSecret'
  | 'oauth.callbackPort'
  | 'oauth.scopes';

const OAUTH_FIELDS = {
  clientId: 'client_id',
  clientSecret: 'client_secret',
  callbackPort: 'callback_port',
  scopes: 'scopes',
} as const;

/** tools, auto_approve and oauth parts the client has no field for: an error, never silently dropped. */
export function rejectOptions(
  server: ServerSpec,
  title: string,
  clientId: string,
  handled: StackOption[],
): RenderResult | undefined {
  // The usual server has none of these: no loops, no strings built (called per server x client).
  if (server.tools === undefined && server.autoApprove === undefined && !server.oauth)
    return undefined;
  const name = server.name;
  const drop = `or drop the server from the ${clientId} target`;
  for (const part of ['allow', 'deny'] as const) {
    if (server.tools?.[part] && !handled.includes(`tools.${part}`)) {
      return fail(
        `${title} has no tool ${part} list (server "${name}")`,
        `remove tools.${part} from the server, ${drop}`,
      );
    }
  }
  const auto = server.autoApprove;
  if (auto === true && !handled.includes('autoApprove.all')) {
    const list = handled.includes('autoApprove.list');
    return fail(
      `${title} cannot auto-approve every tool of server "${name}"`,
      list
        ? 'list the tool names in auto_approve instead of true'
        : `remove auto_approve from the server, ${drop}`,
    );
  }
  if (Array.isArray(auto) && !handled.includes('autoApprove.list')) {
    const all = handled.includes('autoApprove.all');
    return fail(
      `${title} cannot auto-approve single tools (server "${name}")`,
      all
        ? 'set auto_approve: true to trust the whole server, or remove it'
        : `remove auto_approve from the server, ${drop}`,
    );
  }
  for (const [key, field] of Object.entries(OAUTH_FIELDS) as [
    keyof typeof OAUTH_FIELDS,
    string,
  ][]) {
    if (server.oauth?.[key] !== undefined && !handled.includes(`oauth.${key}`)) {
      return fail(
        `${title} has no place for oauth.${field} (server "${name}")`,
        `remove oauth.${field} from the server (set it in ${title} itself), ${drop}`,
      );
    }
  }
  return undefined;
}
