import type { NativeEntry, Problem, ServerChange } from '../types.js';
import type { Fingerprinter } from '../state/contract.js';
import type { LoadedTarget } from './target-input.js';
import { McpoError } from '../errors.js';
import { entryEdits } from './edits.js';

/**
 * What a target's plan relies on: for each entry it creates, updates or deletes, the salted
 * fingerprint of the entry as the plan saw it (null: absent). Apply compares only these, so a
 * client rewriting the rest of its file (Claude Code's `numStartups`) does not stale the plan.
 */
export function expectedEntries(
  changes: ServerChange[],
  current: Record<string, NativeEntry>,
  fingerprint: Fingerprinter,
): Record<string, string | null> {
  const expect: Record<string, string | null> = Object.create(null);
  for (const c of changes) {
    if (c.action === 'noop') continue;
    const before = Object.hasOwn(current, c.server) ? current[c.server] : undefined;
    expect[c.server] = before === undefined ? null : fingerprint.entry(before);
  }
  return expect;
}

/** Stands in for every secret value: only the shape of the edit matters here. */
const PLACEHOLDER = () => 'mcpo-placeholder';

/**
 * Runs the format's edit once on the file as planned, so that a file the planner accepts is a
 * file apply can write (a YAML key without a value, a TOML inline table): plan and apply agree.
 */
export function checkEditable(t: LoadedTarget, changes: ServerChange[]): Problem | null {
  // A file that does not exist yet is written whole, from entries the planner made: nothing in
  // it can refuse an edit (and rendering thousands of entries twice is most of a large plan).
  if (t.text === null || !changes.some((c) => c.action !== 'noop')) return null;
  const { edits } = entryEdits(changes, PLACEHOLDER);
  try {
    t.adapter.format.writeEntries(t.text ?? '', t.path, t.entriesPath, edits);
    return null;
  } catch (err) {
    if (!(err instanceof McpoError)) throw err;
    return {
      code: err.code,
      message: err.message,
      ...(err.hint ? { hint: err.hint } : {}),
      ...(err.loc ? { loc: err.loc } : {}),
    };
  }
}
