/**
 * `mcpo login SERVER`: an OAuth 2.1 login for a remote server of the stack (src/auth/login.ts).
 * The authorization URL goes to standard output on a line of its own (a browser is opened as
 * well where there is one); everything else goes to standard error. Tokens go to the keychain.
 */
import type { Io } from '../io.js';
import type { CommandOptions } from './run-command.js';
import { loadOAuthServer } from './oauth-server.js';
import { login } from '../auth/login.js';
import type { Identification } from '../auth/provider.js';
import { openBrowser } from '../auth/browser.js';
import { openKeychain } from '../secrets/keychain.js';
import { hasOwnAuthorization } from '../launcher/oauth.js';
import { McpoError } from '../errors.js';

export const DEFAULT_LOGIN_TIMEOUT_S = 300;

export async function run(opts: CommandOptions, io: Io): Promise<number> {
  const timeout = Number(opts.timeout ?? DEFAULT_LOGIN_TIMEOUT_S);
  if (!Number.isFinite(timeout) || timeout <= 0) {
    const message = `--timeout ${String(opts.timeout)} is not a number of seconds.`;
    throw new McpoError('bad-option', message, {
      hint: 'give a positive number, e.g. --timeout 300',
    });
  }
  const name = opts.server as string;
  const { stack, spec, settings } = await loadOAuthServer(opts.stack as string, name);
  const result = await login({
    server: name,
    url: spec.url,
    settings,
    keychain: openKeychain(),
    timeoutMs: timeout * 1000,
    where: `oauth.callback_port of server ${name} in ${stack.file}`,
    onAuthorizationUrl: async (url) => {
      const redirect = new URL(url).searchParams.get('redirect_uri') ?? 'this machine';
      io.err(
        `To log in to ${name}, open this URL in a browser (mcpo waits ${timeout} s for its redirect to ${redirect}):`,
      );
      io.out(`${url}\n`);
      if (opts.browser !== false && (await openBrowser(url))) io.err('Opened it in your browser.');
    },
  });
  const i = result.info;
  const facts = [
    i.issuer && `issuer ${i.issuer}`,
    `client ${CLIENT_WORDS[result.identification]}`,
    i.scopes.length ? `scopes ${i.scopes.join(' ')}` : undefined,
    i.expires_at ? `expires ${i.expires_at}` : 'no expiry given',
    i.refreshable ? 'refreshable' : 'not refreshable',
  ].filter(Boolean);
  io.err(`Logged in to ${name} (${facts.join(', ')}). The tokens are in the OS keychain.`);
  if (hasOwnAuthorization(spec)) {
    io.err(
      `Note: ${name} sets its own Authorization header in ${stack.file}; \`mcpo run\` sends that, not this login.`,
    );
  }
  return 0;
}

const CLIENT_WORDS: Record<Identification, string> = {
  static: 'from oauth.client_id',
  'metadata-document': 'metadata document',
  registration: 'registered dynamically',
};
