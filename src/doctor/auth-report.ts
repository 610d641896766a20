/**
 * Explains a remote server's 401 (pure): from what discovery found, how the client in question
 * runs OAuth and what its token store holds, one check per step of the MCP authorization flow
 * (https://modelcontextprotocol.io/specification/2025-11-25/basic/authorization), each ok, warn or
 * fail with a fix. The first failing check's fix becomes the server's fix.
 */
import type { ServerSpec } from '../types.js';
import type { AuthFindings } from './auth-probe.js';
import {
  entryOAuth,
  type ClientOAuth,
  type Identification,
  type Redirect,
} from './client-oauth.js';
import type { TokenHolding } from './token-stores.js';

export type AuthStep =
  | 'resource-metadata'
  | 'authorization-server'
  | 'pkce'
  | 'identification'
  | 'redirect'
  | 'token';
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

type Add = (step: AuthStep, status: AuthCheck['status'], message: string, fix?: string) => void;
const names = (ids: Identification[]) => ids.map((a) => IDENT_NAMES[a]).join(', ');

export function explainAuth(i: ExplainInput): AuthReport {
  const { findings: f, client } = i;
  const checks: AuthCheck[] = [];
  const add: Add = (step, status, message, fix) =>
    void checks.push({ step, status, message, ...(fix ? { fix } : {}) });
  discoverySteps(f, add);

  const as = f.authorizationServer;
  const clientId =
    client === 'mcpo' ? (i.stack ?? i.entry).oauth?.clientId : entryOAuth(i.entry, client).clientId;
  const available: Identification[] = [];
  if (clientId) available.push('static');
  if (as.metadataDocument) available.push('metadata-document');
  if (as.registration) available.push('registration');
  // mcpo presents a metadata document only with the stack's `oauth.client_metadata_url` (login branch).
  const own = (i.stack ?? i.entry).oauth as { clientMetadataUrl?: string } | undefined;
  const usable = (p: Identification) =>
    p !== 'metadata-document' || !i.profile?.metadataUrlFromStack || !!own?.clientMetadataUrl;
  const used = i.profile?.identification.find((p) => available.includes(p) && usable(p));
  const identification = { available, ...(used ? { used } : {}) };
  const report: AuthReport = { client, findings: f, identification, tokens: i.tokens, checks };
  if (!i.profile) {
    // Not "cannot": how this client logs in is only unknown to mcpo.
    const launcher = `set \`secrets: launcher\` on its target so it starts \`mcpo run\``;
    add(
      'identification',
      'warn',
      `mcpo does not know how ${client} runs OAuth (its client identification and redirect)`,
      `check ${client}'s own OAuth settings, or ${launcher}, and log in with \`mcpo login ${i.entry.name}\``,
    );
    return report;
  }
  if (used)
    add(
      'identification',
      'ok',
      `${client} will use ${IDENT_NAMES[used]}; available: ${names(available)}`,
    );
  else if (as.found) {
    const none = 'no static client id, no metadata document support, no registration endpoint';
    const why = available.length ? `only ${names(available)}` : none;
    const fix = 'pre-register a client at the authorization server and set oauth.client_id';
    add('identification', 'fail', `no client identification ${client} can use: ${why}`, fix);
  }
  report.redirect = redirectStep(i.profile, i, used, add);
  for (const t of i.tokens) tokenStep(t, i.profile.login(i.entry.name), add);
  return report;
}

