/**
 * OAuth for `mcpo run`'s remote bridge (issue 14): the tokens of `mcpo login`, from the keychain,
 * on every request; refreshed before they expire and when the server answers 401 (the SDK's
 * transport calls `auth()`, which refreshes); and where no login works, an error that says the
 * exact command to run. So an OAuth server works in any client that can start a stdio command.
 */
import type { ServerSpec } from '../types.js';
import { KeychainOAuthProvider, type OAuthSettings } from '../auth/provider.js';
import { TokenStore } from '../auth/store.js';
import { loopbackRedirectUrl } from '../auth/redirect.js';
import { loadAuthSdk } from '../auth/sdk.js';
import { openKeychain } from '../secrets/keychain.js';
import { McpoError } from '../errors.js';
import type { RemoteAuth } from './remote-transport.js';

/** True when the stack sends its own credentials (an API key header): mcpo's login is not used. */
export function hasOwnAuthorization(spec: ServerSpec): boolean {
  return Object.keys(spec.headers ?? {}).some((h) => h.toLowerCase() === 'authorization');
}

/**
 * The auth hook for a remote server's transport, or undefined when the stack sets an
 * Authorization header. `spec` has its secrets resolved (the static client's secret);
 * `secretSink` receives the token values read, so the bridge masks them in every message.
 */
export async function launcherAuth(
  spec: ServerSpec,
  stackFile: string,
  secretSink: string[],
  env = process.env,
): Promise<RemoteAuth | undefined> {
  if (hasOwnAuthorization(spec) || !spec.url) return undefined;
  const needLogin = (why: 'none' | 'refused', keychain?: McpoError) =>
    loginNeeded(spec, stackFile, why, keychain);
  const settings: OAuthSettings = { ...spec.oauth };
  const provider = new KeychainOAuthProvider(
    {
      url: spec.url,
      store: new TokenStore(openKeychain(undefined, env)),
      settings,
      // Never used to authorize (the launcher never starts a login); the SDK wants one to exist.
      redirectUrl: loopbackRedirectUrl(settings.callbackPort ?? 0),
      mode: 'launcher',
      needLogin,
      secretSink,
    },
    await loadAuthSdk(),
  );
  return { provider, beforeRequest: () => provider.ensureFresh() };
}

/** The message names the command, so it reads whole wherever the bridge shows only a message. */
function loginNeeded(
  spec: ServerSpec,
  stackFile: string,
  why: 'none' | 'refused',
  keychain?: McpoError,
): McpoError {
  const command = `mcpo login ${spec.name} --stack ${stackFile}`;
  const name = spec.name;
  const what =
    why === 'refused'
      ? `The OAuth login for server ${name} has expired and its authorization server refused to refresh it.`
      : keychain
        ? `Server ${name} needs an OAuth login, and the keychain that holds it could not be read: ${keychain.message}`
        : `Server ${name} needs an OAuth login, and mcpo holds none for ${spec.url}.`;
  return new McpoError('login-required', `${what} Run \`${command}\`.`, {
    hint: `run \`${command}\`, then restart the client's session`,
  });
}
