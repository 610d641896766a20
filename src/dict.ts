/**
 * Maps keyed by names the user chose (servers, stacks, vars, clients, env keys, entries of a
 * client file). A plain `{}` answers `constructor`, `toString` or `__proto__` from
 * Object.prototype, and assigning `__proto__` changes its prototype instead of adding a key:
 * every such map is built here, with no prototype, so each of those is a name like any other.
 */

/** An empty map with no prototype, optionally filled from `entries`. */
export function dict<T>(entries: Iterable<readonly [string, T]> = []): Record<string, T> {
  const out = Object.create(null) as Record<string, T>;
  for (const [k, v] of entries) out[k] = v;
  return out;
}

/** `rec[key]` only when `rec` holds `key` itself (never something inherited), for any object. */
export function own<T>(
  rec: Readonly<Record<string, T>> | null | undefined,
  key: string,
): T | undefined {
  return rec != null && Object.hasOwn(rec, key) ? rec[key] : undefined;
}

/** A copy of a parsed JSON/YAML value in which every object is a null-prototype map. */
export function nullProto<T>(value: T): T {
  if (Array.isArray(value)) return value.map(nullProto) as T;
  if (value === null || typeof value !== 'object') return value;
  // A loop, not Object.entries: at 90000 entries the pair arrays were a large share of the garbage.
  const out = Object.create(null) as Record<string, unknown>;
  for (const k of Object.keys(value)) out[k] = nullProto((value as Record<string, unknown>)[k]);
  return out as T;
}

/**
 * `nullProto` in place, for a value just parsed that nobody else holds: its objects lose their
 * prototype instead of being copied. Cheaper to make and to read: V8 keeps these objects' fast
 * layout, where Object.create(null) makes a hash table (32000 client entries in a large plan).
 */
export function withoutPrototypes<T>(value: T): T {
  if (Array.isArray(value)) {
    for (const item of value) withoutPrototypes(item);
  } else if (value !== null && typeof value === 'object') {
    Object.setPrototypeOf(value, null);
    for (const k of Object.keys(value)) withoutPrototypes((value as Record<string, unknown>)[k]);
  }
  return value;
}