/** Resource metadata, authorization server metadata, PKCE. */
function discoverySteps(f: AuthFindings, add: Add): void {
  const rm = f.resourceMetadata;
  const as = f.authorizationServer;
  if (rm.found) {
    const via =
      rm.via === 'www-authenticate' ? "named by the 401's WWW-Authenticate" : 'the well-known URL';
    add('resource-metadata', 'ok', `protected resource metadata at ${rm.url} (${via})`);
  } else {
    const tried = rm.tried.length ? rm.tried.join(', ') : 'the well-known URLs';
    const wellKnown = 'RFC 9728 metadata at /.well-known/oauth-protected-resource';
    // Nothing OAuth at all: most likely a server with an API key of its own, not a broken OAuth one.
    const fix = as.found
      ? `the server must publish ${wellKnown}; meanwhile clients try ${as.issuer} as the authorization server`
      : 'the server publishes no OAuth metadata, so it wants a credential of its own: check the ' +
        `Authorization header or token secret (an OAuth server must publish ${wellKnown})`;
    add(
      'resource-metadata',
      'fail',
      `no protected resource metadata: the 401 names no resource_metadata and ${tried} had none`,
      fix,
    );
  }
  const from = as.fallback
    ? "the server's origin, for want of resource metadata"
    : 'named by the resource metadata';
  if (as.found)
    add(
      'authorization-server',
      'ok',
      `authorization server ${as.issuer} (${from}): metadata at ${as.url}`,
    );
  else {
    const where = `${as.tried.length ? ` at ${as.tried.join(', ')}` : ''}${as.error ? ` (${as.error})` : ''}`;
    const fix = 'the authorization server must serve RFC 8414 or OpenID metadata';
    return add(
      'authorization-server',
      'fail',
      `authorization server ${as.issuer} (${from}): no metadata${where}`,
      fix,
    );
  }
  if (as.pkceMethods?.includes('S256')) return add('pkce', 'ok', 'PKCE S256 supported');
  const why = as.pkceMethods
    ? `PKCE S256 not supported (only ${as.pkceMethods.join(', ') || 'none'})`
    : 'the metadata lists no code_challenge_methods_supported, so MCP clients must refuse';
  add(
    'pkce',
    'fail',
    why,
    'the authorization server must list S256 in code_challenge_methods_supported',
  );
}

/** The redirect URI the client will use, against the stack's callback port. */
function redirectStep(
  profile: ClientOAuth,
  i: ExplainInput,
  used: Identification | undefined,
  add: Add,
): AuthReport['redirect'] {
  const redirect = profile.redirect(i.entry, i.env);
  const stackPort = i.stack?.oauth?.callbackPort;
  const matches = stackPort === undefined ? undefined : redirect.port === stackPort;
  const where = `${i.client} will use redirect URI ${redirect.uri} (${redirect.from})`;
  if (matches === false) {
    const fix = `run \`mcpo apply\` so the entry carries the stack's port, or register ${redirect.uri} at the authorization server`;
    add('redirect', 'fail', `${where}, but the stack says oauth.callback_port ${stackPort}`, fix);
  } else if (used === 'static' && redirect.port === 'ephemeral') {
    add(
      'redirect',
      'warn',
      `${where}: a pre-registered client needs a fixed one`,
      'set oauth.callback_port and register that redirect URI',
    );
  } else add('redirect', 'ok', `${where}${matches ? ', as the stack says' : ''}`);
  return { ...redirect, ...(stackPort !== undefined ? { stackPort, matches } : {}) };
}

/** A token store: private, holding a token for the server, and its expiry. Never a value. */
function tokenStep(t: TokenHolding, login: string, add: Add): void {
  if (!t.checked)
    return add('token', 'warn', `tokens are kept in ${t.store}, which doctor cannot read`);
  if (t.private === false)
    add(
      'token',
      'fail',
      `${t.store} is readable by others (mode ${t.mode})`,
      `run \`chmod 600 ${t.store}\``,
    );
  if (t.exists === false)
    return add('token', 'warn', `no token: ${t.store} does not exist`, `log in: ${login}`);
  if (!t.held)
    return add('token', 'warn', `no token for this server in ${t.store}`, `log in: ${login}`);
  if (!t.expired)
    return add(
      'token',
      'ok',
      `token held in ${t.store}${t.expiresAt ? ` until ${t.expiresAt}` : ' (no expiry given)'}`,
    );
  const expired = `token in ${t.store} expired at ${t.expiresAt}`;
  if (t.refreshable)
    return add(
      'token',
      'warn',
      `${expired}; a refresh token is held, so it is renewed on next use`,
    );
  add('token', 'fail', `${expired} and no refresh token is held`, `log in again: ${login}`);
}
