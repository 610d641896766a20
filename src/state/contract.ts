import type { Scope } from '../types.js';

/**
 * The per-machine ownership state (`$XDG_STATE_HOME/mcpo/state.json`).
 * It records which entries of which file mcpo manages, and a salted fingerprint of what it
 * last wrote. It never holds a secret value nor an unsalted hash of one.
 */
export interface ManagedEntry {
  /** Absolute path of the stack file that owns the entry. */
  stack: string;
  /** Salted HMAC of the native entry mcpo last wrote (see Fingerprinter). */
  fingerprint: string;
}

export interface FileState {
  path: string;
  client: string;
  scope: Scope;
  entriesPath: string[];
  entries: Record<string, ManagedEntry>;
}

export interface AppliedFile {
  path: string;
  /** Backup of the previous content (its raw bytes), or null when apply created the file. */
  backup: string | null;
  /** Digest of the content apply wrote: rollback restores the whole file only when it still matches. */
  digestAfter: string;
  /** Client id, so rollback can read and edit the file in its format (absent in old records). */
  client?: string;
  /** Mode of the file before the apply (null: created), restored by rollback. */
  modeBefore?: number | null;
  /** The entries this apply changed, per servers map: what rollback undoes (absent in old records). */
  entries?: AppliedEntries[];
}

/** The managed entries one apply changed in one servers map of a file. */
export interface AppliedEntries {
  entriesPath: string[];
  /** Entry name -> fingerprint of what apply wrote, or null when apply removed the entry. */
  written: Record<string, string | null>;
}

export interface ApplyRecord {
  id: string;
  time: string;
  stack: string;
  files: AppliedFile[];
  /** Copy of state.json as it was before this apply, restored by rollback. */
  stateBefore: string;
}

export interface StateData {
  version: 1;
  /** Keyed by `stateKey(path, entriesPath)`. */
  files: Record<string, FileState>;
}

export function stateKey(path: string, entriesPath: string[]): string {
  return `${path}#${entriesPath.join('/')}`;
}

/** Salted digests: the salt lives in the state folder (mode 0600) and never leaves the machine. */
export interface Fingerprinter {
  /** Fingerprint of a native entry with secret values resolved (canonical JSON, sorted keys). */
  entry(entry: unknown): string;
  /** Digest of a whole file's text. */
  text(text: string): string;
}
