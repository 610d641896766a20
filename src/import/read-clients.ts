/**
 * The load step of `mcpo import`: every client config file that exists (user files from the
 * home folder, project/local ones from the project folder), its entries, each parsed by its
 * adapter. Nothing here writes; a file that cannot be read or parsed is reported and skipped.
 */
import type { ClientAdapter } from '../clients/contract.js';
import type { NativeEntry, PathContext, Scope, ServerSpec } from '../types.js';
import { readTextFile } from '../fs/files.js';
import { McpoError } from '../errors.js';

/** One client file at one scope, as found on disk. */
export interface FoundTarget {
  adapter: ClientAdapter;
  scope: Scope;
  path: string;
  entriesPath: string[];
  /** Entries in file order: the native entry and what the adapter makes of it. */
  entries: { name: string; native: NativeEntry; spec: ServerSpec }[];
}

/** A file or entry left out, with one sentence saying why (file:line where known). */
export interface ImportSkip {
  what: string;
  reason: string;
}

export interface FoundClients {
  targets: FoundTarget[];
  skipped: ImportSkip[];
}

/**
 * Reads the config of each adapter at each of its scopes; absent files are simply not there.
 * A servers map that several clients read (project `.mcp.json`: Claude Code and Qoder CLI;
 * project `opencode.json`: opencode and Kilo CLI) is imported once, for the first adapter in
 * registry order: two targets on one file are a plan error until a file can have several readers.
 */
export function readClients(adapters: ClientAdapter[], ctx: PathContext): FoundClients {
  const targets: FoundTarget[] = [];
  const skipped: ImportSkip[] = [];
  const read = new Set<string>();
  for (const adapter of adapters) {
    for (const scope of adapter.scopes) {
      const path = adapter.configPath(scope, ctx);
      const entriesPath = adapter.entriesPath(scope, ctx);
      const key = JSON.stringify([path, entriesPath]);
      if (read.has(key)) continue;
      read.add(key);
      const label = `${adapter.id} (${scope})`;
      let entries: Record<string, NativeEntry>;
      try {
        const text = readTextFile(path);
        if (text === null) continue;
        entries = adapter.format.readEntries(text, path, entriesPath);
      } catch (e) {
        if (!(e instanceof McpoError)) throw e;
        skipped.push({ what: `${label} ${path}`, reason: e.message });
        continue;
      }
      const found: FoundTarget = { adapter, scope, path, entriesPath, entries: [] };
      for (const [name, native] of Object.entries(entries)) {
        if (!native || typeof native !== 'object' || Array.isArray(native)) {
          skipped.push({ what: `${name} in ${path}`, reason: 'the entry is not an object' });
          continue;
        }
        found.entries.push({ name, native, spec: adapter.parse(name, native) });
      }
      if (found.entries.length) targets.push(found);
    }
  }
  return { targets, skipped };
}
