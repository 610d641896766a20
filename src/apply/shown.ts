import type { Plan } from '../types.js';
import { NO_FIELDS } from '../plan/fields.js';

/**
 * Lets go of what only showing the plan needed, once it is shown and confirmed: each change's
 * field list (the lines plan prints under an entry). Apply writes from `action`, `server` and
 * `after`; it never reads `fields`. At 5000 servers x 32 clients those lists were 39 of the
 * ~180 MB live while the files were written (measured from a heap snapshot). In place, one
 * shared empty list: a copy would call each change's lazy `drift` (a digest per entry).
 * O(changes).
 */
export function dropShownFields(plan: Plan): void {
  for (const t of plan.targets) for (const c of t.changes) c.fields = NO_FIELDS;
}
