/**
 * The locked snapshot against what a running server lists now (pure): per tool, resource template
 * and prompt, added / removed / description changed / schema changed, with the old and new
 * description so a reviewer sees the words that changed (the "rug pull" that no client shows).
 */
import { diffLines } from 'diff';
import type { ItemKind, SnapshotItem } from './types.js';
import { cmp, escapeHidden } from './format.js';

export interface ItemChange {
  server: string;
  kind: ItemKind;
  name: string;
  change: 'added' | 'removed' | 'changed';
  /** For `changed`: the description differs (both texts given). */
  description?: { before: string; after: string };
  /** For `changed`: schema, annotations or title differ (the hash). */
  schema?: boolean;
}

export function compareSnapshot(
  server: string,
  locked: SnapshotItem[],
  live: SnapshotItem[],
): ItemChange[] {
  const key = (i: SnapshotItem) => `${i.kind}\0${i.name}`;
  const before = new Map(locked.map((i) => [key(i), i]));
  const after = new Map(live.map((i) => [key(i), i]));
  const out: ItemChange[] = [];
  for (const [k, b] of before) {
    const a = after.get(k);
    if (!a) {
      out.push({ server, kind: b.kind, name: b.name, change: 'removed' });
      continue;
    }
    if (a.description === b.description && a.hash === b.hash) continue;
    const c: ItemChange = { server, kind: b.kind, name: b.name, change: 'changed' };
    if (a.description !== b.description)
      c.description = { before: b.description, after: a.description };
    if (a.hash !== b.hash) c.schema = true;
    out.push(c);
  }
  for (const [k, a] of after) {
    if (!before.has(k)) out.push({ server, kind: a.kind, name: a.name, change: 'added' });
  }
  const rank = { removed: 0, changed: 1, added: 2 };
  return out.sort(
    (x, y) => rank[x.change] - rank[y.change] || cmp(x.kind, y.kind) || cmp(x.name, y.name),
  );
}

const KIND_WORD: Record<ItemKind, string> = {
  tool: 'tool',
  template: 'resource template',
  prompt: 'prompt',
};

/**
 * The changes as text: one line per item, and for a changed description its line diff
 * (`-` old, `+` new, two lines of context). `paint` colours removed and added lines.
 */
export function renderChanges(changes: ItemChange[], paint: Paint = plain): string {
  const out: string[] = [];
  for (const c of changes) {
    const parts = [c.description ? 'description' : '', c.schema ? 'schema' : ''].filter(Boolean);
    const what = c.change === 'changed' ? `${parts.join(' and ')} changed` : c.change;
    out.push(`  ${c.server}: ${KIND_WORD[c.kind]} ${c.name}: ${what}`);
    if (c.description)
      out.push(...descriptionDiff(c.description.before, c.description.after, paint));
  }
  return out.join('\n') + (out.length ? '\n' : '');
}

/** Colours for removed and added lines. */
export interface Paint {
  red(s: string): string;
  green(s: string): string;
}

const plain: Paint = { red: (s) => s, green: (s) => s };

function descriptionDiff(before: string, after: string, paint: Paint): string[] {
  const lines: string[] = [];
  for (const part of diffLines(`${before}\n`, `${after}\n`)) {
    const text = part.value.replace(/\n$/, '').split('\n').map(escapeHidden);
    if (part.added) lines.push(...text.map((l) => paint.green(`      + ${l}`)));
    else if (part.removed) lines.push(...text.map((l) => paint.red(`      - ${l}`)));
    else lines.push(...contextOf(text).map((l) => `        ${l}`));
  }
  return lines;
}

/** Unchanged lines around a change: the first and last two, the rest elided. */
function contextOf(text: string[]): string[] {
  return text.length <= 5 ? text : [...text.slice(0, 2), '…', ...text.slice(-2)];
}
