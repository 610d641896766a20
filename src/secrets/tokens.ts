/**
 * Secret references travel through load and plan as opaque tokens, never as values.
 * A token is made of private-use code points so it cannot clash with user text.
 */
const OPEN = '\uE000secret:';
const CLOSE = '\uE001';
const TOKEN_RE = /\uE000secret:([A-Za-z0-9._-]+)\uE001/g;

export const SECRET_NAME_RE = /^[A-Za-z0-9._-]+$/;

export function secretToken(name: string): string {
  return `${OPEN}${name}${CLOSE}`;
}

/** Names of the secrets referenced anywhere inside a value (strings, arrays, objects). */
export function secretNamesIn(value: unknown, into: Set<string> = new Set()): Set<string> {
  if (typeof value === 'string') {
    // Most strings hold no token: a plain search is far cheaper than the regex (1000-server stacks).
    if (value.includes(OPEN)) for (const m of value.matchAll(TOKEN_RE)) into.add(m[1]!);
  } else if (Array.isArray(value)) {
    for (const v of value) secretNamesIn(v, into);
  } else if (value && typeof value === 'object') {
    for (const v of Object.values(value)) secretNamesIn(v, into);
  }
  return into;
}

export function hasSecret(value: unknown): boolean {
  if (typeof value === 'string') return value.includes(OPEN);
  if (typeof value !== 'object' || value === null) return false;
  // Loops rather than some() over Object.values(): asked of every entry a plan renders.
  if (Array.isArray(value)) {
    for (const v of value) if (hasSecret(v)) return true;
    return false;
  }
  for (const k in value)
    if (Object.hasOwn(value, k) && hasSecret((value as Record<string, unknown>)[k])) return true;
  return false;
}

/** Deep copy with every token replaced by `lookup(name)`; names without a value stay tokens. */
export function substituteSecrets<T>(value: T, lookup: (name: string) => string | undefined): T {
  if (!hasSecret(value)) return value; // nothing to replace: no copy (large plans)
  return mapStrings(value, (s) =>
    s.includes(OPEN) ? s.replace(TOKEN_RE, (tok, name: string) => lookup(name) ?? tok) : s,
  );
}

export const SENSITIVE = '(sensitive)';

export function mapStrings<T>(value: T, fn: (s: string) => string): T {
  if (typeof value === 'string') return fn(value) as T;
  if (Array.isArray(value)) return value.map((v) => mapStrings(v, fn)) as T;
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = mapStrings(v, fn);
    return out as T;
  }
  return value;
}
