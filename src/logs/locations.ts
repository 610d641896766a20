/**
 * Where each client writes its own MCP log, as data: client id -> locator. A locator lists the
 * candidate files for one server (newest first) and the folders it looked in; a client that keeps
 * no log file has a `none` sentence instead. Each entry names its source.
 */
import type { PathContext } from '../types.js';
import { getClient } from '../clients/index.js';
import {
  appDataDir,
  envVar,
  joinFor,
  localAppDataDir,
  macAppSupport,
  pathFor,
  xdgConfigHome,
} from '../clients/paths.js';
import { listDir, newestFirst, newestLogBelow, newestSubdir } from './files.js';

/** One log file; `mixed` when it holds lines of every server (shown filtered by the server name). */
export interface LogFile {
  path: string;
  mixed: boolean;
  /** Lines that do not start with a timestamp are the server's own stderr (Claude Desktop). */
  rawStderr?: boolean;
}

export interface LogLocation {
  files: LogFile[];
  /** Folders or files looked at, for the "no log found" message. */
  searched: string[];
}

export type LogLocator =
  | { locate(server: string, ctx: PathContext): LogLocation }
  | { none: string };

const installDir = (id: string, ctx: PathContext) => getClient(id)!.installDir(ctx);
const existing = (ctx: PathContext, files: LogFile[]) => files.filter((f) => ctx.exists(f.path));

/** `XDG_*` folders honoured only when absolute, like the client paths. */
function xdg(ctx: PathContext, name: string, fallback: string[]): string {
  const v = envVar(ctx, name);
  return v && pathFor(ctx).isAbsolute(v) ? v : joinFor(ctx, ctx.home, ...fallback);
}

/**
 * Claude Desktop: https://modelcontextprotocol.io/docs/develop/connect-local-servers ("Getting logs
 * from Claude for Desktop": `mcp.log` and `mcp-server-NAME.log`, ~/Library/Logs/Claude on macOS,
 * %APPDATA%\Claude\logs on Windows). Linux has no official build; the community builds
 * (github.com/aaddrick/claude-desktop-debian) keep Electron's userData, ~/.config/Claude, and its logs/.
 */
function claudeDesktopLogDir(ctx: PathContext): string {
  if (ctx.platform === 'darwin') return joinFor(ctx, ctx.home, 'Library', 'Logs', 'Claude');
  return joinFor(ctx, installDir('claude-desktop', ctx), 'logs');
}

/**
 * Claude Code: `<cache>/claude-cli-nodejs/<cwd with every non-alphanumeric as ->/mcp-logs-NAME/<time>.jsonl`
 * (https://github.com/anthropics/claude-code/issues/72, #69427; checked with claude 2.1.330 here:
 * `claude mcp list` wrote `.cache/claude-cli-nodejs/-tmp-x-proj/mcp-logs-broken/2026-…Z.jsonl`).
 * The cache folder is env-paths': ~/Library/Caches on macOS, %LOCALAPPDATA%\…\Cache on Windows.
 */
function claudeCodeLogs(server: string, ctx: PathContext): LogLocation {
  const root =
    ctx.platform === 'darwin'
      ? joinFor(ctx, ctx.home, 'Library', 'Caches', 'claude-cli-nodejs')
      : ctx.platform === 'win32'
        ? joinFor(ctx, localAppDataDir(ctx), 'claude-cli-nodejs', 'Cache')
        : joinFor(ctx, xdg(ctx, 'XDG_CACHE_HOME', ['.cache']), 'claude-cli-nodejs');
  const sanitize = (s: string) => s.replace(/[^a-zA-Z0-9]/g, '-');
  const here = sanitize(ctx.projectDir);
  // The project folder's logs first, then every other project's, newest file first in each.
  const projects = listDir(ctx, root).sort((a, b) => Number(b === here) - Number(a === here));
  const files: LogFile[] = [];
  for (const p of projects) {
    const dir = joinFor(ctx, root, p, `mcp-logs-${sanitize(server)}`);
    const newest = newestFirst(ctx, dir, (n) => n.endsWith('.jsonl') || n.endsWith('.txt'))[0];
    if (newest) files.push({ path: newest, mixed: false });
  }
  return {
    files: files.slice(0, 1),
    searched: [joinFor(ctx, root, here, `mcp-logs-${sanitize(server)}`)],
  };
}

/**
 * VS Code: each server has an output channel saved as `logs/<session>/window<N>/mcpServer.mcp.config.<where>.NAME.log`
 * (`usrlocal` for the user file, `ws0` for the workspace). Source: microsoft/vscode
 * src/vs/workbench/contrib/mcp (McpServer output channel), and the files as users list them.
 */
function codeStyleLogs(
  appDir: string,
  server: string,
  ctx: PathContext,
  extra: (windowDir: string) => string[] = () => [],
): LogLocation {
  const logs = joinFor(ctx, appDir, 'logs');
  const session = newestSubdir(ctx, logs);
  if (!session) return { files: [], searched: [logs] };
  const files: LogFile[] = [];
  for (const w of listDir(ctx, session)
    .filter((n) => n.startsWith('window'))
    .sort()) {
    const win = joinFor(ctx, session, w);
    for (const f of newestFirst(
      ctx,
      win,
      (n) => n.startsWith('mcpServer.') && n.endsWith(`.${server}.log`),
    ))
      files.push({ path: f, mixed: false });
    for (const dir of extra(win))
      for (const f of newestFirst(ctx, dir, (n) => n.includes(server) && n.endsWith('.log')))
        files.push({ path: f, mixed: false });
  }
  return { files, searched: [session] };
}

