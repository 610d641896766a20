import { statSync, type Stats } from 'node:fs';
import type { PathContext } from '../types.js';
import { joinFor } from '../clients/paths.js';

/** Names in a folder; [] when it is absent or unreadable (a log folder is often not there yet). */
export function listDir(ctx: PathContext, dir: string): string[] {
  try {
    return ctx.readdir(dir);
  } catch {
    return [];
  }
}

/** Files of a folder that pass `keep`, newest (modification time) first; [] when the folder is absent. */
export function newestFirst(
  ctx: PathContext,
  dir: string,
  keep: (name: string) => boolean,
): string[] {
  const withTime: { path: string; mtime: number }[] = [];
  for (const name of listDir(ctx, dir)) {
    if (!keep(name)) continue;
    const path = joinFor(ctx, dir, name);
    const st = statOrNull(path);
    if (st?.isFile()) withTime.push({ path, mtime: st.mtimeMs });
  }
  return withTime
    .sort((a, b) => b.mtime - a.mtime || b.path.localeCompare(a.path))
    .map((f) => f.path);
}

/**
 * Newest `*.log` anywhere below `dir`, at most `depth` folders down (Goose keeps
 * `logs/cli/<date>/<time>.log`).
 */
export function newestLogBelow(ctx: PathContext, dir: string, depth: number): string | undefined {
  let best: { path: string; mtime: number } | undefined;
  const visit = (d: string, left: number) => {
    for (const name of listDir(ctx, d)) {
      const path = joinFor(ctx, d, name);
      const st = statOrNull(path);
      if (st?.isDirectory() && left > 0) visit(path, left - 1);
      else if (st?.isFile() && name.endsWith('.log') && (!best || st.mtimeMs > best.mtime))
        best = { path, mtime: st.mtimeMs };
    }
  };
  visit(dir, depth);
  return best?.path;
}

/** The last sub-folder by name: VS Code-style session folders are named by start time (`20250617T120343`). */
export function newestSubdir(ctx: PathContext, dir: string): string | undefined {
  const names = listDir(ctx, dir)
    .filter((n) => statOrNull(joinFor(ctx, dir, n))?.isDirectory())
    .sort();
  const last = names[names.length - 1];
  return last === undefined ? undefined : joinFor(ctx, dir, last);
}

function statOrNull(path: string): Stats | null {
  try {
    return statSync(path);
  } catch {
    return null;
  }
}
