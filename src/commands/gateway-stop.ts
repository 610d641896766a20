/**
 * `mcpo gateway stop`: stops the per-user gateway daemon (SIGTERM to the pid it wrote beside its
 * socket); it stops its backends and removes its status files. Clients' gateways start a new one
 * on their next message. Nothing running is not an error.
 */
import { readFileSync } from 'node:fs';
import type { Io } from '../io.js';
import type { CommandOptions } from './run-command.js';
import { realPathContext } from '../context.js';
import { isProcessAlive } from '../pid.js';
import { daemonSocket, pidFileOf } from '../gateway/daemon.js';

const STOP_WAIT_MS = 5_000;

export async function run(_opts: CommandOptions, io: Io): Promise<number> {
  const env = process.env;
  const socket = daemonSocket(env, realPathContext(env, process.cwd()).home);
  let pid = 0;
  try {
    pid = Number.parseInt(readFileSync(pidFileOf(socket), 'utf8'), 10);
  } catch {
    // No pid file: no daemon.
  }
  if (!pid || !isProcessAlive(pid)) {
    io.out('No gateway daemon is running.\n');
    return 0;
  }
  process.kill(pid, 'SIGTERM');
  for (let waited = 0; waited < STOP_WAIT_MS && isProcessAlive(pid); waited += 50)
    await new Promise((r) => setTimeout(r, 50));
  io.out(
    isProcessAlive(pid)
      ? `The gateway daemon (pid ${pid}) is still stopping its backends.\n`
      : `Stopped the gateway daemon (pid ${pid}).\n`,
  );
  return 0;
}
