/**
 * The loopback redirect of a login (RFC 8252): a one-request HTTP server on 127.0.0.1, on the
 * stack's `oauth.callback_port` or a port the OS picks, that waits for the authorization server
 * to send the browser back with `code` and `state`.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { McpoError } from '../errors.js';

export const CALLBACK_PATH = '/callback';

/** The redirect URI mcpo registers and sends for a callback port (doctor compares against it). */
export function loopbackRedirectUrl(port: number): string {
  return `http://127.0.0.1:${port}${CALLBACK_PATH}`;
}

export interface Loopback {
  redirectUrl: string;
  /** Resolves with the authorization code of the redirect, or rejects after `timeoutMs`. */
  waitForCode(timeoutMs: number): Promise<string>;
  close(): Promise<void>;
}

const PAGE = (text: string) => `<!doctype html><meta charset="utf-8"><title>mcpo login</title><p>${text}</p>\n`;

/**
 * Listens at once, so a redirect that arrives before anyone waits is kept, not lost.
 * @param state the login's OAuth `state`: a redirect without it is not this login's.
 * @param where names the setting in messages, e.g. `oauth.callback_port of server x in FILE`.
 */
export async function openLoopback(port: number | undefined, state: string, where: string): Promise<Loopback> {
  const server: Server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', (e: NodeJS.ErrnoException) => {
      const busy = e.code === 'EADDRINUSE';
      reject(
        new McpoError('callback-port-busy', `Cannot listen for the login redirect on 127.0.0.1:${port ?? 0}${busy ? ' (in use)' : ''}: ${e.code ?? e.message}.`, {
          hint: port ? `stop what uses port ${port}, or change ${where}` : 'check that this machine allows local listening sockets',
        }),
      );
    });
    server.listen(port ?? 0, '127.0.0.1', () => resolve());
  });
  const redirectUrl = loopbackRedirectUrl((server.address() as AddressInfo).port);
  let settle: { resolve(code: string): void; reject(e: Error): void } | undefined;
  const outcome = new Promise<string>((resolve, reject) => (settle = { resolve, reject }));
  outcome.catch(() => {});
  server.on('request', (req, res) => {
    const url = new URL(req.url ?? '/', redirectUrl);
    // A stray request (a favicon, a stale tab of an earlier login) does not end this one.
    if (url.pathname !== CALLBACK_PATH || url.searchParams.get('state') !== state) {
      res.writeHead(404, { 'content-type': 'text/html' }).end(PAGE('This is not the login mcpo is waiting for.'));
      return;
    }
    const code = url.searchParams.get('code');
    res.writeHead(code ? 200 : 400, { 'content-type': 'text/html', connection: 'close' });
    res.end(PAGE(code ? 'Logged in. You can close this tab and go back to the terminal.' : 'The login was refused; see the terminal.'));
    if (code) return settle!.resolve(code);
    const why = [url.searchParams.get('error'), url.searchParams.get('error_description')].filter(Boolean).join(': ').slice(0, 300);
    settle!.reject(
      new McpoError('login-refused', `The authorization server refused the login (${why || 'no reason given'}).`, {
        hint: 'check the account and the scopes asked for, then run the login again',
      }),
    );
  });
  let timer: NodeJS.Timeout | undefined;
  return {
    redirectUrl,
    waitForCode: (timeoutMs) =>
      Promise.race([
        outcome,
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => {
            reject(
              new McpoError('login-timeout', `No login redirect arrived within ${Math.round(timeoutMs / 1000)} seconds.`, {
                hint: 'run the login again and finish it in the browser, or give it longer with --timeout SECONDS',
              }),
            );
          }, timeoutMs);
        }),
      ]).finally(() => clearTimeout(timer)),
    close: () =>
      new Promise<void>((resolve) => {
        clearTimeout(timer);
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
