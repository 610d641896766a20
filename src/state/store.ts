import fs from 'node:fs';
import path from 'node:path';
import { APPLY_ID_RE, backupDir } from '../apply/backup.js';
import { readFileIfExists, writeError } from '../apply/write.js';
import { MAX_OWN_FILE_BYTES, readTextFile } from '../fs/files.js';
import { parseHexKey, placeKeyOnce } from './key-file.js';
import { McpoError } from '../errors.js';
import { makeDir } from '../fs/make-dir.js';
import { dict, nullProto } from '../dict.js';
import { nodeCrypto } from '../node-crypto.js';
import type { ApplyRecord, Fingerprinter, StateData } from './contract.js';
import { createFingerprinter } from './digest.js';

/** How many applies can be rolled back; older records and their backups are pruned. */
export const MAX_APPLIES = 20;

/**
 * The state folder: `state.json` (StateData), `applies.json` (ApplyRecord[], newest last),
 * `salt`, `backups/`, `locks/`. Everything is private to the user (0700 folder, 0600 files).
 * Callers that record applies from several processes should hold
 * `withFileLock(store.lockDir, store.appliesPath, ...)` around the read-modify-write.
 */
export class StateStore {
  readonly dir: string;
  private salt: Buffer | undefined;
  private saltSaved = false;
  /** Set while one apply holds the state lock: see holdForApply. */
  private held: HeldApply | undefined;

  constructor(dir: string) {
    this.dir = dir;
  }

  get statePath(): string { return path.join(this.dir, 'state.json'); }
  get appliesPath(): string { return path.join(this.dir, 'applies.json'); }
  get lockDir(): string { return path.join(this.dir, 'locks'); }

  load(): StateData {
    const text = readOwnFile(this.statePath);
    return text === null ? emptyState() : parseState(text, this.statePath);
  }

  /** The raw text of state.json ('' when absent), kept in ApplyRecord.stateBefore. */
  snapshot(): string {
    return readOwnFile(this.statePath) ?? '';
  }

  /**
   * Writes state.json, compact (a pretty 1000 x 18 state is several MB: apply writes it once per
   * file). During an apply (holdForApply) the text of each file's state is reused while the
   * object is the same: apply replaces a changed FileState, it never edits one.
   */
  save(data: StateData): void {
    const files = this.held?.fileJson;
    if (!files) {
      this.writePrivate(this.statePath, `${JSON.stringify(data)}\n`);
      return;
    }
    const parts = Object.entries(data.files).map(([key, file]) => {
      let hit = files.get(key);
      if (hit?.file !== file) files.set(key, (hit = { file, json: JSON.stringify(file) }));
      return `${JSON.stringify(key)}:${hit.json}`;
    });
    // `"files":0` cannot occur inside a JSON string (its quotes would be escaped).
    const text = JSON.stringify({ ...data, files: 0 }).replace('"files":0', () => `"files":{${parts.join(',')}}`);
    this.writePrivate(this.statePath, `${text}\n`);
  }

  /**
   * For one apply, while it holds the lock on statePath (which every writer of state.json and
   * applies.json holds): the apply list is read once and kept in memory, and what does not
   * change between the records of its files is serialised once. Call the returned function
   * when the lock is released.
   */
  holdForApply(): () => void {
    this.held = { applies: this.readApplies(), fileJson: new Map(), recordJson: new WeakMap() };
    return () => {
      this.held = undefined;
    };
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

  readApplies(): ApplyRecord[] {
    if (this.held) return this.held.applies;
    const text = readOwnFile(this.appliesPath);
    if (text === null) return [];
    try {
      const list: unknown = JSON.parse(text);
      if (Array.isArray(list)) return list as ApplyRecord[];
    } catch {
      // reported below
    }
    throw corrupt(this.appliesPath, 'delete it to forget the apply history (rollback will then be unavailable)');
  }

  /**
   * Saves the record (replacing an earlier version with the same id: apply records each file as
   * it is written), then prunes to the last MAX_APPLIES with their backups.
   */
  recordApply(rec: ApplyRecord): void {
    const list = this.readApplies();
    const at = list.findIndex((r) => r.id === rec.id);
    const all = at >= 0 ? list.map((r, i) => (i === at ? rec : r)) : [...list, rec];
    const kept = all.slice(-MAX_APPLIES);
    this.writeApplies(kept, rec);
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
    const all = this.readApplies();
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

  /**
   * applies.json, compact. During an apply, the earlier records (never edited) are serialised
   * once, and so is the big `stateBefore` text of the one being recorded (`current`, which
   * changes with every file).
   */
  private writeApplies(list: ApplyRecord[], current?: ApplyRecord): void {
    const held = this.held;
    if (held) held.applies = list;
    const json = (r: ApplyRecord): string => {
      if (!held) return JSON.stringify(r);
      if (r !== current) {
        let text = held.recordJson.get(r);
        if (text === undefined) held.recordJson.set(r, (text = JSON.stringify(r)));
        return text;
      }
      const { stateBefore, ...rest } = r;
      if (held.stateBefore?.text !== stateBefore) held.stateBefore = { text: stateBefore, json: JSON.stringify(stateBefore) };
      const head = JSON.stringify(rest);
      return `${head.slice(0, -1)}${head.length > 2 ? ',' : ''}"stateBefore":${held.stateBefore.json}}`;
    };
    this.writePrivate(this.appliesPath, `[${list.map(json).join(',')}]\n`);
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
    if (!salt) throw corrupt(this.saltFile, 'delete it; mcpo will then treat every entry it wrote as changed by hand');
    this.saltSaved = true;
    return salt;
  }
  private saveSalt(salt: Buffer): Buffer {
    this.ensureDir();
    placeKeyOnce(this.saltFile, salt);
    return this.loadSalt() ?? salt;
  }

}

interface HeldApply {
  applies: ApplyRecord[];
  /** state.files key -> the FileState last written and its JSON. */
  fileJson: Map<string, { file: unknown; json: string }>;
  /** JSON of records that are not being recorded now (they are never edited). */
  recordJson: WeakMap<ApplyRecord, string>;
  stateBefore?: { text: string; json: string };
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
    throw corrupt(file, 'fix it, or delete it (mcpo then treats the entries it wrote as not managed)');
  }
  const obj = data as Partial<StateData> | null;
  if (obj && typeof obj === 'object' && typeof obj.version === 'number' && obj.version > 1) {
    throw new McpoError('state-version', `${file} was written by a newer mcpo.`, { hint: 'upgrade mcpo' });
  }
  if (!obj || obj.version !== 1 || typeof obj.files !== 'object' || obj.files === null) {
    throw corrupt(file, 'fix it, or delete it (mcpo then treats the entries it wrote as not managed)');
  }
  // Entry names are keys: null-prototype maps, so `constructor` is an entry like any other.
  return nullProto(obj) as StateData;
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
