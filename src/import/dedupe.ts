/**
 * Servers found in several client files become one stack server when they are the same
 * definition; the same name with a different definition is kept apart under a suffixed name.
 */
import type { Scope, ServerSpec } from '../types.js';
import { canonicalJson } from '../state/digest.js';
import type { FoundTarget } from './read-clients.js';

/** Where an imported server was found. */
export interface Origin {
  client: string;
  scope: Scope;
  path: string;
}

export interface ImportedServer {
  /** Name in the stack: the entry name, or `<name>-<client>[-<scope>]` for a clashing definition. */
  name: string;
  /** The entry name in the client files. */
  entryName: string;
  spec: ServerSpec;
  origins: Origin[];
}

/** One client file at one scope and the stack servers it holds. */
export interface ImportedTarget {
  found: FoundTarget;
  /** Stack names of the servers this target manages (same as the entry names). */
  servers: string[];
  /** Entries left alone because another client defines the same name differently. */
  clashes: { entryName: string; keptAs: string }[];
}

export interface Deduped {
  servers: ImportedServer[];
  targets: ImportedTarget[];
}

/** The definition without its name, source and client options (compared per client below). */
function coreKey(spec: ServerSpec): string {
  const { name: _n, source: _s, clientOptions: _o, ...core } = spec;
  // An empty `env: {}` or `headers: {}` says nothing: clients write it or leave it out at will.
  const said = Object.entries(core).filter(
    ([, v]) => !(v && typeof v === 'object' && !Array.isArray(v) && Object.keys(v).length === 0),
  );
  return canonicalJson(Object.fromEntries(said));
}

/** Client options are per client: two definitions agree when no client has different options in them. */
function optionsAgree(
  server: ServerSpec,
  clients: Set<string>,
  spec: ServerSpec,
  client: string,
): boolean {
  if (!clients.has(client)) return true;
  return (
    canonicalJson(server.clientOptions?.[client] ?? {}) ===
    canonicalJson(spec.clientOptions?.[client] ?? {})
  );
}

export function dedupe(targets: FoundTarget[]): Deduped {
  const servers: ImportedServer[] = [];
  const clientsOf = new Map<ImportedServer, Set<string>>();
  const taken = new Set<string>();
  const out: ImportedTarget[] = [];
  for (const found of targets) {
    const t: ImportedTarget = { found, servers: [], clashes: [] };
    const client = found.adapter.id;
    const origin: Origin = { client, scope: found.scope, path: found.path };
    for (const { name, spec } of found.entries) {
      const key = coreKey(spec);
      const same = servers.find(
        (s) =>
          s.entryName === name &&
          coreKey(s.spec) === key &&
          optionsAgree(s.spec, clientsOf.get(s)!, spec, client),
      );
      if (same) {
        same.origins.push(origin);
        clientsOf.get(same)!.add(client);
        const options = spec.clientOptions?.[client];
        if (options)
          same.spec = {
            ...same.spec,
            clientOptions: { ...same.spec.clientOptions, [client]: options },
          };
        if (same.name === name) t.servers.push(name);
        else t.clashes.push({ entryName: name, keptAs: same.name });
        continue;
      }
      const stackName = taken.has(name) ? freeName(name, origin, taken) : name;
      taken.add(stackName);
      const server: ImportedServer = {
        name: stackName,
        entryName: name,
        spec: { ...spec, name: stackName },
        origins: [origin],
      };
      servers.push(server);
      clientsOf.set(server, new Set([client]));
      if (stackName === name) t.servers.push(name);
      else t.clashes.push({ entryName: name, keptAs: stackName });
    }
    out.push(t);
  }
  return { servers, targets: out };
}

/** `github-cursor`, `github-claude-code-project`, then `-2`, `-3`... while taken. */
function freeName(name: string, o: Origin, taken: Set<string>): string {
  const base = `${name}-${o.client}${o.scope === 'user' ? '' : `-${o.scope}`}`;
  let candidate = base;
  for (let i = 2; taken.has(candidate); i++) candidate = `${base}-${i}`;
  return candidate;
}
