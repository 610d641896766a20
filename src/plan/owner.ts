/**
 * One ownership ledger across stack files. The state records, per client file and entry, the
 * stack file that wrote it (ManagedEntry.stack). An entry another stack file owns is that stack's:
 * plan shows it with its owner and never deletes it, and import leaves it out, unless the user
 * names it with `--take-over NAME` (the one explicit ask, shared by plan, apply and import).
 */
import type { StateData } from '../state/contract.js';
import { stateKey } from '../state/contract.js';

/** Server names the user asked to take over from whichever stack file owns them now. */
export type TakeOver = ReadonlySet<string>;

export function takeOverOf(names: unknown): TakeOver {
  return new Set(
    Array.isArray(names) ? names.filter((n): n is string => typeof n === 'string') : [],
  );
}

/** The stack file that owns `name` in one client file, when that is not `stackFile`. */
export function otherOwner(
  state: StateData,
  path: string,
  entriesPath: string[],
  name: string,
  stackFile: string,
): string | undefined {
  const entries = state.files[stateKey(path, entriesPath)]?.entries;
  const owner = entries && Object.hasOwn(entries, name) ? entries[name]!.stack : undefined;
  return owner !== undefined && owner !== stackFile ? owner : undefined;
}

/** The fix offered wherever an entry belongs to another stack file. */
export function takeOverHint(name: string, command: string): string {
  return `pass \`--take-over ${name}\` to ${command} to manage it from this stack`;
}
