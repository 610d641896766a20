/**
 * Files read by several clients (issue 12, section 2): `<project>/.mcp.json` is read by Claude
 * Code, Copilot CLI, Qoder and newer Qwen Code; project `opencode.json` by opencode and Kilo CLI;
 * `~/.cursor/mcp.json` by Cursor and its CLI agent. A file's readers are computed, never listed:
 * every adapter whose configPath (or `alsoReads`) for one of its scopes is the same real file
 * with the same servers map. So an adapter added with the same configPath joins by itself.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { ClientAdapter } from '../clients/contract.js';
import type { PathContext, Scope } from '../types.js';
import { stateKey } from '../state/contract.js';
import { resolveTarget } from '../fs/real-path.js';

/**
 * The real file a path lands on (symlinks followed); the path itself when that cannot be told.
 * Most client files do not exist: the nearest folder that does is resolved and the rest added,
 * found with `lstat` that does not throw (an exception per path was most of a plan's cost
 * here); a symlink or an odd path goes through resolveTarget, the write path's own answer.
 */
export function realFile(file: string): string {
  try {
    const abs = path.resolve(file);
    const tail: string[] = [];
    let at = abs;
    for (;;) {
      const st = fs.lstatSync(at, { throwIfNoEntry: false });
      if (st?.isSymbolicLink() && at === abs) return resolveTarget(abs);
      if (st) return path.join(fs.realpathSync(at), ...tail);
      const up = path.dirname(at);
      if (up === at) return abs;
      tail.unshift(path.basename(at));
      at = up;
    }
  } catch {
    try {
      return resolveTarget(file);
    } catch {
      return file;
    }
  }
}

/** Identity of one servers map in one real file: targets with the same key are one edit. */
export function fileKey(
  file: string,
  entriesPath: string[],
  real: (file: string) => string = realFile,
): string {
  return stateKey(real(file), entriesPath);
}

/**
 * realFile for one load step, each folder resolved once: the plan's files, their readers and the
 * `preferred` files are a few dozen paths in a handful of folders (most of them not there yet).
 */
export function realFiles(): (file: string) => string {
  const dirs = new Map<string, string>();
  const realDir = (dir: string): string => {
    let r = dirs.get(dir);
    if (r === undefined) {
      const up = path.dirname(dir);
      const st = fs.lstatSync(dir, { throwIfNoEntry: false });
      r = st ? fs.realpathSync(dir) : up === dir ? dir : path.join(realDir(up), path.basename(dir));
      dirs.set(dir, r);
    }
    return r;
  };
  return (file) => {
    try {
      const abs = path.resolve(file);
      if (fs.lstatSync(abs, { throwIfNoEntry: false })?.isSymbolicLink()) return resolveTarget(abs);
      return path.join(realDir(path.dirname(abs)), path.basename(abs));
    } catch {
      return realFile(file);
    }
  };
}

/** Every (file, servers map) a client reads for a scope: configPath first, then `alsoReads`. */
function readPlaces(
  a: ClientAdapter,
  scope: Scope,
  ctx: PathContext,
): { path: string; preferred?: boolean }[] {
  return [{ path: a.configPath(scope, ctx) }, ...(a.alsoReads?.(scope, ctx) ?? [])];
}

/**
 * Who reads a file: built once per plan from every client mcpo knows (a reader need not be a
 * target of the stack to be shown), then asked per file. Each adapter's paths are formed once,
 * and only paths with the file's name are resolved, so a plan over every client costs a lookup
 * per file, not a realpath per adapter (a symlink that renames the file is not seen).
 */
export function readerIndex(
  adapters: readonly ClientAdapter[],
  ctx: PathContext,
  real: (file: string) => string = realFiles(),
): (file: string, entriesPath: string[]) => string[] {
  const byName = new Map<string, { id: string; path: string; entriesPath: string[] }[]>();
  for (const a of adapters) {
    for (const scope of a.scopes) {
      let places: { path: string }[];
      let entriesPath: string[];
      try {
        entriesPath = a.entriesPath(scope, ctx);
        places = readPlaces(a, scope, ctx);
      } catch {
        continue; // a scope whose path cannot be formed here (no project folder, ...)
      }
      for (const p of places) {
        const name = path.basename(p.path);
        const list = byName.get(name) ?? [];
        list.push({ id: a.id, path: p.path, entriesPath });
        byName.set(name, list);
      }
    }
  }
  return (file, entriesPath) => {
    const key = fileKey(file, entriesPath, real);
    const ids = new Set<string>();
    for (const p of byName.get(path.basename(file)) ?? []) {
      if (!ids.has(p.id) && fileKey(p.path, p.entriesPath, real) === key) ids.add(p.id);
    }
    return [...ids];
  };
}

/** Ids of the clients that read `file` at `entriesPath`, in registry order (see readerIndex). */
export function readersOf(
  file: string,
  entriesPath: string[],
  adapters: readonly ClientAdapter[],
  ctx: PathContext,
): string[] {
  return readerIndex(adapters, ctx)(file, entriesPath);
}

/**
 * Where a target's servers must go for the client to see them: its configPath, unless it reads
 * a `preferred` file instead, which exists or which another target of the same plan writes
 * (`planned`, real paths): writing the usual file would leave the servers unseen.
 */
export function effectivePath(
  a: ClientAdapter,
  scope: Scope,
  ctx: PathContext,
  planned: () => ReadonlySet<string>,
  real: (file: string) => string = realFile,
): string {
  for (const p of a.alsoReads?.(scope, ctx) ?? []) {
    if (p.preferred && (ctx.exists(p.path) || planned().has(real(p.path)))) return p.path;
  }
  return a.configPath(scope, ctx);
}
