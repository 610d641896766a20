import fs from 'node:fs';
import path from 'node:path';
import { APPLY_ID_RE, backupDir } from '../apply/backup.js';
import { readFileIfExists, writeError } from '../apply/write.js';
import { MAX_OWN_FILE_BYTES, readTextFile } from '../fs/files.js';
import { parseHexKey, placeKeyOnce } from './key-file.js';
import { McpoError } from '../errors.js';
import { makeDir } from '../fs/make-dir.js';
import { dict, withoutPrototypes } from '../dict.js';
import { nodeCrypto } from '../node-crypto.js';
import type { AppliedFile, ApplyRecord, FileState, Fingerprinter, StateData } from './contract.js';
import {
  appendLine,
  parseJournal,
  replayRecord,
  replayState,
  type JournalLine,
  type Replay,
} from './journal.js';
import { createFingerprinter } from './digest.js';

/** How many applies can be rolled back; older records and their backups are pruned. */
export const MAX_APPLIES = 20;

/**
 * The state folder: `state.json` (StateData), `applies.json` (ApplyRecord[], newest last),
 * `apply.journal` (while an apply runs, see journal.ts), `salt`, `backups/`, `locks/`. Everything is private to the user (0700 folder, 0600 files).
 * Callers that record applies from several processes should hold
 * `withFileLock(store.lockDir, store.appliesPath, ...)` around the read-modify-write.
 */
export class StateStore {
  readonly dir: string;
  private salt: Buffer | undefined;
  /** The state last parsed, and the versions of the files it was read from (see load). */
  private loaded: { version: string; state: StateData } | undefined;
  private saltSaved = false;

  constructor(dir: string) {
    this.dir = dir;
  }

  get statePath(): string {
    return path.join(this.dir, 'state.json');
  }
  get appliesPath(): string {
    return path.join(this.dir, 'applies.json');
  }
  get lockDir(): string {
    return path.join(this.dir, 'locks');
  }

  /**
   * The state, with the journal of an apply in progress (or killed) replayed over it. The
   * journal is read first: were it folded in meanwhile, replaying it again changes nothing.
   */
  load(): StateData {
    // Stat before reading: a file replaced in between is read again next time, never cached stale.
    const version = fileVersion(this.journalPath, this.statePath);
    if (version === undefined || this.loaded?.version !== version) {
      const replay = this.readJournal();
      const text = readOwnFile(this.statePath);
      const state = text === null ? emptyState() : parseState(text, this.statePath);
      this.loaded = { version: version ?? '', state: replay ? replayState(state, replay) : state };
    }
    // A command loads the state up to three times (plan, apply's no-op check, apply): parsed
    // once while the files are unchanged. Callers set and delete records in `files`, never edit
    // a FileState in place (they replace it), so a copy of that one map is theirs to change.
    const { state } = this.loaded;
    return { ...state, files: dict(Object.entries(state.files)) };
  }

  /** The raw text of state.json ('' when absent), kept in ApplyRecord.stateBefore. */
  snapshot(): string {
    return readOwnFile(this.statePath) ?? '';
  }

  /**
   * Writes state.json, compact (a pretty 1000 x 18 state is several MB). A journal left by a
   * killed apply is folded in first: `data` was loaded with it, and its record must not be lost.
   */
  save(data: StateData): void {
    this.settle();
    this.writePrivate(this.statePath, `${JSON.stringify(data)}\n`);
  }

  get journalPath(): string {
    return path.join(this.dir, 'apply.journal');
  }

  /**
   * Starts the journal of one apply; call it only while holding the lock on statePath (which
   * every writer of the state folder holds). A journal left by a killed apply is folded in
   * first. Each file then costs one appended line of O(its entries) (see journal.ts).
   */
  beginApply(head: { id: string; time: string; stack: string }): ApplyJournal {
    this.settle();
    this.ensureDir();
    const file = this.journalPath;
    const append = (line: JournalLine, flag?: 'wx') => {
      try {
        appendLine(file, line, flag);
      } catch (err) {
        throw writeError(file, err, `check the permissions of the mcpo state folder ${this.dir}`);
      }
    };
    append({ apply: head }, 'wx');
    return {
      file: (index, record, state) => append({ file: index, record, state }),
      forget: (index, state) => append({ forget: index, state }),
      finish: (files, state) => {
        // applies.json first: once it holds the record, state.json may change (journal.ts).
        if (files.length) this.recordApply({ ...head, files, stateBefore: this.snapshot() }, false);
        this.writePrivate(this.statePath, `${JSON.stringify(state)}\n`);
        fs.rmSync(file, { force: true });
      },
    };
  }

