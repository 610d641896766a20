/**
 * `secrets: launcher` for a remote server in a client that can run a headers helper: a command
 * the client runs when it connects, which prints the request headers as one JSON object. The
 * entry keeps the url and the plain headers; `mcpo run NAME --stack FILE --print-headers`
 * prints the secret ones, resolved (src/commands/run.ts). No bridge, and no value on disk.
 * - Claude Code `headersHelper` (a shell command; its headers win over static ones of the same
 *   name): https://code.claude.com/docs/en/mcp ("Use dynamic headers for custom authentication")
 *   and its config schema (HttpMcpServerSchema / SseMcpServerSchema: `headersHelper: string`).
 * A secret anywhere else (url, oauth) still needs the bridge, so none is offered then.
 */
import { keepSource } from '../stack/keep-source.js';
import type { ServerSpec } from '../types.js';
import { hasSecret } from '../secrets/tokens.js';
import type { LauncherCommand } from './launcher-mode.js';

/** The entry field of each client that has a headers helper. */
const HELPER_FIELD: Record<string, string> = { 'claude-code': 'headersHelper' };

/** One word for a POSIX shell (cmd.exe on Windows): quoted only when it needs to be. */
function shellWord(s: string, platform: NodeJS.Platform): string {
  if (/^[A-Za-z0-9_./:=@%+-]+$/.test(s)) return s;
  return platform === 'win32' ? `"${s.replace(/"/g, '""')}"` : `'${s.replace(/'/g, `'\\''`)}'`;
}

/** The command line a client runs to get `server`'s headers. */
export function printHeadersCommand(
  server: string,
  stackFile: string,
  launcher: LauncherCommand,
  platform = process.platform,
): string {
  return [launcher.node, launcher.entry, 'run', server, '--stack', stackFile, '--print-headers']
    .map((w) => shellWord(w, platform))
    .join(' ');
}

/** The remote server with its secret headers replaced by the client's headers helper, or undefined. */
export function headersHelperServer(
  server: ServerSpec,
  stackFile: string,
  launcher: LauncherCommand,
  client: string,
): ServerSpec | undefined {
  const field = HELPER_FIELD[client];
  if (!field || server.transport === 'stdio' || !hasSecret(server.headers)) return undefined;
  const { headers, clientOptions, ...rest } = server;
  if (hasSecret(rest) || hasSecret(clientOptions)) return undefined;
  const plain = Object.fromEntries(Object.entries(headers ?? {}).filter(([, v]) => !hasSecret(v)));
  const out: ServerSpec = { ...rest, ...(Object.keys(plain).length ? { headers: plain } : {}) };
  out.clientOptions = {
    ...clientOptions,
    [client]: {
      ...clientOptions?.[client],
      [field]: printHeadersCommand(server.name, stackFile, launcher),
    },
  };
  return keepSource(out, server);
}
