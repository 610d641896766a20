/** `mcpo logout SERVER`: revoke the login where the server allows it (RFC 7009), then forget it. */
import type { Io } from '../io.js';
import type { CommandOptions } from './run-command.js';
import { loadOAuthServer } from './oauth-server.js';
import { logout } from '../auth/logout.js';
import { openKeychain } from '../secrets/keychain.js';

export async function run(opts: CommandOptions, io: Io): Promise<number> {
  const name = opts.server as string;
  const { spec, settings } = await loadOAuthServer(opts.stack as string, name);
  const r = await logout({ url: spec.url, settings }, openKeychain());
  const text = {
    'nothing-held': `mcpo held no login for ${name}; nothing to revoke (any client registration was removed).`,
    revoked: `Revoked the login for ${name} at its authorization server and removed it from the keychain.`,
    unsupported:
      `Removed the login for ${name} from the keychain; its authorization server offers no revocation ` +
      '(RFC 7009), so its tokens stay valid there until they expire.',
    failed: `Removed the login for ${name} from the keychain, but could not revoke it: ${r.problem ?? 'unknown error'}.`,
  }[r.revocation];
  io.err(r.revocation === 'failed' ? `Warning: ${text}` : text);
  return 0;
}
