/**
 * Keychain failures as one plain sentence with the fix. The library's own messages (D-Bus
 * errors on Linux) are matched here; see shared/reference/keyring-ci.md for what each means.
 * No message ever carries a secret value: only the library's error text is inspected.
 */
import { McpoError } from '../errors.js';
import type { SessionBus } from './session-bus.js';

export class KeychainError extends McpoError {
  constructor(message: string, hint: string) {
    super('keychain-unavailable', message, { hint });
    this.name = 'KeychainError';
  }
}

export const ENV_ALTERNATIVE = 'or provide the secret as MCPO_SECRET_<NAME> in the environment';

/**
 * Unlocks the login keyring of a gnome-keyring that D-Bus has already started (locked, with no
 * prompt on a headless box): a plain `--unlock` leaves that daemon in charge and locked; only a
 * replacing daemon takes over the bus name. The password must come without a newline, hence
 * `read`; checked against a real auto-started gnome-keyring in secrets-keychain-errors.test.ts.
 */
export const UNLOCK_COMMAND =
  'read -rs PW; printf %s "$PW" | gnome-keyring-daemon --replace --unlock --components=secrets --daemonize';

class Timeout extends Error {}

/** Runs `fn` with an abort signal; rejects with a timeout after `ms`, even if `fn` ignores the signal. */
export function withTimeout<T>(ms: number, fn: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const ctl = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      ctl.abort();
      reject(new Timeout());
    }, ms);
    timer.unref();
  });
  return Promise.race([fn(ctl.signal), expired]).finally(() => clearTimeout(timer));
}

/** `bus`: the session bus mcpo used or looked for (src/secrets/session-bus.ts), on Linux. */
export function keychainError(
  e: unknown,
  env: Record<string, string | undefined>,
  bus?: SessionBus,
): McpoError {
  if (e instanceof McpoError) return e;
  const text = e instanceof Error ? e.message : String(e);
  // The D-Bus library gives up by itself after about 2 s ("Did not receive a reply"): same case.
  if (
    e instanceof Timeout ||
    (e as Error)?.name === 'AbortError' ||
    /Did not receive a reply|org\.freedesktop\.DBus\.Error\.NoReply/.test(text)
  ) {
    return new KeychainError(
      'The OS keychain did not answer within 3 seconds.',
      `check that your keyring service is running and unlocked, ${ENV_ALTERNATIVE}`,
    );
  }
  if (
    /Cannot find (module|package)|MODULE_NOT_FOUND|ERR_MODULE_NOT_FOUND|Failed to load native binding/i.test(
      text,
    )
  ) {
    return new KeychainError(
      'The keychain library @napi-rs/keyring is not installed for this platform.',
      `reinstall mcpo (npm install), ${ENV_ALTERNATIVE}`,
    );
  }
  if (process.platform === 'linux') {
    const address = bus?.address ?? env.DBUS_SESSION_BUS_ADDRESS;
    if (!address) {
      return new KeychainError(
        `There is no D-Bus session bus (DBUS_SESSION_BUS_ADDRESS is not set), so the Secret Service keychain cannot be reached.`,
        `run mcpo inside a desktop session or under \`dbus-run-session\`, ${ENV_ALTERNATIVE}`,
      );
    }
    if (
      /DBUS_SESSION_BUS_ADDRESS|Failed to connect to socket|Connection refused|No such file or directory/i.test(
        text,
      )
    ) {
      return new KeychainError(
        `The D-Bus session bus at ${address} is gone, so the Secret Service keychain cannot be reached.`,
        `log in again or start a new session (\`dbus-run-session\`), ${ENV_ALTERNATIVE}`,
      );
    }
    if (/not provided by any \.service files|ServiceUnknown|NameHasNoOwner/i.test(text)) {
      return new KeychainError(
        'No Secret Service is running on the session bus (such as gnome-keyring or KeePassXC).',
        `install and start one (e.g. \`gnome-keyring-daemon --start --components=secrets\`), ${ENV_ALTERNATIVE}`,
      );
    }
    if (
      /locked|prompt was dismissed|no result found|collection\/login|does not exist at path/i.test(
        text,
      )
    ) {
      return new KeychainError(
        'The keyring is locked, so mcpo cannot read or store secrets in it.',
        `unlock it: log in to the desktop, or (headless, WSL) type its password after \`${UNLOCK_COMMAND}\`, ${ENV_ALTERNATIVE}`,
      );
    }
  }
  if (/denied|locked|interaction not allowed|user canceled/i.test(text)) {
    return new KeychainError(
      'The OS keychain refused access (it may be locked).',
      `unlock it and allow mcpo, ${ENV_ALTERNATIVE}`,
    );
  }
  return new KeychainError(
    `The OS keychain failed: ${text.replace(/\s+/g, ' ').trim()}.`,
    `check that your keychain works (e.g. \`secret-tool\` on Linux), ${ENV_ALTERNATIVE}`,
  );
}
