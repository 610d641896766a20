/** Vars and servers of the merged stack, interpolated into the common model. */
import type { Problem, ServerSpec, Transport } from '../types.js';
import { expandHome, interpolateAt, type InterpolationContext } from './interpolate.js';
import { isObject, type MergedStack, type Origin, type RawObject } from './merge.js';
import { suggestion } from './suggest.js';
import { dict } from '../dict.js';
import { gatewayFields } from './gateway-fields.js';
import { formatPath, locate, setSourceLazily } from './yaml-locate.js';

export interface BuildContext {
  env: Record<string, string | undefined>;
  home: string;
  /** When absent (`mcpo run`), client names are not checked. */
  knownClients?: string[];
}

/** Var values with `${env:}` and `${secret:}` applied; vars may not refer to other vars. */
export function resolveVars(
  merged: MergedStack,
  env: BuildContext['env'],
  problems: Problem[],
): Record<string, string> {
  const ctx: InterpolationContext = { vars: undefined, env, secrets: true };
  const out = dict<string>();
  for (const [name, { value, origin }] of Object.entries(merged.vars)) {
    out[name] = interpolateAt(value, origin.src, origin.path, ctx, problems);
  }
  return out;
}

const TRANSPORTS: Transport[] = ['stdio', 'http', 'sse', 'ws'];

export function buildServers(
  merged: MergedStack,
  vars: Record<string, string>,
  bctx: BuildContext,
  problems: Problem[],
): Record<string, ServerSpec> {
  const ctx: InterpolationContext = { vars, env: bctx.env, secrets: true };
  const out = dict<ServerSpec>();
  for (const [name, { value: raw, origin }] of Object.entries(merged.servers)) {
    out[name] = buildServer(name, raw, origin, ctx, bctx, problems);
  }
  return out;
}

function buildServer(
  name: string,
  raw: RawObject,
  origin: Origin,
  ctx: InterpolationContext,
  bctx: BuildContext,
  problems: Problem[],
): ServerSpec {
  const { src, path } = origin;
  const text = (v: unknown, at: (string | number)[]): string | undefined =>
    typeof v === 'string' ? interpolateAt(v, src, [...path, ...at], ctx, problems) : undefined;
  const home = (v: string | undefined): string | undefined =>
    v === undefined ? undefined : expandHome(v, bctx.home);

  const command = home(text(raw.command, ['command']));
  const url = text(raw.url, ['url']);
  const declared = TRANSPORTS.find((t) => t === raw.transport);
  const spec: ServerSpec = {
    name,
    transport: declared ?? (command === undefined && url !== undefined ? 'http' : 'stdio'),
  };
  if (command !== undefined) spec.command = command;
  // Documentation only: kept as written (not interpolated), for clients that show it (Goose).
  if (typeof raw.description === 'string') spec.description = raw.description;
  if (Array.isArray(raw.args))
    spec.args = raw.args.map((a, i) => home(text(a, ['args', i])) ?? String(a));
  const env = textMap(raw.env, 'env', text);
  if (env) spec.env = env;
  const cwd = home(text(raw.cwd, ['cwd']));
  if (cwd !== undefined) spec.cwd = cwd;
  if (url !== undefined) spec.url = url;
  const headers = textMap(raw.headers, 'headers', text);
  if (headers) spec.headers = headers;
  if (typeof raw.disabled === 'boolean') spec.disabled = raw.disabled;
  if (typeof raw.timeout === 'number') spec.timeout = raw.timeout;
  gatewayFields(spec, raw);
  const strings = (v: unknown): string[] | undefined =>
    Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : undefined;
  if (isObject(raw.tools)) {
    const allow = strings(raw.tools.allow);
    const deny = strings(raw.tools.deny);
    spec.tools = { ...(allow ? { allow } : {}), ...(deny ? { deny } : {}) };
  }
  if (typeof raw.auto_approve === 'boolean') spec.autoApprove = raw.auto_approve;
  else if (Array.isArray(raw.auto_approve)) spec.autoApprove = strings(raw.auto_approve)!;
  if (isObject(raw.oauth)) {
    const o = raw.oauth;
    const oauth: NonNullable<ServerSpec['oauth']> = {};
    const clientId = text(o.client_id, ['oauth', 'client_id']);
    if (clientId !== undefined) oauth.clientId = clientId;
    if (typeof o.callback_port === 'number') oauth.callbackPort = o.callback_port;
    const scopes = strings(o.scopes);
    if (scopes) oauth.scopes = scopes;
    // The schema admits only `${secret:NAME}` here, so this becomes a secret token, never a value.
    const secret = text(o.client_secret, ['oauth', 'client_secret']);
    if (secret !== undefined) oauth.clientSecret = secret;
    const metadataUrl = text(o.client_metadata_url, ['oauth', 'client_metadata_url']);
    if (metadataUrl !== undefined) oauth.clientMetadataUrl = metadataUrl;
    spec.oauth = oauth;
  }
  // The schema admits only {name, version, via} here (`mcpo add --from`).
  if (isObject(raw.registry))
    spec.registry = { ...raw.registry } as NonNullable<ServerSpec['registry']>;
  if (isObject(raw.client_options)) {
    const options = dict<Record<string, unknown>>();
    for (const [client, fields] of Object.entries(raw.client_options)) {
      if (bctx.knownClients && !bctx.knownClients.includes(client)) {
        const at = [...path, 'client_options', client];
        problems.push({
          code: 'unknown-client',
          message: `${formatPath(at)}: unknown client \`${client}\`${suggestion(client, bctx.knownClients)}`,
          hint: `known clients: ${bctx.knownClients.join(', ')}`,
          loc: locate(src, at, { key: true }),
        });
      }
      if (isObject(fields)) options[client] = fields;
    }
    spec.clientOptions = options;
  }
  setSourceLazily(spec, src, path, { key: true });
  return spec;
}

function textMap(
  v: unknown,
  field: string,
  text: (v: unknown, at: (string | number)[]) => string | undefined,
): Record<string, string> | undefined {
  if (!isObject(v)) return undefined;
  const out = dict<string>();
  for (const [k, val] of Object.entries(v)) out[k] = text(val, [field, k]) ?? String(val);
  return out;
}
