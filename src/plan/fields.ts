import type { FieldChange, NativeEntry } from '../types.js';
import { hasSecret, SENSITIVE } from '../secrets/tokens.js';

/**
 * Field-level differences between the entry in the file (`before`, real values) and the entry
 * mcpo would write (`after`, secret tokens in place of values; `afterResolved`, values filled in).
 * Maps (env, headers, ...) are compared per key; arrays and scalars as a whole.
 * Values are masked here, so a FieldChange is always safe to print or save.
 */
export function diffFields(
  before: NativeEntry | undefined,
  after: NativeEntry | undefined,
  afterResolved: NativeEntry | undefined,
  isSecretText: (s: string) => boolean,
): FieldChange[] {
  const out: FieldChange[] = [];
  walk(before, after, afterResolved, '', out, isSecretText);
  return out;
}

function isMap(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function walk(
  b: unknown,
  a: unknown,
  ar: unknown,
  path: string,
  out: FieldChange[],
  isSecretText: (s: string) => boolean,
): void {
  if (isMap(b) && isMap(a) && isMap(ar)) {
    const keys = new Set([...Object.keys(b), ...Object.keys(a)]);
    for (const k of keys) walk(b[k], a[k], ar[k], path ? `${path}.${k}` : k, out, isSecretText);
    return;
  }
  if (!path && (b === undefined || a === undefined)) {
    // Whole-entry create or delete: list the fields of the side that exists.
    const side = (b ?? a) as Record<string, unknown> | undefined;
    for (const k of Object.keys(side ?? {})) walk(b === undefined ? undefined : side![k], a === undefined ? undefined : side![k], ar === undefined ? undefined : (ar as Record<string, unknown>)[k], k, out, isSecretText);
    return;
  }
  if (sameValue(b, ar) || (isEmpty(b) && isEmpty(ar))) return;
  // A secret with no value on this machine: the file's value cannot be compared, so it is
  // not reported as a change (plan lists the secret as missing instead).
  if (b !== undefined && hasSecret(ar)) return;
  const sensitive = hasSecret(a) || containsSecretText(b, isSecretText);
  const change: FieldChange = { path, sensitive };
  if (b !== undefined) change.before = sensitive ? SENSITIVE : b;
  if (a !== undefined) change.after = sensitive ? SENSITIVE : a;
  out.push(change);
}

/** `"env": {}` or `"args": []` (as `claude mcp add` writes them) means the same as no field. */
function isEmpty(v: unknown): boolean {
  return v === undefined || (Array.isArray(v) && v.length === 0) || (isMap(v) && Object.keys(v).length === 0);
}

function containsSecretText(v: unknown, isSecretText: (s: string) => boolean): boolean {
  if (typeof v === 'string') return isSecretText(v);
  if (Array.isArray(v)) return v.some((x) => containsSecretText(x, isSecretText));
  if (isMap(v)) return Object.values(v).some((x) => containsSecretText(x, isSecretText));
  return false;
}

/** Structural equality of JSON values; object key order does not matter. */
export function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((x, i) => sameValue(x, b[i]));
  if (isMap(a) && isMap(b)) {
    const ka = Object.keys(a);
    if (ka.length !== Object.keys(b).length) return false;
    return ka.every((k) => Object.prototype.hasOwnProperty.call(b, k) && sameValue(a[k], b[k]));
  }
  return false;
}
