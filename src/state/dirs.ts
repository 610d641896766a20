import path from 'node:path';
import type { PathContext } from '../types.js';

/**
 * The per-machine state folder of mcpo. Only the injected context is read, so tests never
 * touch the real user's folder.
 * - Windows: `%LOCALAPPDATA%\mcpo`, else `<home>\AppData\Local\mcpo`.
 * - Elsewhere: `$XDG_STATE_HOME/mcpo` when it is absolute (the XDG spec says to ignore
 *   relative values), else `~/.local/state/mcpo`.
 */
export function stateDir(ctx: Pick<PathContext, 'platform' | 'env' | 'home'>): string {
  if (ctx.platform === 'win32') {
    const local = ctx.env.LOCALAPPDATA;
    const base =
      local && path.win32.isAbsolute(local) ? local : path.win32.join(ctx.home, 'AppData', 'Local');
    return path.win32.join(base, 'mcpo');
  }
  const xdg = ctx.env.XDG_STATE_HOME;
  const base =
    xdg && path.posix.isAbsolute(xdg) ? xdg : path.posix.join(ctx.home, '.local', 'state');
  return path.posix.join(base, 'mcpo');
}
