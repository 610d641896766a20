/**
 * The OS keychain (macOS Keychain, Windows Credential Manager, Linux Secret Service) through
 * @napi-rs/keyring: https://github.com/Brooooooklyn/keyring-node (index.d.ts is the reference).
 * Entries: service `mcpo`, account NAME, or `<namespace>/NAME` when the stack sets
 * `secrets_namespace`. The native module is loaded only when a value is actually needed.
 */
import { createRequire } from 'node:module';
import { keychainError, withTimeout } from './keychain-errors.js';
import { exportSessionBus } from './session-bus.js';

type Keyring = typeof import('@napi-rs/keyring');

export const KEYCHAIN_SERVICE = 'mcpo';
/** A keychain that does not answer within this time is reported, not waited on. */
export const KEYCHAIN_TIMEOUT_MS = 3000;
/** On Linux, never fall back to the kernel keyring (its entries expire) when the Secret Service is absent. */
const ENTRY_OPTIONS = { linux: { store: 'secret-service' as const } };
/** An account nobody stores (`:` is not allowed in secret names): looking it up only checks that the keychain answers. */
const PROBE_ACCOUNT = ':probe';

export interface Keychain {
  get(name: string): Promise<string | undefined>;
  set(name: string, value: string): Promise<void>;
  /** True when an entry was deleted, false when there was none. */
  remove(name: string): Promise<boolean>;
  /** Names (without namespace) of every entry under this namespace. Never values. */
  list(): Promise<string[]>;
}

export function keychainAccount(name: string, namespace?: string): string {
  return namespace ? `${namespace}/${name}` : name;
}

let loaded: Promise<Keyring> | undefined;
function keyring(): Promise<Keyring> {
  // A CommonJS package: require() skips Node's ESM loader, which costs more than the native module
  // itself (25-75 ms against 7-15 ms here) and delays every `mcpo run` that reads the keychain.
  loaded ??= Promise.resolve().then(
    () => createRequire(import.meta.url)('@napi-rs/keyring') as Keyring,
  );
  return loaded;
}

export function openKeychain(
  namespace?: string,
  env: Record<string, string | undefined> = process.env,
): Keychain {
  const call = async <T>(what: (k: Keyring, signal: AbortSignal) => Promise<T>): Promise<T> => {
    // Every access, not only the first: the user's bus may appear after mcpo started.
    const bus = exportSessionBus(env);
    try {
      const k = await keyring();
      return await withTimeout(KEYCHAIN_TIMEOUT_MS, (signal) => what(k, signal));
    } catch (e) {
      throw keychainError(e, env, bus);
    }
  };
  const entry = (k: Keyring, name: string) =>
    new k.AsyncEntry(KEYCHAIN_SERVICE, keychainAccount(name, namespace), ENTRY_OPTIONS);
  return {
    get: (name) =>
      call(async (k, signal) => (await entry(k, name).getPassword(signal)) ?? undefined),
    set: (name, value) => call((k, signal) => entry(k, name).setPassword(value, signal)),
    remove: (name) => call((k, signal) => entry(k, name).deleteCredential(signal)),
    list: () =>
      call(async (k, signal) => {
        // The listing has no D-Bus reply timeout of its own: against a Secret Service that never
        // answers it blocks a libuv thread for ever, and Node cannot exit until that thread returns
        // (our timeout reports it, but the process hangs). A lookup first, which gives up after 2 s.
        await entry(k, PROBE_ACCOUNT).getPassword(signal);
        // The listing returns passwords too; only account names leave this function.
        const found = await k.findCredentialsAsync(KEYCHAIN_SERVICE, null, signal);
        const prefix = namespace ? `${namespace}/` : '';
        const names = found
          .map((c) => c.account)
          .filter((a) => (prefix ? a.startsWith(prefix) : !a.includes('/')));
        return [...new Set(names.map((a) => a.slice(prefix.length)))].sort();
      }),
  };
}
