import fs from 'node:fs';
import type { ClientAdapter } from '../clients/contract.js';
import { McpoError } from '../errors.js';
import { replaceFile } from '../fs/files.js';
import type { AppliedFile, ApplyRecord, StateData } from '../state/contract.js';
import { parseState, type StateStore } from '../state/store.js';
import { withFileLocks } from './lock.js';
import { readFileIfExists, resolveTarget, writeError } from './write.js';
import { undoFile, type FileUndo } from './undo.js';

export interface RollbackOptions {
  /** Absolute path of the stack file: its newest apply is the one rolled back. */
  stack: string;
  /** Also put back entries changed by hand since (other entries and bytes never change). */
  force: boolean;
  getClient(id: string): ClientAdapter | undefined;
}

export interface RollbackPlan {
  record: ApplyRecord;
  files: FileUndo[];
}

/** The newest apply of `stack` (not of the machine: another project's apply is not ours to undo). */
export function lastApplyOf(store: StateStore, stack: string): ApplyRecord {
  const last = store
    .readApplies()
    .filter((r) => r.stack === stack)
    .at(-1);
  if (!last) {
    throw new McpoError('nothing-to-rollback', `There is no apply of ${stack} to roll back.`, {
      hint: 'rollback undoes the last `mcpo apply` of the stack given by --stack (default ./mcp.stack.yaml)',
    });
  }
  return last;
}

/** What rolling back would do to each file now, without writing; a conflict throws. */
export function planRollback(store: StateStore, opts: RollbackOptions): RollbackPlan {
  const record = lastApplyOf(store, opts.stack);
  const backups = readBackups(record);
  return {
    record,
    files: record.files.map((f) =>
      undo(store, f, readFileIfExists(f.path), backups.get(f) ?? null, opts),
    ),
  };
}

/**
 * Undoes the newest apply of the stack: every file is checked first (a conflict stops before
 * any change), then each one is edited back through the shared write path (so a client writing
 * meanwhile is not overwritten), this stack's ownership goes back to what it was before, and
 * the record is forgotten, so a second rollback goes one apply of this stack further back.
 */
export async function rollbackLastApply(
  store: StateStore,
  opts: RollbackOptions,
): Promise<RollbackPlan> {
  const record = lastApplyOf(store, opts.stack);
  const paths = record.files.map((f) => f.path);
  return withFileLocks(store.lockDir, [...paths, store.statePath], async () => {
    const planned = planRollback(store, opts);
    if (planned.record.id !== record.id) {
      throw new McpoError(
        'rollback-conflict',
        'Another apply of this stack ran meanwhile; nothing was rolled back.',
        {
          hint: 'run `mcpo rollback` again',
        },
      );
    }
    const backups = readBackups(record);
    const done: FileUndo[] = [];
    for (const file of record.files)
      done.push(await undoOnDisk(store, file, backups.get(file) ?? null, opts));
    const before = parseState(record.stateBefore, `the state saved before apply ${record.id}`);
    store.save(revertOwnership(store.load(), before, record.stack));
    store.dropApply(record.id);
    return { record, files: done };
  });
}

function undo(
  store: StateStore,
  file: AppliedFile,
  current: string | null,
  backup: string | null,
  opts: RollbackOptions,
): FileUndo {
  const format = file.client ? (opts.getClient(file.client)?.format ?? null) : null;
  return undoFile(file, current, backup, {
    format,
    fingerprint: store.fingerprinter({ persist: true }),
    force: opts.force,
  });
}

async function undoOnDisk(
  store: StateStore,
  file: AppliedFile,
  backup: string | null,
  opts: RollbackOptions,
): Promise<FileUndo> {
  const first = undo(store, file, readFileIfExists(file.path), backup, opts);
  if (first.action === 'none') return first;
  if (first.action === 'remove') {
    removeFile(file.path);
    return first;
  }
  let result = first;
  const mode = file.modeBefore ?? undefined;
  await replaceFile(
    file.path,
    (current) => {
      result = undo(store, file, current, backup, opts);
      // Written by someone in the meantime, or recreated: undo the entries, keep the file.
      if (result.action === 'remove')
        result = undo(store, file, current, null, { ...opts, force: true });
      return result.text ?? current ?? '';
    },
    mode === undefined ? {} : { mode },
  );
  return result;
}

/** This stack's ownership goes back to before the apply; other stacks' records stay as they are now. */
export function revertOwnership(now: StateData, before: StateData, stack: string): StateData {
  const out: StateData = structuredClone(now);
  for (const [key, file] of Object.entries(out.files)) {
    file.entries = Object.fromEntries(
      Object.entries(file.entries).filter(([, e]) => e.stack !== stack),
    );
    if (!Object.keys(file.entries).length) delete out.files[key];
  }
  for (const [key, file] of Object.entries(before.files)) {
    for (const [name, e] of Object.entries(file.entries)) {
      if (e.stack !== stack) continue;
      const target = (out.files[key] ??= { ...file, entries: {} });
      if (Object.hasOwn(target.entries, name)) continue; // another stack took it over since
      Object.defineProperty(target.entries, name, {
        value: e,
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
  }
  return out;
}

/** Reads every backup up front (raw bytes, as text: mcpo only edits UTF-8 files), so a missing one fails before any change. */
function readBackups(rec: ApplyRecord): Map<AppliedFile, string> {
  const out = new Map<AppliedFile, string>();
  for (const file of rec.files) {
    if (file.backup === null) continue;
    const content = readFileIfExists(file.backup);
    if (content === null) {
      const message = `The backup of ${file.path} (${file.backup}) is missing; nothing was rolled back.`;
      throw new McpoError('rollback-no-backup', message, {
        hint: 'restore the file by hand; mcpo keeps backups of the last 20 applies only',
      });
    }
    out.set(file, content);
  }
  return out;
}

/** Removes the file apply created; through a symlink it was the link's target that was created. */
function removeFile(file: string): void {
  try {
    fs.unlinkSync(resolveTarget(file));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw writeError(file, err);
  }
}
