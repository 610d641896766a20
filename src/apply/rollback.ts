import fs from 'node:fs';
import { McpoError } from '../errors.js';
import type { AppliedFile, ApplyRecord } from '../state/contract.js';
import { parseState, type StateStore } from '../state/store.js';
import { withFileLocks } from './lock.js';
import { readFileIfExists, resolveTarget, writeError, writeFileSafely } from './write.js';

/**
 * Undoes the newest recorded apply: restores each file from its backup (removes the files
 * that apply created), puts back the state as it was before, and forgets the record, so a
 * second rollback goes one apply further back. Every file is checked before any is touched:
 * one edited since the apply (content digest differs from `digestAfter`, computed with
 * `store.fingerprinter().text`) stops the rollback unless `force`.
 */
export async function rollbackLastApply(
  store: StateStore,
  opts: { force: boolean },
): Promise<{ restored: string[]; removed: string[] }> {
  const last = store.readApplies().at(-1);
  if (!last) {
    throw new McpoError('nothing-to-rollback', 'There is no apply to roll back.', {
      hint: 'rollback undoes the last `mcpo apply` run on this machine',
    });
  }
  const paths = last.files.map((f) => f.path);
  return withFileLocks(store.lockDir, [...paths, store.statePath], async () => {
    const backups = readBackups(last);
    if (!opts.force) checkUnchanged(store, last);
    const restored: string[] = [];
    const removed: string[] = [];
    for (const file of last.files) {
      const content = backups.get(file);
      if (content === undefined) {
        if (removeIfPresent(file.path)) removed.push(file.path);
      } else {
        await writeFileSafely(file.path, content);
        restored.push(file.path);
      }
    }
    store.save(parseState(last.stateBefore, `the state saved before apply ${last.id}`));
    store.dropLastApply();
    return { restored, removed };
  });
}

/** Reads every backup up front, so a missing one fails before any file changes. */
function readBackups(rec: ApplyRecord): Map<AppliedFile, string> {
  const out = new Map<AppliedFile, string>();
  for (const file of rec.files) {
    if (file.backup === null) continue;
    const content = readFileIfExists(file.backup);
    if (content === null) {
      throw new McpoError('rollback-no-backup', `The backup of ${file.path} (${file.backup}) is missing.`, {
        hint: 'restore the file by hand; mcpo keeps backups of the last 20 applies only',
      });
    }
    out.set(file, content);
  }
  return out;
}

function checkUnchanged(store: StateStore, rec: ApplyRecord): void {
  const fp = store.fingerprinter();
  for (const file of rec.files) {
    const current = readFileIfExists(file.path);
    if (current === null || fp.text(current) !== file.digestAfter) {
      throw new McpoError('rollback-conflict', `${file.path} changed since the last apply.`, {
        hint: 'run `mcpo rollback --force` to restore it anyway',
      });
    }
  }
}

/** Removes the file apply created; through a symlink it was the link's target that was created. */
function removeIfPresent(file: string): boolean {
  try {
    fs.unlinkSync(resolveTarget(file));
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw writeError(file, err);
  }
}
