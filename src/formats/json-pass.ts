import type { NativeEntry } from '../types.js';
import {
  appendMembers,
  objectContext,
  removeAt,
  replaceValue,
  setMember,
  type Edit,
  type Style,
} from './json-edit.js';
import type { Located } from './json.js';

/**
 * One pass of the JSON writer over one parse of the file: every change's edit is computed on the
 * same tree and all are applied at once, O(file + changes) instead of one re-parse per entry.
 * The result is the bytes of applying the changes one at a time (test/format-batch.test.ts); the
 * few changes whose edit depends on another's (two edits on the same bytes, new members when
 * the last member goes, the last member of an object that is emptied) wait for the next pass.
 */

export type Change = [string, NativeEntry | undefined];

/** One pass over `changes` (removals first): the new text, and the changes left for the next pass. */
export function editPass(
  text: string,
  at: Located,
  path: string[],
  changes: Change[],
  style: Style,
): { text: string; deferred: Change[] } {
  const root = at.root!;
  if (at.depth < path.length) {
    // The path is missing: the first entry set creates it; the others go in the next pass.
    const i = changes.findIndex((c) => c[1] !== undefined);
    if (i < 0) return { text, deferred: [] };
    const rest = path.slice(at.depth);
    const created = nest([...rest.slice(1), changes[i]![0]], changes[i]![1]);
    const edits = setMember(text, root, at.deepest!, rest[0]!, created, style).map((e) => ({ e }));
    return { text: applyAll(text, edits), deferred: changes.slice(i + 1) };
  }
  const obj = at.deepest!;
  const props = obj.children ?? [];
  const ctx = objectContext(text, root, obj, style);
  // name -> index of its last member (JSON.parse semantics: the last duplicate wins), O(1) per change.
  const index = new Map<string, number>();
  props.forEach((p, i) => index.set(p.children?.[0]?.value as string, i));
  const lastIdx = props.length - 1;
  const removing = changes.filter(([k, v]) => v === undefined && index.has(k)).length;
  const wait = new Set<Change>();
  const owned: Owned[] = [];
  const appends: Change[] = [];
  for (const change of changes) {
    const [key, value] = change;
    const i = index.get(key);
    if (i === undefined) {
      if (value !== undefined) appends.push(change);
    } else if (value !== undefined) {
      owned.push({ changes: [change], edits: replaceValue(ctx, props[i]!, value) });
    } else if (i === lastIdx && removing === props.length && props.length > 1) {
      // Emptying the object: its last member goes alone, as the only one left (see removeAt).
      wait.add(change);
    } else {
      owned.push({ changes: [change], edits: removeAt(text, obj, i) });
    }
  }
  const lastGoes =
    lastIdx >= 0 && changes.some(([k, v]) => v === undefined && index.get(k) === lastIdx);
  if (appends.length && lastGoes) appends.forEach((c) => wait.add(c));
  else if (appends.length) {
    // New members go in one insert after the last member; into an empty object, one first.
    const now = lastIdx < 0 ? appends.slice(0, 1) : appends;
    appends.slice(now.length).forEach((c) => wait.add(c));
    owned.push({
      changes: now,
      edits: appendMembers(
        ctx,
        now.map(([k, v]) => [k, v]),
      ),
    });
  }
  // Edits on the same bytes: the later change waits for the next pass (it is computed again there).
  const flat = owned.flatMap((o, n) => o.edits.map((e) => ({ e, owner: n })));
  flat.sort((x, y) => x.e.offset - y.e.offset || x.e.length - y.e.length);
  const late = new Set<number>();
  // Two inserts at one offset from different changes would have no defined order: also a clash.
  let reach = -1;
  let by = -1;
  let insert = false;
  for (const { e, owner } of flat) {
    if (owner !== by && (e.offset < reach || (e.offset === reach && e.length === 0 && insert)))
      late.add(owner);
    if (e.offset + e.length >= reach)
      [reach, by, insert] = [e.offset + e.length, owner, e.length === 0];
  }
  for (const n of late) owned[n]!.changes.forEach((c) => wait.add(c));
  return {
    text: applyAll(
      text,
      flat.filter((x) => !late.has(x.owner)),
    ),
    deferred: changes.filter((c) => wait.has(c)),
  };
}

interface Owned {
  changes: Change[];
  edits: Edit[];
}

/** Apply non-overlapping edits sorted by offset, building the text once (jsonc-parser's applyEdits copies it per edit). */
function applyAll(text: string, sorted: { e: Edit }[]): string {
  const parts: string[] = [];
  let at = 0;
  for (const { e } of sorted) {
    parts.push(text.slice(at, e.offset), e.content);
    at = e.offset + e.length;
  }
  parts.push(text.slice(at));
  return parts.join('');
}

/** {a: {b: value}} for path [a, b]. */
function nest(path: string[], value: unknown): unknown {
  return path.reduceRight<unknown>((inner, key) => ({ [key]: inner }), value);
}
