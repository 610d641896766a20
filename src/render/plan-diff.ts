import { createTwoFilesPatch } from 'diff';
import type { FieldChange, Plan } from '../types.js';
import { entryEdits } from '../plan/edits.js';
import type { LoadedTarget } from '../plan/target-input.js';
import { stateKey } from '../state/contract.js';
import { SENSITIVE } from '../secrets/tokens.js';
import type { SecretLookup } from '../secrets/resolve.js';
import { Redactor } from '../secrets/redact.js';
import { wholeDocument } from './whole-document.js';

/**
 * Unified diff of each file the plan changes. Both sides are masked: new secret values are
 * rendered as "(sensitive)"; and the context lines can show any part of the file, so every
 * credential of the whole file (entries mcpo does not manage, other settings) is masked too,
 * with the stack's secret values and the old values of fields the plan marks sensitive.
 */
export function renderPlanDiff(
  plan: Plan,
  targets: LoadedTarget[],
  secrets: SecretLookup,
  secretNames: Iterable<string> = [],
): string {
  const byKey = new Map(targets.map((t) => [stateKey(t.path, t.entriesPath), t]));
  const r = new Redactor().add([...secretNames].map(secrets));
  for (const t of targets) if (t.text) r.addFound(wholeDocument(t.adapter.format.name, t.text));
  for (const t of plan.targets) {
    const current = byKey.get(stateKey(t.path, t.entriesPath))?.current;
    for (const c of t.changes) {
      r.addFound(c.after);
      if (!current || current instanceof Error) continue;
      for (const f of c.fields) r.add(wholeBefore(current[c.server], f));
    }
  }
  const out: string[] = [];
  const next = new Map<string, string>();
  for (const t of plan.targets) {
    const loaded = byKey.get(stateKey(t.path, t.entriesPath));
    if (!loaded) continue;
    const { edits } = entryEdits(t.changes, () => SENSITIVE);
    if (!Object.keys(edits).length) continue;
    const before = next.get(t.path) ?? loaded.text ?? '';
    const after = loaded.adapter.format.writeEntries(before, t.path, t.entriesPath, edits);
    next.set(t.path, after);
    const header = loaded.text === null ? '(new file)' : '';
    out.push(createTwoFilesPatch(t.path, t.path, r.text(before), r.text(after), header, ''));
  }
  return out.join('\n');
}

/**
 * The file's strings that the plan masked as a whole in a field (e.g. the old value where the
 * stack now has a secret reference): found by the field's dotted path, whose keys may hold dots,
 * then item by item along the masked value.
 */
function wholeBefore(entry: unknown, f: FieldChange): string[] {
  const out: string[] = [];
  const collect = (raw: unknown, masked: unknown): void => {
    if (masked === SENSITIVE) return void strings(raw, out);
    if (!raw || typeof raw !== 'object' || !masked || typeof masked !== 'object') return;
    for (const [k, x] of Object.entries(raw)) collect(x, (masked as Record<string, unknown>)[k]);
  };
  const at = (v: unknown, path: string): void => {
    if (!v || typeof v !== 'object') return;
    for (const [k, x] of Object.entries(v)) {
      if (k === path) collect(x, f.before);
      else if (path.startsWith(k + '.')) at(x, path.slice(k.length + 1));
    }
  };
  if (f.sensitive && f.before !== undefined) at(entry, f.path);
  return out;
}

function strings(v: unknown, into: string[]): void {
  if (typeof v === 'string') into.push(v);
  else if (v && typeof v === 'object') for (const x of Object.values(v)) strings(x, into);
}
