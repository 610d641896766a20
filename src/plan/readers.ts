/**
 * Files read by several clients (issue 12, section 2): `<project>/.mcp.json` is read by Claude
 * Code, Copilot CLI, Qoder and newer Qwen Code; project `opencode.json` by opencode and Kilo CLI;
 * `~/.cursor/mcp.json` by Cursor and its CLI agent. A file's readers are computed, never listed:
 * every adapter whose configPath (or `alsoReads`) for one of its scopes is the same real file
 * with the same servers map. So an adapter added with the same configPath joins by itself.
 */
import type { ClientAdapter } from '../clients/contract.js';
import type { PathContext, Scope } from '../types.js';
import { stateKey } from '../state/contract.js';
import { resolveTarget } from '../fs/real-path.js';
import path from 'node:path';

/** The real file a path lands on (symlinks followed); the path itself when that cannot be told. */
export function realFile(file: string): string {
  try {
    return resolveTarget(file);
  } catch {
    return file;
  }
}

/** Identity of one servers map in one real file: targets with the same key are one edit. */
export function fileKey(file: string, entriesPath: string[]): string {
  return stateKey(realFile(file), entriesPath);
}

/** Every (file, servers map) a client reads for a scope: configPath first, then `alsoReads`. */
function readPlaces(a: ClientAdapter, scope: Scope, ctx: PathContext): { path: string; preferred?: boolean }[] {
  return [{ path: a.configPath(scope, ctx) }, ...(a.alsoReads?.(scope, ctx) ?? [])];
}

/**
 * Ids of the clients that read `file` at `entriesPath`, in registry order. `adapters` is every
 * client mcpo knows: a reader need not be a target of the stack to be shown.
 */
export function readersOf(
  file: string,
  entriesPath: string[],
  adapters: readonly ClientAdapter[],
  ctx: PathContext,
): string[] {
  const key = fileKey(file, entriesPath);
  // Only paths with the same file name are resolved: a plan over every client then costs a few
  // string compares per adapter, not a realpath each (a symlink renaming the file is not seen).
  const base = path.basename(file);
  const same = (p: string, ep: string[]) => path.basename(p) === base && fileKey(p, ep) === key;
  const ids: string[] = [];
  for (const a of adapters) {
    const reads = a.scopes.some((scope) => {
      let ep: string[];
      let places: { path: string }[];
      try {
        ep = a.entriesPath(scope, ctx);
        places = readPlaces(a, scope, ctx);
      } catch {
        return false; // a scope whose path cannot be formed here (no project folder, ...)
      }
      return places.some((p) => same(p.path, ep));
    });
    if (reads) ids.push(a.id);
  }
  return ids;
}

/**
 * Where a target's servers must go for the client to see them: its configPath, unless it reads
 * a `preferred` file instead, which exists or which another target of the same plan writes
 * (`planned`, real paths): writing the usual file would leave the servers unseen.
 */
export function effectivePath(a: ClientAdapter, scope: Scope, ctx: PathContext, planned: ReadonlySet<string>): string {
  for (const p of a.alsoReads?.(scope, ctx) ?? []) {
    if (p.preferred && (ctx.exists(p.path) || planned.has(realFile(p.path)))) return p.path;
  }
  return a.configPath(scope, ctx);
}
