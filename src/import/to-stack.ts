/**
 * ServerSpec (what an adapter parsed from a client file) -> the server as stack YAML writes it,
 * so that loading the stack gives the same ServerSpec back.
 */
import type { ServerSpec } from '../types.js';

/** A server in stack-file form (snake_case keys, plain JSON values). */
export type StackServer = Record<string, unknown>;

/**
 * Called for each env value, header value, argument (key: its index) and OAuth client secret.
 * Returns the stack text to write instead (a `${secret:NAME}` reference), or undefined to keep
 * the value.
 */
export type SecretHook = (
  server: string,
  field: 'env' | 'headers' | 'oauth' | 'args',
  key: string,
  value: string,
) => string | undefined;

/** Stack strings are interpolated: a `${` the client meant literally is written `$${`. */
export function escapeText(s: string): string {
  // A function, because a replacement string would read `$$` as one `$`.
  return s.replaceAll('${', () => '$${');
}

export function toStackServer(spec: ServerSpec, secret: SecretHook): StackServer {
  const out: StackServer = {};
  // Not interpolated when loaded (documentation only), so written as it is.
  if (spec.description !== undefined) out.description = spec.description;
  // Every field is written whatever the transport: the schema check then refuses a mix the
  // stack cannot hold (e.g. headers on a command), instead of this function dropping it.
  if (spec.command !== undefined) out.command = escapeText(spec.command);
  if (spec.args?.length)
    out.args = spec.args.map((a, i) => secret(spec.name, 'args', String(i), a) ?? escapeText(a));
  if (spec.env && Object.keys(spec.env).length)
    out.env = mapValues(spec.env, (k, v) => secret(spec.name, 'env', k, v) ?? escapeText(v));
  if (spec.cwd !== undefined) out.cwd = escapeText(spec.cwd);
  if (spec.url !== undefined) out.url = escapeText(spec.url);
  const implied = spec.command === undefined && spec.url !== undefined ? 'http' : 'stdio';
  if (spec.transport !== implied) out.transport = spec.transport;
  if (spec.headers && Object.keys(spec.headers).length)
    out.headers = mapValues(
      spec.headers,
      (k, v) => secret(spec.name, 'headers', k, v) ?? escapeText(v),
    );
  if (spec.disabled !== undefined) out.disabled = spec.disabled;
  if (spec.timeout !== undefined) out.timeout = spec.timeout;
  if (spec.tools) out.tools = { ...spec.tools };
  if (spec.autoApprove !== undefined) out.auto_approve = spec.autoApprove;
  if (spec.oauth) {
    const o = spec.oauth;
    const oauth: Record<string, unknown> = {};
    if (o.clientId !== undefined) oauth.client_id = escapeText(o.clientId);
    // The schema admits a client secret only as a reference, so it always goes to the keychain.
    if (o.clientSecret !== undefined)
      oauth.client_secret = secret(spec.name, 'oauth', 'client_secret', o.clientSecret);
    if (o.callbackPort !== undefined) oauth.callback_port = o.callbackPort;
    if (o.scopes) oauth.scopes = [...o.scopes];
    out.oauth = oauth;
  }
  // Passed through as-is (not interpolated), so no escaping.
  if (spec.clientOptions && Object.keys(spec.clientOptions).length)
    out.client_options = spec.clientOptions;
  return out;
}

function mapValues(
  map: Record<string, string>,
  fn: (k: string, v: string) => string,
): Record<string, string> {
  return Object.fromEntries(Object.entries(map).map(([k, v]) => [k, fn(k, v)]));
}