function codeAppDir(ctx: PathContext, name: string): string {
  if (ctx.platform === 'darwin') return joinFor(ctx, macAppSupport(ctx), name);
  if (ctx.platform === 'win32') return joinFor(ctx, appDataDir(ctx), name);
  return joinFor(ctx, xdgConfigHome(ctx), name);
}

/** Newest `*.log` in one folder, a log shared by every server. */
function newestMixed(dir: string, ctx: PathContext): LogLocation {
  const newest = newestFirst(ctx, dir, (n) => n.endsWith('.log'))[0];
  return { files: newest ? [{ path: newest, mixed: true }] : [], searched: [dir] };
}

function oneMixed(path: string, ctx: PathContext): LogLocation {
  return { files: existing(ctx, [{ path, mixed: true }]), searched: [path] };
}

const NO_FILE = (where: string) => `keeps no MCP log file (${where})`;

/** Client id -> where its MCP log is. Clients not listed keep none that we know of. */
const logLocators: Record<string, LogLocator> = {
  'claude-desktop': {
    locate(server, ctx) {
      const dir = claudeDesktopLogDir(ctx);
      const files = existing(ctx, [
        { path: joinFor(ctx, dir, `mcp-server-${server}.log`), mixed: false, rawStderr: true },
        { path: joinFor(ctx, dir, 'mcp.log'), mixed: true },
      ]);
      return { files, searched: [dir] };
    },
  },
  'claude-code': { locate: claudeCodeLogs },
  vscode: { locate: (server, ctx) => codeStyleLogs(codeAppDir(ctx, 'Code'), server, ctx) },
  // Cursor is a VS Code fork; its MCP extension (anysphere.cursor-mcp) logs per server under the
  // extension host folder ("MCP user-NAME.log"), https://forum.cursor.com/ "Output > MCP Logs".
  cursor: {
    locate: (server, ctx) =>
      codeStyleLogs(codeAppDir(ctx, 'Cursor'), server, ctx, (w) => [
        joinFor(ctx, w, 'exthost', 'anysphere.cursor-mcp'),
      ]),
  },
  windsurf: { locate: (server, ctx) => codeStyleLogs(codeAppDir(ctx, 'Windsurf'), server, ctx) },
  // Codex TUI: "log messages are written to ~/.codex/log/codex-tui.log" (openai/codex docs/advanced.md).
  codex: {
    locate: (_s, ctx) =>
      oneMixed(joinFor(ctx, installDir('codex', ctx), 'log', 'codex-tui.log'), ctx),
  },
  // opencode: ~/.local/share/opencode/log/<time>.log, newest 10 kept (https://opencode.ai/docs/troubleshooting/).
  opencode: {
    locate: (_s, ctx) =>
      newestMixed(
        joinFor(ctx, xdg(ctx, 'XDG_DATA_HOME', ['.local', 'share']), 'opencode', 'log'),
        ctx,
      ),
  },
  // Copilot CLI: session logs in ~/.copilot/logs (github/copilot-cli issues #26, #129; `--log-dir`).
  'copilot-cli': {
    locate: (_s, ctx) => newestMixed(joinFor(ctx, installDir('copilot-cli', ctx), 'logs'), ctx),
  },
  // Zed: ~/Library/Logs/Zed/Zed.log on macOS, ~/.local/share/zed/logs/Zed.log on Linux (zed.dev/docs/troubleshooting).
  zed: {
    locate: (_s, ctx) =>
      oneMixed(
        ctx.platform === 'darwin'
          ? joinFor(ctx, ctx.home, 'Library', 'Logs', 'Zed', 'Zed.log')
          : ctx.platform === 'win32'
            ? joinFor(ctx, localAppDataDir(ctx), 'Zed', 'logs', 'Zed.log')
            : joinFor(
                ctx,
                xdg(ctx, 'XDG_DATA_HOME', ['.local', 'share']),
                'zed',
                'logs',
                'Zed.log',
              ),
        ctx,
      ),
  },
  // Goose: ~/.local/state/goose/logs/{cli,server}/<date>/ (block.github.io/goose/docs/guides/logs): the newest file.
  goose: {
    locate(_s, ctx) {
      const dir = joinFor(ctx, xdg(ctx, 'XDG_STATE_HOME', ['.local', 'state']), 'goose', 'logs');
      const newest = newestLogBelow(ctx, dir, 2);
      return { files: newest ? [{ path: newest, mixed: true }] : [], searched: [dir] };
    },
  },
  'gemini-cli': {
    none: NO_FILE(
      'it prints MCP errors in the session; start it with `gemini --debug` to see them',
    ),
  },
  'qwen-code': {
    none: NO_FILE('it prints MCP errors in the session; start it with `qwen --debug` to see them'),
  },
  cline: {
    none: NO_FILE(
      'its MCP errors show in the MCP Servers view and VS Code\'s Output panel, channel "Cline"',
    ),
  },
  'roo-code': {
    none: NO_FILE(
      'its MCP errors show in the MCP Servers view and VS Code\'s Output panel, channel "Roo-Code"',
    ),
  },
};

/** The locator for a client, or a `none` sentence for clients whose log we do not know. */
export function logLocator(id: string): LogLocator {
  return logLocators[id] ?? { none: 'keeps no MCP log file that mcpo knows of' };
}
