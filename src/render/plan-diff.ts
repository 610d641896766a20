import { createTwoFilesPatch } from 'diff';
import type { Plan } from '../types.js';
import { entryEdits } from '../plan/edits.js';
import type { LoadedTarget } from '../plan/target-input.js';
import { stateKey } from '../state/contract.js';
import { SENSITIVE, hasSecret, secretNamesIn } from '../secrets/tokens.js';
import { knownSecretValues, redactText, type SecretLookup } from '../secrets/resolve.js';

/**
 * Unified diff of each file the plan changes. Both sides are masked: new secret values are
 * rendered as "(sensitive)", and any known secret value in the current text is redacted.
 */
export function renderPlanDiff(plan: Plan, targets: LoadedTarget[], secrets: SecretLookup): string {
  const byKey = new Map(targets.map((t) => [stateKey(t.path, t.entriesPath), t]));
  const names = new Set<string>();
  for (const t of plan.targets) for (const c of t.changes) secretNamesIn(c.after, names);
  const values = knownSecretValues(names, secrets);
  // Old values in the file that are no longer known (a rotated secret) are masked by position.
  for (const t of plan.targets) {
    const current = byKey.get(stateKey(t.path, t.entriesPath))?.current;
    if (!current || current instanceof Error) continue;
    for (const c of t.changes) if (c.after) stringsAtSecretPaths(current[c.server], c.after, values);
  }
  values.sort((a, b) => b.length - a.length);
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
    out.push(createTwoFilesPatch(t.path, t.path, redactText(before, values), redactText(after, values), loaded.text === null ? '(new file)' : '', ''));
  }
  return out.join('\n');
}

/** Collects the strings of `before` that sit where `after` holds a secret reference. */
function stringsAtSecretPaths(before: unknown, after: unknown, into: string[]): void {
  if (!hasSecret(after) || before === undefined || before === null) return;
  if (typeof before === 'string') {
    if (before && !into.includes(before)) into.push(before);
  } else if (typeof before === 'object' && after && typeof after === 'object') {
    for (const [k, v] of Object.entries(before)) stringsAtSecretPaths(v, (after as Record<string, unknown>)[k], into);
  }
}
