/**
 * The loopback redirect of a login (RFC 8252): a one-request HTTP server on 127.0.0.1 that waits
 * for the authorization server to send the browser back with `code` and `state`.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { McpoError } from '../errors.js';
import { CALLBACK_PATH, loopbackRedirectUrl } from './redirect.js';

export interface Loopback {
  redirectUrl: string;
  /** Resolves with the authorization code of the redirect, or rejects after `timeoutMs`. */
  waitForCode(timeoutMs: number): Promise<string>;
  close(): Promise<void>;
}

const PAGE = (text: string) =>
  `<!doctype html><meta charset="utf-8"><title>mcpo login</title><p>${text}</p>\n`;

/**
 * Listens at once, so a redirect that arrives before anyone waits is kept, not lost.
 * @param port `oauth.callback_port`, or undefined for a port the OS picks
 * @param state the login's OAuth `state`: a redirect without it is not this login's
 * @param where names the setting in messages, e.g. `oauth.callback_port of server x in FILE`
 */
export async function openLoopback(
  port: number | undefined,
  state: string,
  where: string,
): Promise<Loopback> {
  const server: Server = createServer();
  await listen(server, port, where);
  const redirectUrl = loopbackRedirectUrl((server.address() as AddressInfo).port);
  let settle: { resolve(code: string): void; reject(e: Error): void } | undefined;
  const outcome = new Promise<string>((resolve, reject) => (settle = { resolve, reject }));
  outcome.catch(() => {});
  server.on('request', (req, res) => {
    const url = new URL(req.url ?? '/', redirectUrl);
    // A stray request (a favicon, a stale tab of an earlier login) does not end this one.
    if (url.pathname !== CALLBACK_PATH || url.searchParams.get('state') !== state) {
      res.writeHead(404, { 'content-type': 'text/html' });
      res.end(PAGE('This is not the login mcpo is waiting for.'));
      return;
    }
    const code = url.searchParams.get('code');
    res.writeHead(code ? 200 : 400, { 'content-type': 'text/html', connection: 'close' });
    res.end(
      PAGE(
        code
          ? 'Logged in. You can close this tab and go back to the terminal.'
          : 'The login was refused; see the terminal.',
      ),
    );
    if (code) settle!.resolve(code);
    else settle!.reject(refused(url.searchParams));
  });
  let timer: NodeJS.Timeout | undefined;
  const timeout = (ms: number) =>
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(timedOut(ms)), ms);
    });
  return {
    redirectUrl,
    waitForCode: (ms) => Promise.race([outcome, timeout(ms)]).finally(() => clearTimeout(timer)),
    close: () =>
      new Promise<void>((resolve) => {
        clearTimeout(timer);
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function listen(server: Server, port: number | undefined, where: string): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    server.once('error', (e: NodeJS.ErrnoException) => {
      const busy = e.code === 'EADDRINUSE' ? ' (in use)' : '';
      const hint = port
        ? `stop what uses port ${port}, or change ${where}`
        : 'check that local listening sockets are allowed';
      const message = `Cannot listen for the login redirect on 127.0.0.1:${port ?? 0}${busy}: ${e.code ?? e.message}.`;
      reject(new McpoError('callback-port-busy', message, { hint }));
    });
    server.listen(port ?? 0, '127.0.0.1', () => resolve());
  });
}

function refused(params: URLSearchParams): McpoError {
  const why = [params.get('error'), params.get('error_description')]
    .filter(Boolean)
    .join(': ')
    .slice(0, 300);
  return new McpoError(
    'login-refused',
    `The authorization server refused the login (${why || 'no reason given'}).`,
    {
      hint: 'check the account and the scopes asked for, then run the login again',
    },
  );
}

function timedOut(ms: number): McpoError {
  return new McpoError(
    'login-timeout',
    `No login redirect arrived within ${Math.round(ms / 1000)} seconds.`,
    {
      hint: 'run the login again and finish it in the browser, or give it longer with --timeout SECONDS',
    },
  );
}
