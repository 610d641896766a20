/**
 * The redirect URI of mcpo's logins: loopback, 127.0.0.1 rather than `localhost` (RFC 8252
 * section 8.3: no name resolution, no IPv6 surprise), path /callback, on the stack's
 * `oauth.callback_port` or a port the OS picks. Doctor compares clients' settings against it.
 */
export const CALLBACK_PATH = '/callback';

export function loopbackRedirectUrl(port: number): string {
  return `http://127.0.0.1:${port}${CALLBACK_PATH}`;
}

/**
 * Whether a registered redirect URI serves for the wanted one: the same, or a loopback one on
 * another port (RFC 8252 section 7.3: the server must accept any port there).
 */
export function sameLoopbackTarget(registered: string, wanted: string): boolean {
  if (registered === wanted) return true;
  try {
    const [a, b] = [new URL(registered), new URL(wanted)];
    a.port = b.port = '';
    return a.hostname === '127.0.0.1' && a.href === b.href;
  } catch {
    return false;
  }
}
