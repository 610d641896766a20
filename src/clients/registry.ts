import type { Scope } from '../types.js';
import type { ClientAdapter } from './contract.js';

/**
 * What mcpo knows of a client without loading its adapter module: enough to check a stack's
 * client names and scopes, and to list who succeeded whom. `load` imports the adapter; in the
 * bundle each dynamic import is a lazily initialised module, so a plan over three clients
 * evaluates three adapters, not all of them.
 */
export interface ClientInfo {
  id: string;
  title: string;
  scopes: Scope[];
  /** The id of the client that replaced this one (Windsurf -> Devin Desktop); the old id still works. */
  successor?: string;
  /**
   * Clients that may read the same file share a family (`mcp-json`: Claude Code, Copilot CLI,
   * Qwen Code, Qoder CLI ...): a plan loads a target's whole family, so the readers of a shared
   * file are known without loading every adapter. test/clients-registry.test.ts checks that any
   * two adapters whose paths meet are in one family.
   */
  family?: string;
  /** Imports the adapter's module; the adapter is its export whose `id` is this id. */
  load(): Promise<Record<string, unknown>>;
}

/** The catalog plus the adapters loaded so far; `getClient` is synchronous once `loadClients` ran. */
export interface ClientRegistry {
  infos: readonly ClientInfo[];
  clientIds(): string[];
  info(id: string): ClientInfo | undefined;
  /** Loads the adapters of `ids` (every client when omitted); unknown ids are skipped, not errors. */
  loadClients(ids?: Iterable<string>): Promise<ClientAdapter[]>;
  /** A loaded adapter; undefined for an unknown id; a bug (thrown) for a known id not loaded yet. */
  getClient(id: string): ClientAdapter | undefined;
  /** Clients this one succeeded (Devin Desktop -> [windsurf]). */
  predecessors(id: string): string[];
  /** `ids` and every client that may read one of their files (same `family`). */
  withFamilies(ids: Iterable<string>): string[];
  /** The adapters loaded so far. */
  loaded(): ClientAdapter[];
}

function adapterIn(mod: Record<string, unknown>, id: string): ClientAdapter | undefined {
  const isIt = (v: unknown): v is ClientAdapter => {
    const a = v as Partial<ClientAdapter> | null;
    return !!a && typeof a === 'object' && a.id === id && typeof a.render === 'function';
  };
  return Object.values(mod).find(isIt);
}

export function createRegistry(infos: readonly ClientInfo[]): ClientRegistry {
  const byId = new Map(infos.map((i) => [i.id, i]));
  const loaded = new Map<string, ClientAdapter>();
  const pending = new Map<string, Promise<ClientAdapter>>();

  const loadOne = (info: ClientInfo): Promise<ClientAdapter> => {
    let p = pending.get(info.id);
    if (!p) {
      p = info.load().then((mod) => {
        const adapter = adapterIn(mod, info.id);
        if (!adapter)
          throw new Error(`client catalog: no adapter ${info.id} in its module (a bug)`);
        loaded.set(info.id, adapter);
        return adapter;
      });
      pending.set(info.id, p);
    }
    return p;
  };

  return {
    infos,
    clientIds: () => infos.map((i) => i.id),
    info: (id) => byId.get(id),
    async loadClients(ids) {
      const wanted =
        ids === undefined ? infos : [...new Set(ids)].flatMap((id) => byId.get(id) ?? []);
      // One after the other: the bundle initialises each module synchronously anyway, and Jest's
      // ESM loader fails on concurrent imports that share a dependency.
      const out: ClientAdapter[] = [];
      for (const info of wanted) out.push(await loadOne(info));
      return out;
    },
    getClient(id) {
      const adapter = loaded.get(id);
      if (adapter || !byId.has(id)) return adapter;
      // Every command loads the clients it names before the first lookup; reaching here is a bug.
      throw new Error(`client ${id} was looked up before loadClients() loaded it (a bug in mcpo)`);
    },
    predecessors: (id) => infos.filter((i) => i.successor === id).map((i) => i.id),
    withFamilies(ids) {
      const given = new Set(ids);
      const families = new Set([...given].map((id) => byId.get(id)?.family).filter(Boolean));
      return infos
        .filter((i) => given.has(i.id) || (i.family && families.has(i.family)))
        .map((i) => i.id);
    },
    loaded: () => [...loaded.values()],
  };
}
