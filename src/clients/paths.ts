import path from 'node:path';
import type { PathContext } from '../types.js';

/**
 * Per-platform folders, computed from an injected PathContext. We pick `path.win32` or
 * `path.posix` from `ctx.platform`, never the host default, so tests can ask for any platform.
 */

export function pathFor(ctx: PathContext): path.PlatformPath {
  return ctx.platform === 'win32' ? path.win32 : path.posix;
}

export function joinFor(ctx: PathContext, ...parts: string[]): string {
  return pathFor(ctx).join(...parts);
}

/** Environment lookup; case-insensitive on Windows, where `Appdata` and `APPDATA` are the same variable. */
export function envVar(ctx: PathContext, name: string): string | undefined {
  const direct = ctx.env[name];
  if (direct || ctx.platform !== 'win32') return direct || undefined;
  const key = Object.keys(ctx.env).find((k) => k.toUpperCase() === name.toUpperCase());
  return (key && ctx.env[key]) || undefined;
}

/** An environment folder only counts when absolute; a relative one would depend on the cwd. */
function absoluteEnv(ctx: PathContext, name: string): string | undefined {
  const v = envVar(ctx, name);
  return v && pathFor(ctx).isAbsolute(v) ? v : undefined;
}

/** `%APPDATA%` (Roaming), falling back to `~/AppData/Roaming`. */
export function appDataDir(ctx: PathContext): string {
  return absoluteEnv(ctx, 'APPDATA') ?? joinFor(ctx, ctx.home, 'AppData', 'Roaming');
}

/** `%LOCALAPPDATA%`, falling back to `~/AppData/Local`. */
export function localAppDataDir(ctx: PathContext): string {
  return absoluteEnv(ctx, 'LOCALAPPDATA') ?? joinFor(ctx, ctx.home, 'AppData', 'Local');
}

/** `$XDG_CONFIG_HOME` when absolute (the XDG spec says to ignore relative values), else `~/.config`. */
export function xdgConfigHome(ctx: PathContext): string {
  return absoluteEnv(ctx, 'XDG_CONFIG_HOME') ?? joinFor(ctx, ctx.home, '.config');
}

/** `~/Library/Application Support` (macOS). */
export function macAppSupport(ctx: PathContext): string {
  return joinFor(ctx, ctx.home, 'Library', 'Application Support');
}

/**
 * VS Code's default-profile user folder (`Code/User`), under which extensions keep globalStorage.
 * Insiders, VSCodium and forks use another app folder; we target stable VS Code only.
 */
export function codeUserDir(ctx: PathContext): string {
  if (ctx.platform === 'darwin') return joinFor(ctx, macAppSupport(ctx), 'Code', 'User');
  if (ctx.platform === 'win32') return joinFor(ctx, appDataDir(ctx), 'Code', 'User');
  return joinFor(ctx, xdgConfigHome(ctx), 'Code', 'User');
}
