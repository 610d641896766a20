/**
 * The user's D-Bus session bus, which the Linux Secret Service is reached through. Clients start
 * servers with a trimmed environment (Codex keeps a fixed list; Claude Desktop and others start
 * from a login session's environment), so `mcpo run` often has no DBUS_SESSION_BUS_ADDRESS even
 * though the bus is there. systemd and dbus-broker put it at a standard per-user socket:
 * `$XDG_RUNTIME_DIR/bus`, and XDG_RUNTIME_DIR is `/run/user/<uid>`
 * (https://www.freedesktop.org/software/systemd/man/latest/pam_systemd.html, "XDG_RUNTIME_DIR";
 * https://dbus.freedesktop.org/doc/dbus-specification.html, "Well-known Message Bus Instances").
 */
import { statSync } from 'node:fs';

/** Where the bus address came from, for messages: the variable, or the socket mcpo found. */
export type SessionBus =
  | { address: string; from: 'variable' }
  | { address: string; from: 'socket'; socket: string }
  | { address?: undefined; from: 'none'; looked: string[] };

/** Where the per-user bus socket may be, in the order tried. */
export function busSocketCandidates(
  env: Record<string, string | undefined>,
  uid: number | undefined,
): string[] {
  const out: string[] = [];
  const runtime = env.XDG_RUNTIME_DIR;
  if (runtime && runtime.startsWith('/')) out.push(`${runtime.replace(/\/+$/, '')}/bus`);
  if (uid !== undefined) out.push(`/run/user/${uid}/bus`);
  return [...new Set(out)];
}

function isSocket(path: string): boolean {
  try {
    return statSync(path).isSocket();
  } catch {
    return false;
  }
}

/**
 * The session bus for this environment: DBUS_SESSION_BUS_ADDRESS when set, else the first
 * standard socket that exists. `exists` is injectable for tests of the order.
 */
export function findSessionBus(
  env: Record<string, string | undefined>,
  uid: number | undefined = process.getuid?.(),
  exists: (path: string) => boolean = isSocket,
): SessionBus {
  const set = env.DBUS_SESSION_BUS_ADDRESS;
  if (set) return { address: set, from: 'variable' };
  const looked = busSocketCandidates(env, uid);
  const socket = looked.find(exists);
  return socket
    ? { address: `unix:path=${socket}`, from: 'socket', socket }
    : { from: 'none', looked };
}

/**
 * Makes the bus findable by the native keychain library, which reads DBUS_SESSION_BUS_ADDRESS
 * from the real process environment: when `env` has no address and a standard socket exists,
 * the address is set in `process.env` (unless that has one already). Linux only; called before
 * every keychain access (src/secrets/keychain.ts). Returns what was found, for error messages.
 */
export function exportSessionBus(
  env: Record<string, string | undefined>,
  platform = process.platform,
): SessionBus | undefined {
  if (platform !== 'linux') return undefined;
  const bus = findSessionBus(env);
  if (bus.from === 'socket' && !process.env.DBUS_SESSION_BUS_ADDRESS)
    process.env.DBUS_SESSION_BUS_ADDRESS = bus.address;
  return bus;
}
