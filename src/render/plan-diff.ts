import { createTwoFilesPatch } from 'diff';
import type { Plan } from '../types.js';
import { entryEdits } from '../plan/edits.js';
import type { LoadedTarget } from '../plan/target-input.js';
import { stateKey } from '../state/contract.js';
import { SENSITIVE, secretNamesIn } from '../secrets/tokens.js';
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
