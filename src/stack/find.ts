/**
 * Which stack file a command reads when no --stack is given: like git, the nearest
 * `mcp.stack.yaml` from the current folder up to the root, then the user stack. Reads only the
 * injected environment and the file system's existence checks.
 */
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';

/** The stack file's name (load.ts's DEFAULT_STACK_FILE; not imported, so startup stays light). */
const DEFAULT_STACK_FILE = 'mcp.stack.yaml';

/** The fix for a missing stack file, the same wherever one is missing (plan, add, new, ...). */
export const MISSING_STACK_HINT =
  'start one with `mcpo import` (from the servers your clients have today) or `mcpo init`, or pass ' +
  '--stack FILE (without it, mcpo looks here, in the folders above, then in $XDG_CONFIG_HOME/mcpo/)';

export interface FindContext {
  env: Record<string, string | undefined>;
  home: string;
  platform: NodeJS.Platform;
}

/**
 * The user stack, for user-scope commands from any folder: `%APPDATA%\mcpo\mcp.stack.yaml` on
 * Windows, else `$XDG_CONFIG_HOME/mcpo/mcp.stack.yaml` (absolute values only, as XDG says), else
 * `~/.config/mcpo/mcp.stack.yaml`.
 */
export function userStackFile(ctx: FindContext): string {
  if (ctx.platform === 'win32') {
    const appData = ctx.env.APPDATA;
    const base =
      appData && path.win32.isAbsolute(appData)
        ? appData
        : path.win32.join(ctx.home, 'AppData', 'Roaming');
    return path.win32.join(base, 'mcpo', DEFAULT_STACK_FILE);
  }
  const xdg = ctx.env.XDG_CONFIG_HOME;
  const base = xdg && path.posix.isAbsolute(xdg) ? xdg : path.posix.join(ctx.home, '.config');
  return path.posix.join(base, 'mcpo', DEFAULT_STACK_FILE);
}

/** The nearest stack file from `cwd` upwards, then the user stack; null when there is none. */
export function findStackFile(cwd: string, ctx: FindContext): string | null {
  for (let dir = path.resolve(cwd); ; dir = path.dirname(dir)) {
    const file = path.join(dir, DEFAULT_STACK_FILE);
    if (isFile(file)) return file;
    if (path.dirname(dir) === dir) break;
  }
  const user = userStackFile(ctx);
  return isFile(user) ? user : null;
}

function isFile(p: string): boolean {
  return existsSync(p) && statSync(p).isFile();
}
