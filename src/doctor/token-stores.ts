/**
 * Where each client keeps its MCP OAuth tokens, and what doctor can say about them without
 * printing a value: the store exists, a file store is private (0600), it holds a token for the
 * server, and when that expires. Verified against each client's code (see the notes per store).
 *
 * - Claude Code 2.1.330: `~/.claude/.credentials.json` (`$CLAUDE_CONFIG_DIR`), key `mcpOAuth`, one
 *   entry per `<name>|<hash>` with `serverName`, `serverUrl`, `accessToken`, `refreshToken`,
 *   `expiresAt` (ms); on macOS the Keychain item "Claude Code-credentials" instead.
 * - Gemini CLI 0.61.0: `~/.gemini/mcp-oauth-tokens.json`, a list of `{serverName, token:
 *   {accessToken, refreshToken, expiresAt (ms)}, mcpServerUrl}`, written with mode 0600
 *   (packages/core/src/mcp/oauth-token-storage.ts); an encrypted file with
 *   GEMINI_FORCE_ENCRYPTED_FILE_STORAGE=true.
 * - opencode 1.18.33: `$XDG_DATA_HOME/opencode/mcp-auth.json` (`~/.local/share`), a map by server
 *   name of `{tokens: {accessToken, refreshToken, expiresAt (s)}, serverUrl}`, mode 0600.
 * - Codex: the OS keychain (service "Codex MCP Credentials"), falling back to
 *   `$CODEX_HOME/.credentials.json` (`~/.codex`): a map of `{server_name, server_url, access_token,
 *   refresh_token, expires_at (ms)}`, mode 0600 (codex-rs/rmcp-client/src/oauth.rs).
 * - VS Code and Cursor keep tokens in the editor's secret storage (the OS keychain, encrypted):
 *   not readable by doctor.
 */
import { statSync } from 'node:fs';
import { join } from 'node:path';
import type { PathContext } from '../types.js';
import { readTextFile } from '../fs/files.js';

/** What a token store says about one server. No value, ever. */
export interface TokenHolding {
  /** The file, or a description of a store doctor cannot read. */
  store: string;
  /** False when doctor cannot look inside the store (a keychain). */
  checked: boolean;
  exists?: boolean;
  /** File mode, e.g. `0600`, and whether others can read it. */
  mode?: string;
  private?: boolean;
  held: boolean;
  /** ISO 8601. */
  expiresAt?: string;
  expired?: boolean;
  refreshable?: boolean;
}

interface Found {
  expiresAtMs?: number;
  refreshable: boolean;
}
interface FileStore {
  path(ctx: PathContext): string;
  find(json: unknown, name: string, url: string): Found | undefined;
}

type Rec = Record<string, unknown>;
const isRec = (v: unknown): v is Rec => !!v && typeof v === 'object' && !Array.isArray(v);
const str = (v: unknown) => typeof v === 'string' && v.length > 0;
const num = (v: unknown, scale = 1) => (typeof v === 'number' && v > 0 ? v * scale : undefined);
const sameUrl = (a: unknown, url: string) =>
  typeof a !== 'string' || a.replace(/\/$/, '') === url.replace(/\/$/, '');
const found = (
  access: unknown,
  refresh: unknown,
  expiresAtMs: number | undefined,
): Found | undefined =>
  str(access) || str(refresh)
    ? { ...(expiresAtMs ? { expiresAtMs } : {}), refreshable: str(refresh) }
    : undefined;

const FILE_STORES: Record<string, FileStore> = {
  'claude-code': {
    path: (ctx) =>
      join(ctx.env.CLAUDE_CONFIG_DIR || join(ctx.home, '.claude'), '.credentials.json'),
    find: (json, name, url) => {
      const all =
        isRec(json) && isRec(json.mcpOAuth) ? Object.values(json.mcpOAuth).filter(isRec) : [];
      const e = all.find((v) => v.serverName === name && sameUrl(v.serverUrl, url));
      return e && found(e.accessToken, e.refreshToken, num(e.expiresAt));
    },
  },
  'gemini-cli': {
    path: (ctx) => join(ctx.home, '.gemini', 'mcp-oauth-tokens.json'),
    find: (json, name, url) => {
      const e = (Array.isArray(json) ? json.filter(isRec) : []).find(
        (v) => v.serverName === name && sameUrl(v.mcpServerUrl, url),
      );
      const t = isRec(e?.token) ? e.token : undefined;
      return t && found(t.accessToken, t.refreshToken, num(t.expiresAt));
    },
  },
  opencode: {
    path: (ctx) =>
      join(ctx.env.XDG_DATA_HOME || join(ctx.home, '.local', 'share'), 'opencode', 'mcp-auth.json'),
    find: (json, name, url) => {
      const e = isRec(json) && isRec(json[name]) ? (json[name] as Rec) : undefined;
      const t = e && sameUrl(e.serverUrl, url) && isRec(e.tokens) ? e.tokens : undefined;
      return t && found(t.accessToken, t.refreshToken, num(t.expiresAt, 1000));
    },
  },
  codex: {
    path: (ctx) => join(ctx.env.CODEX_HOME || join(ctx.home, '.codex'), '.credentials.json'),
    find: (json, name, url) => {
      const all = isRec(json) ? Object.values(json).filter(isRec) : [];
      const e = all.find((v) => v.server_name === name && sameUrl(v.server_url, url));
      return e && found(e.access_token, e.refresh_token, num(e.expires_at));
    },
  },
};

/** Stores doctor cannot read, named so the user knows where to look. */
const KEYCHAIN_STORES: Record<string, string> = {
  vscode: "VS Code's secret storage (Accounts menu; the OS keychain)",
  cursor: "Cursor's secret storage (the OS keychain)",
};

/** Whether the client has a token store doctor knows about. */
export function hasTokenStore(client: string): boolean {
  return client in FILE_STORES || client in KEYCHAIN_STORES;
}

/** What the client's own store holds for a server (`name` as in the client's file). */
export function readClientTokens(
  client: string,
  name: string,
  url: string,
  ctx: PathContext,
  now = Date.now(),
): TokenHolding | undefined {
  if (KEYCHAIN_STORES[client])
    return { store: KEYCHAIN_STORES[client]!, checked: false, held: false };
  const fs = FILE_STORES[client];
  if (!fs) return undefined;
  if (client === 'claude-code' && ctx.platform === 'darwin') {
    return {
      store: 'the macOS Keychain item "Claude Code-credentials"',
      checked: false,
      held: false,
    };
  }
  const path = fs.path(ctx);
  let text: string | null;
  try {
    text = readTextFile(path);
  } catch {
    return { store: path, checked: true, exists: true, held: false };
  }
  if (text === null) return { store: path, checked: true, exists: false, held: false };
  const bits = statSync(path).mode & 0o777;
  const mode = {
    mode: bits.toString(8).padStart(4, '0'),
    private: ctx.platform === 'win32' || (bits & 0o077) === 0,
  };
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { store: path, checked: true, exists: true, ...mode, held: false };
  }
  const f = fs.find(json, name, url);
  if (!f) return { store: path, checked: true, exists: true, ...mode, held: false };
  const expiry = f.expiresAtMs
    ? { expiresAt: new Date(f.expiresAtMs).toISOString(), expired: f.expiresAtMs <= now }
    : {};
  return {
    store: path,
    checked: true,
    exists: true,
    ...mode,
    held: true,
    ...expiry,
    refreshable: f.refreshable,
  };
}
