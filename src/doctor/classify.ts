/**
 * Turns what went wrong while talking to a server into a failure kind and a fix. The SDK's HTTP
 * transports put the status in the error's numeric `code`; fetch wraps socket and TLS errors in
 * `cause` (https://undici.nodejs.org). JSON-RPC errors carry a negative numeric code.
 */
import type { Failure } from './report.js';

const TLS_CODES =
  /^(CERT_|ERR_TLS_|ERR_SSL_|UNABLE_TO_|DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN|HOSTNAME_MISMATCH|ERR_CERT)/;

/**
 * The SDK's SSE transport keeps only the text of the fetch error ("SSE error: TypeError: fetch
 * failed: self-signed certificate"), without its code; these are OpenSSL's and Node's wordings.
 */
const TLS_TEXT =
  /self[- ]signed certificate(?: in certificate chain)?|certificate has expired|unable to (?:verify|get local issuer)[\w ]*certificate|Hostname\/IP does not match certificate's altnames|wrong version number|certificate is not yet valid/i;

function codesOf(e: unknown): { status?: number; sys?: string } {
  let status: number | undefined;
  let sys: string | undefined;
  for (
    let cur: unknown = e, depth = 0;
    cur && typeof cur === 'object' && depth < 5;
    cur = (cur as { cause?: unknown }).cause, depth++
  ) {
    const code = (cur as { code?: unknown }).code;
    if (typeof code === 'number' && status === undefined) status = code;
    if (typeof code === 'string' && sys === undefined) sys = code;
    for (const sub of (cur as { errors?: unknown[] }).errors ?? []) {
      const c = (sub as { code?: unknown })?.code;
      if (typeof c === 'string' && sys === undefined) sys = c;
    }
  }
  return { ...(status !== undefined ? { status } : {}), ...(sys !== undefined ? { sys } : {}) };
}

/** A failure of a remote (http/sse) server or of the JSON-RPC exchange with any server. */
export function classifyError(
  e: unknown,
  url: string | undefined,
  mask: (s: string) => string,
): Failure {
  const { status, sys } = codesOf(e);
  const text = mask(e instanceof Error ? e.message : String(e));
  const where = url ? new URL(url).origin : 'the server';
  if (
    status === 401 ||
    (e as Error)?.name === 'UnauthorizedError' ||
    /\b401\b|Unauthorized/.test(text)
  ) {
    return {
      kind: 'http-401',
      message: `${where} answered 401 Unauthorized.`,
      fix: 'check the Authorization header or token secret; for an OAuth server the client runs the OAuth flow itself, so check its redirect/callback settings (oauth.callbackPort, oauth.clientId)',
    };
  }
  if (status === 403) {
    return {
      kind: 'http-403',
      message: `${where} answered 403 Forbidden.`,
      fix: "the credentials are valid but lack access: check the token's scopes or the OAuth scopes and redirect/callback settings",
    };
  }
  if (status === 404)
    return {
      kind: 'http-404',
      message: `${url ?? where} answered 404 Not Found.`,
      fix: 'check the URL path (streamable HTTP servers usually serve /mcp, SSE servers /sse)',
    };
  if (sys === 'ECONNREFUSED' || /bad port/.test(causeText(e)) || /\bECONNREFUSED\b/.test(text))
    return {
      kind: 'connection-refused',
      message: `Nothing is listening at ${where} (connection refused).`,
      fix: 'start the server, or check the host and port in the URL',
    };
  const tlsCause = sys && TLS_CODES.test(sys) ? sys : TLS_TEXT.exec(text)?.[0];
  if (tlsCause)
    return {
      kind: 'tls',
      message: `TLS failed for ${where}: ${tlsCause}.`,
      fix: 'check the certificate (expired, self-signed or wrong host name), or that the URL should be https',
    };
  if (sys === 'ENOTFOUND' || sys === 'EAI_AGAIN')
    return {
      kind: 'connection-refused',
      message: `The host of ${where} cannot be resolved (${sys}).`,
      fix: 'check the host name in the URL',
    };
  if (typeof status === 'number' && status >= 400)
    return {
      kind: 'http-error',
      message: `${where} answered HTTP ${status}: ${text}`,
      fix: "check the URL and the server's logs",
    };
  if (typeof status === 'number' && status < 0 && status > -33000) {
    return {
      kind: 'jsonrpc-error',
      message: `The server answered with JSON-RPC error ${status}: ${text}`,
      fix: 'the server rejected the request; see its documentation or logs (protocol version or required arguments)',
    };
  }
  return { kind: 'error', message: text, fix: "see the server's documentation or logs" };
}

export function timeoutFailure(seconds: number): Failure {
  return {
    kind: 'timeout',
    message: `No answer to initialize within ${seconds} s.`,
    fix: `the server started but never completed the MCP handshake: check it speaks MCP on this transport, or raise --timeout for slow first starts (npx/uvx downloads)`,
  };
}

function causeText(e: unknown): string {
  const cause = (e as { cause?: unknown })?.cause;
  return cause instanceof Error ? cause.message : '';
}