  /**
   * Folds a journal left by a killed apply into applies.json and state.json, then removes it.
   * O(state), and only when a journal is there. Writers call it under the state lock.
   */
  private settle(): void {
    const replay = this.readJournal();
    if (replay === undefined) return;
    if (replay) {
      const state = this.snapshot();
      const known = this.readAppliesFile().some((r) => r.id === replay.head.id);
      if (replay.files.length && !known) this.recordApply(replayRecord(replay, state), false);
      const data = replayState(parseState(state, this.statePath), replay);
      this.writePrivate(this.statePath, `${JSON.stringify(data)}\n`);
    }
    fs.rmSync(this.journalPath, { force: true });
  }

  /** The journal as parsed (null: empty), or undefined when there is none. */
  private readJournal(): Replay | null | undefined {
    const text = readOwnFile(this.journalPath);
    return text === null ? undefined : parseJournal(text, this.journalPath);
  }

  /**
   * Entry digests keyed by this machine's salt. Only a command that writes (apply, import) asks
   * for `persist`: the salt file is created then. Before that (a plan on a fresh machine) a salt
   * that exists only in memory stands in: no state can hold a digest made with it, which is
   * exactly what a missing salt means. A later `persist` in the same process saves that same
   * salt, so the digests a plan made still match what apply checks.
   */
  fingerprinter(opts: { persist?: boolean } = {}): Fingerprinter {
    this.salt ??= this.loadSalt() ?? nodeCrypto().randomBytes(32);
    if (opts.persist && !this.saltSaved) this.salt = this.saveSalt(this.salt);
    return createFingerprinter(this.salt);
  }

  /** The apply history, oldest first, with the record of an apply in progress (or killed). */
  readApplies(): ApplyRecord[] {
    const replay = this.readJournal();
    const list = this.readAppliesFile();
    if (!replay?.files.length || list.some((r) => r.id === replay.head.id)) return list;
    return [...list, replayRecord(replay, this.snapshot())];
  }

  private readAppliesFile(): ApplyRecord[] {
    const text = readOwnFile(this.appliesPath);
    if (text === null) return [];
    try {
      const list: unknown = JSON.parse(text);
      if (Array.isArray(list)) return list as ApplyRecord[];
    } catch {
      // reported below
    }
    throw corrupt(
      this.appliesPath,
      'delete it to forget the apply history (rollback will then be unavailable)',
    );
  }

  /**
   * Saves the record (replacing an earlier version with the same id: apply records each file as
   * it is written), then prunes to the last MAX_APPLIES with their backups.
   */
  recordApply(rec: ApplyRecord, settle = true): void {
    if (settle) this.settle();
    const list = this.readAppliesFile();
    const at = list.findIndex((r) => r.id === rec.id);
    const all = at >= 0 ? list.map((r, i) => (i === at ? rec : r)) : [...list, rec];
    const kept = all.slice(-MAX_APPLIES);
    this.writeApplies(kept);
    // Remove backups only after the shorter list is saved: a crash in between leaves orphans, not holes.
    for (const old of all.slice(0, all.length - kept.length)) this.removeBackups(old.id);
  }

  /** Forgets the newest apply and removes its backups. */
  dropLastApply(): ApplyRecord | undefined {
    const last = this.readApplies().at(-1);
    return last ? this.dropApply(last.id) : undefined;
  }

  /** Forgets one apply (after its rollback) and removes its backups. */
  dropApply(id: string): ApplyRecord | undefined {
    this.settle();
    const all = this.readAppliesFile();
    const rec = all.find((r) => r.id === id);
    if (!rec) return undefined;
    this.writeApplies(all.filter((r) => r !== rec));
    this.removeBackups(id);
    return rec;
  }

  /**
   * Removes backup folders that no apply record names: a killed apply leaves them. Only folders
   * named like an apply id are touched. Call it only while holding the lock on `statePath`:
   * every apply holds that lock from its first backup to its last record, so no folder removed
   * here can belong to a running apply.
   */
  pruneOrphanBackups(): string[] {
    const root = path.join(this.dir, 'backups');
    let names: string[];
    try {
      names = fs.readdirSync(root);
    } catch {
      return [];
    }
    const known = new Set(this.readApplies().map((r) => r.id));
    const orphans = names.filter((n) => APPLY_ID_RE.test(n) && !known.has(n));
    for (const name of orphans) this.removeBackups(name);
    return orphans;
  }

  /** applies.json, compact (a pretty one is several times larger at 1000 servers). */
  private writeApplies(list: ApplyRecord[]): void {
    this.writePrivate(this.appliesPath, `[${list.map((r) => JSON.stringify(r)).join(',')}]\n`);
  }

