import type { Plan, PlanSummary } from '../types.js';

export function summarize(plan: Plan): PlanSummary {
  const s: PlanSummary = { add: 0, change: 0, remove: 0 };
  for (const t of plan.targets) {
    for (const c of t.changes) {
      if (c.action === 'create') s.add++;
      else if (c.action === 'update') s.change++;
      else if (c.action === 'delete') s.remove++;
    }
  }
  return s;
}

export function hasChanges(plan: Plan): boolean {
  const s = summarize(plan);
  return s.add + s.change + s.remove > 0;
}

/**
 * Entries that stay as they are but that apply takes over (made by the user or another tool, same
 * as the stack's): no file changes, yet mcpo manages them afterwards, so plan and apply say so.
 */
export function takeOvers(plan: Plan): number {
  return plan.targets.reduce(
    (n, t) => n + t.changes.filter((c) => c.action === 'noop' && c.adopt).length,
    0,
  );
}
