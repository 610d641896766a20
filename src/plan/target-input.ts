import type { ClientAdapter } from '../clients/contract.js';
import type { NativeEntry, Scope, TargetDef } from '../types.js';
import type { McpoError } from '../errors.js';
import type { GitExposure } from './git-exposure.js';

/** Everything the planner needs to know about one client file, read by the load step. */
export interface LoadedTarget {
  /** The declaration, or null for a file that only the state remembers (target left the stack). */
  def: TargetDef | null;
  adapter: ClientAdapter;
  scope: Scope;
  path: string;
  entriesPath: string[];
  /** False when the application's folder is absent (user scope, no explicit path). */
  installed: boolean;
  /** The folder checked for `installed`, for the skip message. */
  installDir: string;
  /** File text, or null when the file does not exist. */
  text: string | null;
  /** Entries currently in the file, or the parse error. */
  current: Record<string, NativeEntry> | McpoError;
  /**
   * Set by the load step only for files about to receive a secret value: `tracked` by git, or
   * `unignored` inside a git work tree. The planner refuses to write secrets into either.
   */
  gitExposure?: GitExposure | null;
  /**
   * The real file and servers map (`fileKey`): targets with one key are planned as one edit.
   * Absent in hand-built targets, which stand for `stateKey(path, entriesPath)`.
   */
  key?: string;
  /** Ids of every known client that reads this servers map (see plan/readers.ts). */
  readers?: string[];
  /** Server names the client turned off in its own settings (adapter `disabledBy`), and where. */
  clientDisabled?: { path: string; names: string[] };
}
