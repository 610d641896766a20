/**
 * Explains a remote server's 401 (pure): from what discovery found, how the client in question
 * runs OAuth and what its token store holds, one check per step of the MCP authorization flow
 * (https://modelcontextprotocol.io/specification/2025-11-25/basic/authorization), each ok, warn or
 * fail with a fix. The first failing check's fix becomes the server's fix.
 */
import type { ServerSpec } from '../types.js';
import type { AuthFindings } from './auth-probe.js';
import type { ClientOAuth, Identification, Redirect } from './client-oauth.js';
import type { TokenHolding } from './token-stores.js';

export type AuthStep = 'resource-metadata' | 'authorization-server' | 'pkce' | 'identification' | 'redirect' | 'token';
export interface AuthCheck {
  step: AuthStep;
  status: 'ok' | 'warn' | 'fail';
  message: string;
  fix?: string;
}

export interface AuthReport {
  /** `mcpo` (stack servers: `mcpo login` and the launcher) or the client id of `--client`. */
  client: string;
  findings: AuthFindings;
  identification: { available: Identification[]; used?: Identification };
  redirect?: Redirect & { stackPort?: number; matches?: boolean };
  tokens: TokenHolding[];
  checks: AuthCheck[];
}

export interface ExplainInput {
  findings: AuthFindings;
  /** The client's OAuth profile; undefined for a client that runs no OAuth itself. */
  profile: ClientOAuth | undefined;
  client: string;
  /** The entry as the client has it (for `mcpo`, the stack's server). */
  entry: ServerSpec;
  /** The stack's server of the same name, when there is a stack. */
  stack?: ServerSpec;
  env: Record<string, string | undefined>;
  tokens: TokenHolding[];
}

const IDENT_NAMES: Record<Identification, string> = {
  static: 'the static client id (oauth.client_id)',
  'metadata-document': 'a Client ID Metadata Document',
  registration: 'Dynamic Client Registration',
};

export function explainAuth(i: ExplainInput): AuthReport {
  const { findings: f, client } = i;
  const checks: AuthCheck[] = [];
  const add = (step: AuthStep, status: AuthCheck['status'], message: string, fix?: string) => checks.push({ step, status, message, ...(fix ? { fix } : {}) });
  const rm = f.resourceMetadata;
  if (rm.found) add('resource-metadata', 'ok', `protected resource metadata at ${rm.url} (${rm.via === 'www-authenticate' ? "named by the 401's WWW-Authenticate" : 'the well-known URL'})`);
  else {
    const tried = rm.tried.length ? rm.tried.join(', ') : 'the well-known URLs';
    // Nothing OAuth at all: most likely a server with an API key of its own, not a broken OAuth one.
    const fix = f.authorizationServer.found
      ? `the server must publish RFC 9728 metadata (/.well-known/oauth-protected-resource); meanwhile clients try ${f.authorizationServer.issuer} as the authorization server`
      : 'the server publishes no OAuth metadata, so it wants a credential of its own: check the Authorization header or token secret (an OAuth server must publish RFC 9728 metadata at /.well-known/oauth-protected-resource)';
    add('resource-metadata', 'fail', `no protected resource metadata: the 401 names no resource_metadata and ${tried} had none`, fix);
  }
  const as = f.authorizationServer;
  const asFrom = as.fallback ? "the server's origin, for want of resource metadata" : 'named by the resource metadata';
  if (as.found) add('authorization-server', 'ok', `authorization server ${as.issuer} (${asFrom}): metadata at ${as.url}`);
  else add('authorization-server', 'fail', `authorization server ${as.issuer} (${asFrom}): no metadata${as.tried.length ? ` at ${as.tried.join(', ')}` : ''}${as.error ? ` (${as.error})` : ''}`, 'the authorization server must serve RFC 8414 or OpenID metadata');
  if (as.found) {
    if (as.pkceMethods?.includes('S256')) add('pkce', 'ok', 'PKCE S256 supported');
    else add('pkce', 'fail', as.pkceMethods ? `PKCE S256 not supported (only ${as.pkceMethods.join(', ') || 'none'})` : 'the metadata lists no code_challenge_methods_supported, so MCP clients must refuse', 'the authorization server must list S256 in code_challenge_methods_supported');
  }

  const clientId = (client === 'mcpo' ? i.stack ?? i.entry : i.entry).oauth?.clientId;
  const available: Identification[] = [...(clientId ? (['static'] as const) : []), ...(as.metadataDocument ? (['metadata-document'] as const) : []), ...(as.registration ? (['registration'] as const) : [])];
  const used = i.profile?.identification.find((p) => available.includes(p));
  const report: AuthReport = { client, findings: f, identification: { available, ...(used ? { used } : {}) }, tokens: i.tokens, checks };
  if (!i.profile) {
    add('identification', 'fail', `${client} runs no OAuth of its own`, 'set `secrets: launcher` on its target so it starts `mcpo run`, and log in with `mcpo login`');
    return report;
  }
  if (used) add('identification', 'ok', `${client} will use ${IDENT_NAMES[used]}; available: ${available.map((a) => IDENT_NAMES[a]).join(', ')}`);
  else if (as.found) add('identification', 'fail', `no client identification ${client} can use: ${available.length ? `only ${available.map((a) => IDENT_NAMES[a]).join(', ')}` : 'no static client id, no metadata document support, no registration endpoint'}`, 'pre-register a client at the authorization server and set oauth.client_id');

  const redirect = i.profile.redirect(i.entry, i.env);
  const stackPort = i.stack?.oauth?.callbackPort;
  const matches = stackPort === undefined ? undefined : redirect.port === stackPort;
  report.redirect = { ...redirect, ...(stackPort !== undefined ? { stackPort, matches } : {}) };
  const where = `redirect URI ${redirect.uri} (${redirect.from})`;
  if (matches === false) add('redirect', 'fail', `${client} will use ${where}, but the stack says oauth.callback_port ${stackPort}`, `run \`mcpo apply\` so the entry carries the stack's port, or register ${redirect.uri} at the authorization server`);
  else if (used === 'static' && redirect.port === 'ephemeral') add('redirect', 'warn', `${client} will use ${where}: a pre-registered client needs a fixed one`, 'set oauth.callback_port and register that redirect URI');
  else add('redirect', 'ok', `${client} will use ${where}${matches ? ', as the stack says' : ''}`);

  for (const t of i.tokens) tokenCheck(t, i.profile.login(i.entry.name), add);
  return report;
}

function tokenCheck(t: TokenHolding, login: string, add: (s: AuthStep, st: AuthCheck['status'], m: string, fix?: string) => void): void {
  if (!t.checked) return add('token', 'warn', `tokens are kept in ${t.store}, which doctor cannot read`);
  if (t.private === false) add('token', 'fail', `${t.store} is readable by others (mode ${t.mode})`, `run \`chmod 600 ${t.store}\``);
  if (t.exists === false) return add('token', 'warn', `no token: ${t.store} does not exist`, `log in: ${login}`);
  if (!t.held) return add('token', 'warn', `no token for this server in ${t.store}`, `log in: ${login}`);
  const until = t.expiresAt ? ` until ${t.expiresAt}` : ' (no expiry given)';
  if (!t.expired) return add('token', 'ok', `token held in ${t.store}${until}`);
  if (t.refreshable) return add('token', 'warn', `token in ${t.store} expired at ${t.expiresAt}; a refresh token is held, so it is renewed on next use`);
  add('token', 'fail', `token in ${t.store} expired at ${t.expiresAt} and no refresh token is held`, `log in again: ${login}`);
}
