/**
 * `secrets: launcher`: the client starts `mcpo run <server> --stack <stack>` instead of the
 * server, and mcpo resolves the secrets at launch time. The client file holds only paths.
 */
import { keepSource } from '../stack/keep-source.js';
import type { ServerSpec } from '../types.js';

/** How to start mcpo: the Node binary and mcpo's entry point (dist/cli.cjs), both absolute. */
export interface LauncherCommand {
  node: string;
  entry: string;
}

/** The stdio server a client is given in place of `server`. */
export function launcherServer(server: ServerSpec, stackFile: string, launcher: LauncherCommand): ServerSpec {
  const out: ServerSpec = {
    name: server.name,
    transport: 'stdio',
    command: launcher.node,
    args: [launcher.entry, 'run', server.name, '--stack', stackFile],
  };
  if (server.disabled !== undefined) out.disabled = server.disabled;
  if (server.timeout !== undefined) out.timeout = server.timeout;
  if (server.clientOptions) out.clientOptions = server.clientOptions;
  return keepSource(out, server);
}

/**
 * mcpo's own entry point. The loader (dist/cli.cjs) records its real path in a global; outside
 * the built CLI (tests importing the sources) the script Node was started with stands in.
 */
export function currentLauncher(): LauncherCommand {
  const entry = (globalThis as { __mcpoEntry?: string }).__mcpoEntry ?? process.argv[1] ?? '';
  return { node: process.execPath, entry };
}
