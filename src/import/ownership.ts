/**
 * Import takes over the entries it put in the stack: state records them as owned by the new
 * stack file with the same fingerprint apply would record (the entry as it is in the file),
 * so `mcpo plan` right after import sees managed, unchanged entries: `No changes.`
 */
import type { NativeEntry, Scope } from '../types.js';
import type { StateData } from '../state/contract.js';
import { stateKey } from '../state/contract.js';
import type { StateStore } from '../state/store.js';
import { withFileLock } from '../apply/lock.js';
import { recordOwnership as recordFileOwnership } from '../apply/apply.js';
import { own } from '../dict.js';
import { otherOwner, takeOverHint, type TakeOver } from '../plan/owner.js';
import type { FoundClients } from './read-clients.js';

export interface OwnedFile {
  client: string;
  scope: Scope;
  path: string;
  entriesPath: string[];
  /** Entry name -> the native entry as it is in the file. */
  entries: Record<string, NativeEntry>;
}

/** Records ownership (replacing what this stack file owned before); returns `entry in file` labels that another stack managed until now. */
export async function recordOwnership(
  store: StateStore,
  stackFile: string,
  files: OwnedFile[],
): Promise<string[]> {
  const fp = store.fingerprinter({ persist: true });
  return withFileLock(store.lockDir, store.statePath, async () => {
    const state: StateData = store.load();
    const tookOver: string[] = [];
    // A stack file written again (`--force`) owns exactly what this import found: entries an
    // earlier import gave it but not in this one are released, never deleted by the next plan.
    for (const [key, file] of Object.entries(state.files)) {
      const kept = Object.fromEntries(
        Object.entries(file.entries).filter(([, e]) => e.stack !== stackFile),
      );
      if (Object.keys(kept).length) state.files[key] = { ...file, entries: kept };
      else delete state.files[key];
    }
    for (const f of files) {
      const before = own(state.files, stateKey(f.path, f.entriesPath))?.entries;
      for (const name of Object.keys(f.entries)) {
        const was = own(before, name);
        if (was && was.stack !== stackFile)
          tookOver.push(`${name} in ${f.path} (was managed by ${was.stack})`);
      }
      recordFileOwnership(
        state,
        { ...f, managed: Object.keys(f.entries) },
        f.entries,
        stackFile,
        (v) => fp.entry(v),
      );
    }
    store.save(state);
    return tookOver;
  });
}

/**
 * Import never takes an entry from the stack file that manages it without being asked: such an
 * entry is left out of the new stack (reported as skipped) unless named with `--take-over NAME`.
 */
export function leaveOtherStacksEntries(
  found: FoundClients,
  state: StateData,
  stackFile: string,
  takeOver: TakeOver,
): FoundClients {
  const skipped = [...found.skipped];
  const targets = found.targets
    .map((t) => ({
      ...t,
      entries: t.entries.filter((e) => {
        const owner = otherOwner(state, t.path, t.entriesPath, e.name, stackFile);
        if (owner === undefined || takeOver.has(e.name)) return true;
        const reason = `the stack ${owner} manages it; ${takeOverHint(e.name, 'mcpo import')}`;
        skipped.push({ what: `${e.name} in ${t.path}`, reason });
        return false;
      }),
    }))
    .filter((t) => t.entries.length);
  return { targets, skipped };
}
