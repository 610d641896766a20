/**
 * The load step of `mcpo import`: every client config file that exists (user files from the
 * home folder, project/local ones from the project folder), its entries, each parsed by its
 * adapter. Nothing here writes; a file that cannot be read or parsed is reported and skipped.
 */
import type { ClientAdapter } from '../clients/contract.js';
import type { NativeEntry, PathContext, Scope, ServerSpec } from '../types.js';
import { readTextFile } from '../fs/files.js';
import { McpoError } from '../errors.js';
import { adapterForText } from '../clients/dialect.js';
import { stateKey } from '../state/contract.js';

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
 * Reads the config of each adapter at each of its scopes; absent files are simply not there. A
 * file read by several clients (project `.mcp.json`: Claude Code, Qoder CLI, ...; project
 * `opencode.json`: opencode and Kilo CLI; Cursor and its CLI agent) is imported once, for the
 * first of them in registry order: the plan then names its other readers.
 */
export function readClients(adapters: ClientAdapter[], ctx: PathContext): FoundClients {
  const targets: FoundTarget[] = [];
  const skipped: ImportSkip[] = [];
  const seen = new Set<string>();
  for (const client of adapters) {
    for (const scope of client.scopes) {
      const path = client.configPath(scope, ctx);
      let adapter = client;
      let entriesPath = client.entriesPath(scope, ctx);
      const label = `${client.id} (${scope})`;
      let entries: Record<string, NativeEntry>;
      try {
        const text = readTextFile(path);
        if (text === null) continue;
        // The file's own format version (opencode's flat `mcp` or its `mcp.servers`).
        adapter = adapterForText(client, text);
        entriesPath = adapter.entriesPath(scope, ctx);
        if (seen.has(stateKey(path, entriesPath))) continue;
        seen.add(stateKey(path, entriesPath));
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
