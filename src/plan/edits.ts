import type { NativeEntry, ServerChange } from '../types.js';
import { hasSecret, substituteSecrets } from '../secrets/tokens.js';
import { dict } from '../dict.js';

/**
 * The entry edits a target's changes make (undefined removes an entry), with secret tokens
 * replaced through `lookup`: real values when applying, a mask when rendering a diff.
 */
export function entryEdits(
  changes: ServerChange[],
  lookup: (name: string) => string | undefined,
): { edits: Record<string, NativeEntry | undefined>; withSecrets: boolean } {
  // Keyed by entry name: an entry named `__proto__` is removed like any other.
  const edits = dict<NativeEntry | undefined>();
  let withSecrets = false;
  for (const c of changes) {
    if (c.action === 'delete') edits[c.server] = undefined;
    else if (c.after) {
      edits[c.server] = substituteSecrets(c.after, lookup);
      withSecrets ||= hasSecret(c.after);
    }
  }
  return { edits, withSecrets };
}
