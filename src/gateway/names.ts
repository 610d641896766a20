/**
 * The names the gateway shows for its backends' tools and prompts: each kept as the server says
 * it, and `server__name` only where two active servers offer the same name (then for each of
 * them, so no server silently wins). Pure, so the plan and the gateway agree.
 */

/** One exposed name and where it goes. */
export interface Routed {
  server: string;
  name: string;
}

export const SEPARATOR = '__';

/**
 * Exposed name -> (server, original name), unique and covering every input pair.
 * `offers` is in the stack's order of servers; a prefixed name that is itself taken gets `__2`, ...
 */
export function routeNames(offers: { server: string; names: string[] }[]): Map<string, Routed> {
  const owners = new Map<string, Set<string>>();
  for (const o of offers)
    for (const n of o.names) (owners.get(n) ?? owners.set(n, new Set()).get(n)!).add(o.server);
  const out = new Map<string, Routed>();
  const clashing: Routed[] = [];
  for (const o of offers) {
    for (const name of new Set(o.names)) {
      if (owners.get(name)!.size === 1) out.set(name, { server: o.server, name });
      else clashing.push({ server: o.server, name });
    }
  }
  // Plain names first, so a prefixed name never takes a name a server really has.
  for (const r of clashing) {
    const base = `${r.server}${SEPARATOR}${r.name}`;
    let exposed = base;
    for (let i = 2; out.has(exposed) || owners.has(exposed); i++)
      exposed = `${base}${SEPARATOR}${i}`;
    out.set(exposed, r);
  }
  return out;
}
