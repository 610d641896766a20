/**
 * Turns a remote server's bare 401 into an explanation (auth-report.ts): runs the discovery,
 * reads what the client in question holds (mcpo's keychain for the stack's servers, the client's
 * own store with `--client`), and puts the first failing step's fix on the failure.
 */
import type { PathContext, ServerSpec } from '../types.js';
import type { ReadTokenInfo } from '../auth/contract.js';
import type { SecretLookup } from '../secrets/resolve.js';
import { secretNamesIn, substituteSecrets } from '../secrets/tokens.js';
import { Redactor } from '../secrets/redact.js';
import { probeAuth } from './auth-probe.js';
import { explainAuth, type AuthReport } from './auth-report.js';
import { clientOAuth } from './client-oauth.js';
import { readClientTokens, type TokenHolding } from './token-stores.js';
import type { ServerReport } from './report.js';

export interface AuthContext {
  /** `mcpo` for the stack's servers, else the client id of `--client`. */
  client: string;
  /** The stack's servers by name, when there is a stack. */
  stackServers: Record<string, ServerSpec>;
  ctx: PathContext;
  secrets: SecretLookup;
  /** The one injection point for mcpo's own logins; the default loads src/auth/store.ts lazily. */
  readTokenInfo?: ReadTokenInfo;
}

const defaultReadTokenInfo: ReadTokenInfo = async (server, url) =>
  (await import('../auth/store.js')).readTokenInfo(server, url);

/** The report with `auth` added when the server answered 401; any other report unchanged. */
export async function explainUnauthorized(
  report: ServerReport,
  spec: ServerSpec,
  a: AuthContext,
): Promise<ServerReport> {
  if (report.failure?.kind !== 'http-401' || !spec.url) return report;
  const url = spec.url;
  const real = substituteSecrets(spec, a.secrets);
  // The entry's own credentials (headers, a key in the URL) never reach the report.
  const redactor = new Redactor().add([...secretNamesIn(spec)].map(a.secrets)).addFound(real);
  let findings: Awaited<ReturnType<typeof probeAuth>>;
  try {
    findings = await probeAuth(real.url!, real.headers ?? {});
  } catch {
    report.warnings.push('the OAuth discovery could not reach the server a second time');
    return report;
  }
  const tokens: TokenHolding[] = [];
  if (a.client === 'mcpo')
    tokens.push(await mcpoTokens(spec.name, url, a.readTokenInfo ?? defaultReadTokenInfo));
  else {
    const held = readClientTokens(a.client, spec.name, url, a.ctx);
    if (held) tokens.push(held);
  }
  const stack = a.stackServers[spec.name];
  const input = {
    findings,
    profile: clientOAuth(a.client),
    client: a.client,
    entry: spec,
    env: a.ctx.env,
    tokens,
  };
  const explained = explainAuth({ ...input, ...(stack ? { stack } : {}) });
  const auth = JSON.parse(redactor.text(JSON.stringify(explained))) as AuthReport;
  report.auth = auth;
  const failed =
    auth.checks.find((c) => c.status === 'fail') ??
    auth.checks.find((c) => c.status === 'warn' && c.fix);
  if (failed) {
    report.failure.message = `${report.failure.message.replace(/\.$/, '')}: ${failed.message}.`;
    report.failure.fix = failed.fix ?? report.failure.fix;
  }
  return report;
}

async function mcpoTokens(server: string, url: string, read: ReadTokenInfo): Promise<TokenHolding> {
  const store = "mcpo's keychain";
  try {
    const t = await read(server, url);
    const expiry = t.expires_at
      ? { expiresAt: t.expires_at, expired: Date.parse(t.expires_at) <= Date.now() }
      : {};
    // An expired login without a refresh token is not `logged_in`, but it is held, with its expiry.
    const held = t.logged_in || t.expires_at !== undefined;
    return {
      store,
      checked: true,
      held,
      ...(held ? { ...expiry, refreshable: t.refreshable } : {}),
    };
  } catch {
    // No keychain here (a container without a Secret Service): say so, do not fail the check on it.
    return { store: `${store} (not reachable)`, checked: false, held: false };
  }
}