  private removeBackups(id: string): void {
    fs.rmSync(backupDir(this.dir, id), { recursive: true, force: true });
  }

  private ensureDir(): void {
    try {
      makeDir(this.dir, 0o700);
      fs.chmodSync(this.dir, 0o700);
    } catch (err) {
      throw writeError(this.dir, err, 'check the permissions of the mcpo state folder');
    }
  }

  private writePrivate(file: string, text: string): void {
    this.ensureDir();
    try {
      writeAtomicSync(file, text);
    } catch (err) {
      throw writeError(file, err, `check the permissions of the mcpo state folder ${this.dir}`);
    }
  }

  /**
   * The salt is created once per machine. Two processes may race on first use: each writes
   * a candidate and links it into place; link fails if the other won, and both use the winner.
   */
  private get saltFile(): string {
    return path.join(this.dir, 'salt');
  }

  private loadSalt(): Buffer | undefined {
    const text = readFileIfExists(this.saltFile);
    if (text === null) return undefined;
    const salt = parseHexKey(text);
    if (!salt)
      throw corrupt(
        this.saltFile,
        'delete it; mcpo will then treat every entry it wrote as changed by hand',
      );
    this.saltSaved = true;
    return salt;
  }
  private saveSalt(salt: Buffer): Buffer {
    this.ensureDir();
    placeKeyOnce(this.saltFile, salt);
    return this.loadSalt() ?? salt;
  }
}

/** One apply's journal (see journal.ts and StateStore.beginApply). */
export interface ApplyJournal {
  /** Records file `index` of the apply and the new state of its keys (null: none), fsynced. */
  file(index: number, record: AppliedFile, state: Record<string, FileState | null>): void;
  /** The write recorded at `index` did not happen: the record ends before it, the state goes back. */
  forget(index: number, state: Record<string, FileState | null>): void;
  /** Folds the apply into applies.json (when it wrote a file) and state.json; O(state), once. */
  finish(files: AppliedFile[], state: StateData): void;
}

export function emptyState(): StateData {
  return { version: 1, files: dict() };
}

/** Parses state.json text; '' (no state before the first apply) is the empty state. */
export function parseState(text: string, file: string): StateData {
  if (text.trim() === '') return emptyState();
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw corrupt(
      file,
      'fix it, or delete it (mcpo then treats the entries it wrote as not managed)',
    );
  }
  const obj = data as Partial<StateData> | null;
  if (obj && typeof obj === 'object' && typeof obj.version === 'number' && obj.version > 1) {
    throw new McpoError('state-version', `${file} was written by a newer mcpo.`, {
      hint: 'upgrade mcpo',
    });
  }
  if (!obj || obj.version !== 1 || typeof obj.files !== 'object' || obj.files === null) {
    throw corrupt(
      file,
      'fix it, or delete it (mcpo then treats the entries it wrote as not managed)',
    );
  }
  // Entry names are keys: null-prototype maps, so `constructor` is an entry like any other.
  return withoutPrototypes(obj) as StateData;
}

/**
 * Identifies one version of files mcpo replaces whole or appends to (absent ones too); undefined
 * when one cannot be looked at (the read then says why).
 */
function fileVersion(...files: string[]): string | undefined {
  try {
    return files
      .map((file) => {
        const st = fs.statSync(file, { bigint: true, throwIfNoEntry: false });
        return st ? `${st.dev}:${st.ino}:${st.size}:${st.mtimeNs}:${st.ctimeNs}` : '-';
      })
      .join('|');
  } catch {
    return undefined;
  }
}

function corrupt(file: string, hint: string): McpoError {
  return new McpoError('state-corrupt', `The mcpo state file ${file} is damaged.`, { hint });
}

/**
 * mcpo's own private files (state, records): temp file in the same folder, fsync, rename.
 * Private files need none of the client-file rules of src/fs/files.ts (modes, owners, re-checks).
 */
function writeAtomicSync(file: string, text: string): void {
  const tmp = `${file}.${process.pid}.${Date.now()}.tmp`;
  try {
    const fd = fs.openSync(tmp, 'wx', 0o600);
    try {
      fs.writeFileSync(fd, text);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(tmp, file);
  } catch (err) {
    fs.rmSync(tmp, { force: true });
    throw err;
  }
}

/**
 * mcpo's own state files grow with servers x clients, and the apply history keeps a copy of the
 * state per apply (20 of them): at 1000 servers x 18 clients that passes the bound for client
 * files after a few applies. They live in a 0700 folder mcpo made: the wider bound applies.
 */
function readOwnFile(file: string): string | null {
  return readTextFile(file, { maxBytes: MAX_OWN_FILE_BYTES });
}
