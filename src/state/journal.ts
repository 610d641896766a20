import fs from 'node:fs';
import { McpoError } from '../errors.js';
import { nullProto, own } from '../dict.js';
import type { AppliedFile, ApplyRecord, FileState, StateData } from './contract.js';

/**
 * The journal of the apply in progress (`apply.journal` in the state folder): one JSON line per
 * step, appended and fsynced. Apply records each file here just before its rename, at a cost of
 * O(that file's entries); rewriting state.json and applies.json whole for every file instead
 * cost O(files x state) (at 5000 servers x 18 clients, 18 rewrites of ~22 MB, most of the
 * garbage of a large apply). When the apply ends, the store folds the journal into state.json
 * and applies.json once and removes it; a journal left by a killed apply is folded in by the
 * next command that writes the state, and read (not folded) by every reader meanwhile.
 *
 * Invariant that makes the fold safe to repeat: while a journal exists, only the fold writes
 * state.json, and it writes applies.json (with this apply's record) first. So when the record's
 * id is not in applies.json yet, state.json is still the state before the apply: it is the
 * record's `stateBefore`. Every state line sets whole FileStates, so replaying the journal over
 * a state that already holds it changes nothing.
 */
export type JournalLine =
  | { apply: { id: string; time: string; stack: string } }
  /** File `file` of the record is `record`; each key's FileState is now this (null: none). */
  | { file: number; record: AppliedFile; state: Record<string, FileState | null> }
  /** The write recorded at `forget` did not happen: the record ends before it, the state goes back. */
  | { forget: number; state: Record<string, FileState | null> };

/** Appends one line and fsyncs it: on disk before the caller renames the file it describes. */
export function appendLine(file: string, line: JournalLine, flag: 'a' | 'wx' = 'a'): void {
  const fd = fs.openSync(file, flag, 0o600);
  try {
    // Two writes, not one of `${json}\n`: that would copy a line of a large file once more.
    // A kill between them leaves a line without its newline, which the reader ignores.
    fs.writeFileSync(fd, JSON.stringify(line));
    fs.writeFileSync(fd, '\n');
    fs.fdatasyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

/** What a journal says: the record it builds and the state changes, in order. */
export interface Replay {
  head: { id: string; time: string; stack: string };
  files: AppliedFile[];
  /** Key -> the FileState last set for it (null: removed). O(keys the apply touched). */
  state: Map<string, FileState | null>;
}

/**
 * Parses a journal's text. A last line without its newline is a write cut short by a kill
 * (before the rename it was to precede): it is ignored. Any other bad line is a damaged journal.
 */
export function parseJournal(text: string, file: string): Replay | null {
  const lines = text.split('\n');
  // The text after the last newline: '' for a whole journal, else the cut-short line.
  lines.pop();
  if (!lines.length) return null;
  let replay: Replay | null = null;
  for (const raw of lines) {
    let line: Partial<Record<'apply' | 'file' | 'forget' | 'record' | 'state', unknown>>;
    try {
      line = JSON.parse(raw) as typeof line;
    } catch {
      throw damaged(file);
    }
    if (!replay) {
      const head = line.apply as Replay['head'] | undefined;
      if (!head || typeof head.id !== 'string') throw damaged(file);
      replay = { head, files: [], state: new Map() };
      continue;
    }
    if (typeof line.file === 'number') replay.files[line.file] = line.record as AppliedFile;
    else if (typeof line.forget === 'number') replay.files.length = line.forget;
    else throw damaged(file);
    const state = line.state as Record<string, FileState | null>;
    for (const key of Object.keys(state ?? {}))
      replay.state.set(key, nullProto(own(state, key) ?? null));
  }
  return replay;
}

/** Sets the journal's FileStates in `state` (in place) and returns it. */
export function replayState(state: StateData, replay: Replay): StateData {
  for (const [key, file] of replay.state) {
    if (file === null) delete state.files[key];
    else state.files[key] = file;
  }
  return state;
}

/** The apply record the journal describes, with the state text it started from. */
export function replayRecord(replay: Replay, stateBefore: string): ApplyRecord {
  return { ...replay.head, files: [...replay.files], stateBefore };
}

function damaged(file: string): McpoError {
  return new McpoError('state-corrupt', `The mcpo apply journal ${file} is damaged.`, {
    hint: 'delete it (mcpo then forgets what the interrupted apply recorded; its files stay as they are)',
  });
}
