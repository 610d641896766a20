import type { ConfigFormat } from '../formats/contract.js';
import type { NativeEntry } from '../types.js';
import type { AppliedFile, Fingerprinter } from '../state/contract.js';
import { McpoError } from '../errors.js';

/** What rolling back one file does, decided on the file as it is now. */
export interface FileUndo {
  path: string;
  /** `restore`: whole file from the backup (unchanged since the apply); `remove`: the apply
   * created it and nothing else was written to it; `edit`: only the apply's entries are put
   * back; `none`: nothing left to undo. */
  action: 'restore' | 'remove' | 'edit' | 'none';
  /** Entries put back as they were before the apply. */
  restored: string[];
  /** Entries the apply created, removed. */
  removed: string[];
  /** The file's new text (null for `remove` and `none`). */
  text: string | null;
}

export interface UndoContext {
  format: ConfigFormat | null;
  fingerprint: Fingerprinter;
  /** Also undo entries changed by hand since the apply (never other entries or other bytes). */
  force: boolean;
}

/**
 * The inverse of what one apply did to one file, on its current text. The whole file comes
 * back from the backup only when nobody wrote to it since; otherwise each entry the apply
 * changed is set back to its value in the backup (removed when the apply created it), and
 * every other byte, including what other programs wrote since, stays.
 */
export function undoFile(
  file: AppliedFile,
  current: string | null,
  backup: string | null,
  ctx: UndoContext,
): FileUndo {
  const base = { path: file.path, restored: [], removed: [] };
  if (current !== null && ctx.fingerprint.text(current) === file.digestAfter) {
    return backup === null
      ? { ...base, action: 'remove', text: null }
      : { ...base, action: 'restore', text: backup };
  }
  if (current === null) {
    if (ctx.force) return { ...base, action: 'none', text: null };
    const hint = 'run `mcpo rollback --force` to roll back the other files and leave it deleted';
    throw conflict(`${file.path} was deleted since that apply`, hint);
  }
  if (!file.entries || !ctx.format) {
    const hint = `restore what you need by hand${file.backup ? ` from ${file.backup}` : ''}`;
    throw conflict(
      `${file.path} changed since that apply, which an older mcpo recorded without its entries`,
      hint,
    );
  }
  const format = ctx.format;
  const restored: string[] = [];
  const removed: string[] = [];
  let text = current;
  for (const { entriesPath, written } of file.entries) {
    const now = format.readEntries(text, file.path, entriesPath);
    const old = backup === null ? {} : format.readEntries(backup, file.path, entriesPath);
    const edits: Record<string, NativeEntry | undefined> = {};
    for (const [name, after] of Object.entries(written)) {
      const nowFp = fingerprintOf(now, name, ctx.fingerprint);
      const oldEntry = Object.hasOwn(old, name) ? old[name] : undefined;
      if (nowFp === fingerprintOf(old, name, ctx.fingerprint)) continue; // already as before
      if (nowFp !== after && !ctx.force) {
        const hint =
          'run `mcpo rollback --force` to put it back as it was before that apply anyway (nothing else in the file changes)';
        throw conflict(`The entry "${name}" in ${file.path} changed since that apply`, hint);
      }
      Object.defineProperty(edits, name, {
        value: oldEntry,
        enumerable: true,
        writable: true,
        configurable: true,
      });
      (oldEntry === undefined ? removed : restored).push(name);
    }
    if (Object.keys(edits).length) text = format.writeEntries(text, file.path, entriesPath, edits);
  }
  if (!restored.length && !removed.length) return { ...base, action: 'none', text: null };
  return { path: file.path, action: 'edit', restored, removed, text };
}

function fingerprintOf(
  entries: Record<string, NativeEntry>,
  name: string,
  fp: Fingerprinter,
): string | null {
  return Object.hasOwn(entries, name) ? fp.entry(entries[name]) : null;
}

function conflict(message: string, hint: string): McpoError {
  return new McpoError('rollback-conflict', `${message}; nothing was rolled back.`, { hint });
}
