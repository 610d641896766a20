/**
 * `mcpo auth status [--json]`: for each remote server of the stack, what mcpo's keychain holds
 * (src/auth/store.ts `tokenInfo`): logged in, issuer, scopes, expiry, refresh. Never a token.
 * JSON: `{"format_version": 1, "servers": [{server, url, logged_in, issuer, scopes, expires_at,
 * refreshable}]}`, `null` where there is no issuer or expiry.
 */
import type { Io } from '../io.js';
import type { CommandOptions } from './run-command.js';
import type { TokenInfo } from '../auth/contract.js';
import { openSession, stackArg } from './session.js';
import { isRemote } from './oauth-server.js';
import { TokenStore, tokenInfo } from '../auth/store.js';
import { openKeychain } from '../secrets/keychain.js';

export async function run(opts: CommandOptions, io: Io): Promise<number> {
  const { stack } = await openSession({ stack: opts.stack as string, secrets: false });
  const store = new TokenStore(openKeychain());
  const now = new Date();
  const infos: TokenInfo[] = [];
  for (const spec of Object.values(stack.servers)) {
    if (isRemote(spec))
      infos.push(tokenInfo(spec.name, spec.url, await store.tokens(spec.url), now));
  }
  io.out(
    opts.json
      ? renderAuthJson(infos)
      : renderAuthText(infos, stack.file, stackArg(opts.stack as string | undefined)),
  );
  return 0;
}

export function renderAuthJson(infos: TokenInfo[]): string {
  const servers = infos.map((i) => ({
    server: i.server,
    url: i.url,
    logged_in: i.logged_in,
    issuer: i.issuer ?? null,
    scopes: i.scopes,
    expires_at: i.expires_at ?? null,
    refreshable: i.refreshable,
  }));
  return JSON.stringify({ format_version: 1, servers }, null, 2) + '\n';
}

/** `stackArg`: `--stack FILE` when the login command needs it to find this stack. */
export function renderAuthText(infos: TokenInfo[], file: string, stackArg = ''): string {
  if (!infos.length) return `No remote servers in ${file}.\n`;
  const rows = [
    ['SERVER', 'LOGGED IN', 'ISSUER', 'SCOPES', 'EXPIRES', 'REFRESH'],
    ...infos.map((i) => [
      i.server,
      i.logged_in ? 'yes' : 'no',
      i.issuer ?? '-',
      i.scopes.join(' ') || '-',
      i.expires_at ?? '-',
      i.refreshable ? 'yes' : 'no',
    ]),
  ];
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
  const pad = (r: string[]) =>
    r.map((cell, c) => (c === r.length - 1 ? cell : cell.padEnd(widths[c]!)));
  const lines = rows.map((r) => pad(r).join('  '));
  const hint = infos.some((i) => !i.logged_in)
    ? ['', `Log in with: mcpo login SERVER${stackArg ? ` ${stackArg}` : ''}`]
    : [];
  return [...lines, ...hint].join('\n') + '\n';
}
