import type { FieldChange, NativeEntry } from '../types.js';
import { hasSecret, SENSITIVE } from '../secrets/tokens.js';
import { Redactor } from '../secrets/redact.js';

/** How `diffFields` masks values (src/secrets/redact.ts). */
export interface FieldMasking {
  /** Known secret values and credentials found in the client files (default: none). */
  redactor?: Redactor;
  /**
   * The entry with a secret token wherever the DECLARED server carries `${secret:}` (the
   * `inline` rendering). In `env`/`launcher` delivery `after` holds references or a launcher
   * command instead, so the file's old value at those places is only known secret from here.
   */
  secretShape?: unknown;
}

/**
 * Field-level differences between the entry in the file (`before`, real values) and the entry
 * mcpo would write (`after`, secret tokens in place of values; `afterResolved`, values filled in).
 * Maps (env, headers, ...) are compared per key; arrays and scalars as a whole.
 * Values are masked here, so a FieldChange is always safe to print or save: `sensitive` is true
 * when anything in it was masked, and a change whose masked sides look alike still shows.
 */
export function diffFields(
  before: NativeEntry | undefined,
  after: NativeEntry | undefined,
  afterResolved: NativeEntry | undefined,
  masking: FieldMasking = {},
): FieldChange[] {
  // The usual re-plan: the entry in the file is what mcpo would write. Then no field differs
  // (walk reports a field only when its two sides differ), and the walk, its per-field objects
  // and paths are skipped: O(size of the entry), allocating nothing.
  if (sameValue(before, afterResolved)) return NO_FIELDS;
  const out: FieldChange[] = [];
  const r = masking.redactor ?? new Redactor();
  const shape = masking.secretShape ?? after;
  walk({ b: before, a: after, ar: afterResolved, shape }, '', undefined, out, r);
  // A copy of its own length: the plan keeps one of these per entry, and a pushed-to array
  // keeps room for 17.
  return out.slice();
}

/** The fields of every unchanged entry: one shared empty list, never added to. */
export const NO_FIELDS = Object.freeze([]) as unknown as FieldChange[];

interface Sides {
  b: unknown;
  a: unknown;
  ar: unknown;
  shape: unknown;
}

function isMap(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function child(s: Sides, k: string): Sides {
  const at = (v: unknown) => (isMap(v) ? v[k] : undefined);
  return { b: at(s.b), a: at(s.a), ar: at(s.ar), shape: at(s.shape) };
}

function walk(
  s: Sides,
  path: string,
  key: string | undefined,
  out: FieldChange[],
  r: Redactor,
): void {
  const { b, a, ar } = s;
  if (isMap(b) && isMap(a) && isMap(ar)) {
    const keys = new Set([...Object.keys(b), ...Object.keys(a)]);
    for (const k of keys) walk(child(s, k), path ? `${path}.${k}` : k, k, out, r);
    return;
  }
  if (!path && (b === undefined || a === undefined)) {
    // Whole-entry create or delete: list the fields of the side that exists.
    for (const k of Object.keys(((b ?? a) as Record<string, unknown>) ?? {}))
      walk(child(s, k), k, k, out, r);
    return;
  }
  if (sameValue(b, ar) || (isEmpty(b) && isEmpty(ar))) return;
  // A secret with no value on this machine: the file's value cannot be compared, so it is
  // not reported as a change (plan lists the secret as missing instead).
  if (b !== undefined && hasSecret(ar)) return;
  const mb = b === undefined ? undefined : overlay(r.value(b, key), s.shape);
  const ma = a === undefined ? undefined : r.value(a, key);
  const maskedB = !sameValue(mb, b);
  const maskedA = !sameValue(ma, a);
  const sensitive = maskedB || maskedA;
  // Where masking changed nothing, the value itself is kept rather than its copy: a plan of
  // 5000 servers x 18 clients held 90000 copies of every entry's fields. Each shape is one
  // literal: members added one by one cost every change an extra property store.
  const before = maskedB ? mb : b;
  const after = maskedA ? ma : a;
  if (b === undefined && a === undefined) out.push({ path, sensitive });
  else if (b === undefined) out.push({ path, sensitive, after });
  else if (a === undefined) out.push({ path, sensitive, before });
  else out.push({ path, sensitive, before, after });
}

/**
 * The file's value with "(sensitive)" wherever the declared server carries a secret reference
 * (`shape`), item by item in arrays and maps of the same form, else as a whole.
 */
function overlay(v: unknown, shape: unknown): unknown {
  if (!hasSecret(shape)) return v;
  if (Array.isArray(v) && Array.isArray(shape)) return v.map((x, i) => overlay(x, shape[i]));
  if (isMap(v) && isMap(shape)) {
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, overlay(x, shape[k])]));
  }
  return SENSITIVE;
}

/** `"env": {}` or `"args": []` (as `claude mcp add` writes them) means the same as no field. */
function isEmpty(v: unknown): boolean {
  return (
    v === undefined ||
    (Array.isArray(v) && v.length === 0) ||
    (isMap(v) && Object.keys(v).length === 0)
  );
}

/** Structural equality of JSON values; object key order does not matter. */
export function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  // Plain loops: a re-plan compares every entry of every client file (32000 at 1000 servers).
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!sameValue(a[i], b[i])) return false;
    return true;
  }
  if (Array.isArray(b)) return false;
  const ka = Object.keys(a);
  if (ka.length !== Object.keys(b).length) return false;
  for (const k of ka) {
    if (!Object.hasOwn(b, k)) return false;
    if (!sameValue((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]))
      return false;
  }
  return true;
}
