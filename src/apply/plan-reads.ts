import type { ConfigFormat } from '../formats/contract.js';
import type { LoadedTarget } from '../plan/target-input.js';
import type { NativeEntry } from '../types.js';
import { McpoError } from '../errors.js';
import { stateKey } from '../state/contract.js';

/**
 * The entries the plan read from each file, for apply, which reads every file again (a no-op
 * apply checks the state, a write checks what the plan relies on): with the text unchanged, that
 * read was a second parse of every file for the same entries.
 */
export interface PlanReads {
  /** The plan's entries when `format` reading `text` would give them again, else undefined. */
  entries(
    format: ConfigFormat,
    file: string,
    entriesPath: string[],
    text: string,
  ): Record<string, NativeEntry> | undefined;
  /** Lets go of the plan's texts and entries (their memory): later reads parse again. */
  release(): void;
}

/**
 * What the load step read, by file and servers map. Apply and the planner only read these
 * entries (they record digests and compare), never change them, so handing the plan's objects to
 * apply is the same as parsing the same text with the same format again.
 */
export function planReadsOf(targets: LoadedTarget[]): PlanReads {
  const reads = new Map<string, LoadedTarget>();
  for (const t of targets) {
    if (t.text !== null && !(t.current instanceof McpoError))
      reads.set(stateKey(t.path, t.entriesPath), t);
  }
  return {
    entries(format, file, entriesPath, text) {
      const t = reads.get(stateKey(file, entriesPath));
      if (!t || t.adapter.format !== format || t.text !== text) return undefined;
      return t.current as Record<string, NativeEntry>;
    },
    release: () => reads.clear(),
  };
}

/** `format`, answering readEntries from the plan's reads where they hold. */
export function withPlanReads(format: ConfigFormat, reads: PlanReads | undefined): ConfigFormat {
  if (!reads) return format;
  return {
    ...format,
    readEntries: (text, file, entriesPath) =>
      reads.entries(format, file, entriesPath, text) ?? format.readEntries(text, file, entriesPath),
  };
}
