/**
 * `secrets: launcher`: the client starts `mcpo run <server> --stack <stack>` instead of the
 * server, and mcpo resolves the secrets at launch time. The client file holds only paths and
 * the names of the variables the client must pass on to `mcpo run` (client-env.ts).
 */
import { keepSource } from '../stack/keep-source.js';
import type { ServerSpec } from '../types.js';
import { secretNamesIn } from '../secrets/tokens.js';
import { launcherForwarding } from './client-env.js';

/** How to start mcpo: the Node binary and mcpo's entry point (dist/cli.cjs), both absolute. */
export interface LauncherCommand {
  node: string;
  entry: string;
}

/**
 * The stdio server `client` is given in place of `server`, with what that client needs to
 * pass the launcher its secrets' variables and the keychain's bus.
 */
export function launcherServer(
  server: ServerSpec,
  stackFile: string,
  launcher: LauncherCommand,
  client = '',
): ServerSpec {
  const out: ServerSpec = {
    name: server.name,
    transport: 'stdio',
    command: launcher.node,
    args: [launcher.entry, 'run', server.name, '--stack', stackFile],
  };
  if (server.disabled !== undefined) out.disabled = server.disabled;
  if (server.timeout !== undefined) out.timeout = server.timeout;
  if (server.clientOptions) out.clientOptions = server.clientOptions;
  const forward = launcherForwarding(client, secretNamesIn(server));
  if (forward.env) out.env = forward.env;
  if (forward.clientOption) {
    const own = { ...server.clientOptions?.[client] };
    const listed = Array.isArray(own[forward.clientOption.key])
      ? (own[forward.clientOption.key] as string[])
      : [];
    own[forward.clientOption.key] = [...new Set([...listed, ...forward.clientOption.value])];
    out.clientOptions = { ...server.clientOptions, [client]: own };
  }
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
