/**
 * What the plan says about a `via: gateway` target: the servers its gateway serves and, where
 * two of them offer the same tool or prompt name, the prefixed names the client will see. The
 * names come from the lock (mcp.stack.lock, written by `mcpo lock`); without it, none are known.
 */
import type { LockFile } from '../lock/types.js';
import { routeNames } from './names.js';

/** Tool and prompt names of a server, when known. */
export type ListedNames = (server: string) => { tools: string[]; prompts: string[] } | undefined;

/** The plan's view of one gateway target. */
export interface GatewayNote {
  servers: string[];
  /** Names the client sees prefixed: `as` stands for the tool or prompt `name` of `server`. */
  renamed: { as: string; server: string; name: string }[];
}

export function gatewayNote(servers: string[], listed: ListedNames | undefined): GatewayNote {
  const renamed: GatewayNote['renamed'] = [];
  for (const kind of ['tools', 'prompts'] as const) {
    const offers = servers.map((server) => ({ server, names: listed?.(server)?.[kind] ?? [] }));
    for (const [as, r] of routeNames(offers)) if (as !== r.name) renamed.push({ as, ...r });
  }
  return { servers, renamed };
}

/** The lock's names, for the plan (no server started). */
export function lockedNames(lock: LockFile | null): ListedNames | undefined {
  if (!lock) return undefined;
  return (server) => {
    const entry = Object.hasOwn(lock.servers, server) ? lock.servers[server] : undefined;
    if (!entry) return undefined;
    const of = (kind: string) => entry.items.filter((i) => i.kind === kind).map((i) => i.name);
    return { tools: of('tool'), prompts: of('prompt') };
  };
}
