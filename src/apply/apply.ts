import type { ClientAdapter } from '../clients/contract.js';
import type { NativeEntry, Plan, TargetPlan } from '../types.js';
import type { AppliedFile, FileState, Fingerprinter, StateData } from '../state/contract.js';
import type { ConfigFormat } from '../formats/contract.js';
import { stateKey } from '../state/contract.js';
import type { StateStore } from '../state/store.js';
import type { SecretLookup } from '../secrets/resolve.js';
import { secretNamesIn } from '../secrets/tokens.js';
import { McpoError } from '../errors.js';
import { replaceFile } from '../fs/files.js';
import { withFileLocks } from './lock.js';
import { readFileIfExists } from './write.js';
import { backupFile } from './backup.js';
import { dict, own } from '../dict.js';
import {
  checkWritable,
  fileJobs,
  produceText,
  type FileJob,
  type ProduceContext,
} from './prepare.js';
import { appliedFile, incomplete, modeOf } from './applied-file.js';
import { type PlanReads, withPlanReads } from './plan-reads.js';

export interface ApplyContext {
  store: StateStore;
  stateDir: string;
  secrets: SecretLookup;
  getClient(id: string): ClientAdapter;
  applyId: string;
  now: string;
  /** Where the plan came from, named when it is stale (a saved plan file, or "the plan"). */
  planSource: string;
  /** The write path (tests inject a failing one to check what a failure mid-apply leaves). */
  replace?: typeof replaceFile;
  /** What the plan read from each file, when the plan was made in this process (plan-reads.ts). */
  planReads?: PlanReads;
  /** Told before each file is written (the command shows it on a terminal when apply is slow). */
  onFile?: (done: number, total: number, path: string) => void;
}

export interface ApplyResult {
  written: TargetPlan[];
}

/**
 * Executes a plan exactly; it never re-decides. Every file is locked, then every new text is
 * prepared and every target checked, and only then are files written, one at a time, each
 * recorded in the state and the apply record as soon as it is written: state and rollback
 * always match the disk, even when a later file fails.
 */
export async function applyPlan(plan: Plan, ctx: ApplyContext): Promise<ApplyResult> {
  if (plan.errors.length)
    throw new McpoError(
      'plan-has-errors',
      `The plan has ${plan.errors.length} error(s); nothing was written.`,
      { hint: 'fix them (see `mcpo plan`) and run apply again' },
    );
  assertSecretsPresent(plan, ctx.secrets);
  // Each file's edits, with the secret values substituted: once, for the check and the write.
  const jobs = fileJobs(plan, ctx.secrets);
  if (nothingToWrite(plan, jobs, ctx)) return { written: [] };
  const paths = [...new Set(plan.targets.map((t) => t.path))];
  // The state file is locked with the client files, so concurrent applies never lose a record.
  return withFileLocks(ctx.store.lockDir, [...paths, ctx.store.statePath], () =>
    write(plan, jobs, ctx),
  );
}

function assertSecretsPresent(plan: Plan, secrets: SecretLookup): void {
  const missing = new Set<string>();
  for (const t of plan.targets)
    for (const c of t.changes)
      for (const n of secretNamesIn(c.after)) if (secrets(n) === undefined) missing.add(n);
  if (missing.size) {
    const names = [...missing].sort().join(', ');
    throw new McpoError(
      'missing-secrets',
      `No value for secret${missing.size > 1 ? 's' : ''} ${names}; nothing was written.`,
      {
        hint: `store ${missing.size > 1 ? 'each' : 'it'} with \`mcpo secret set NAME\` (or export MCPO_SECRET_<NAME>), or run \`mcpo apply\` on a terminal to be asked`,
      },
    );
  }
}

/** A file as prepare read it, and its new text from that. */
interface Prepared {
  text: string | null;
  produced: string;
}

/** Every file's new text, computed and checked before the first write; any problem stops here. */
function prepare(jobs: FileJob[], pc: ProduceContext): Map<FileJob, Prepared> {
  const texts = new Map<FileJob, Prepared>();
  for (const job of jobs) {
    try {
      const text = readFileIfExists(job.path);
      const produced = produceText(job, text, pc);
      if (job.writes) checkWritable(job.path);
      texts.set(job, { text, produced });
    } catch (err) {
      if (!(err instanceof McpoError)) throw err;
      const message = `${err.message.replace(/\.$/, '')}; nothing was written.`;
      throw new McpoError(err.code, message, {
        ...(err.hint ? { hint: err.hint } : {}),
        ...(err.loc ? { loc: err.loc } : {}),
      });
    }
  }
  return texts;
}

async function write(plan: Plan, jobs: FileJob[], ctx: ApplyContext): Promise<ApplyResult> {
  const fp = memoFingerprinter(ctx.store.fingerprinter({ persist: true }));
  const formatOf = formatsOf(ctx);
  let format = entriesOnce(formatOf);
  const pc: ProduceContext = {
    format: formatOf,
    fingerprint: fp,
    planSource: ctx.planSource,
  };
  const texts = prepare(jobs, pc);
  // Only prepare reads the files as the plan read them: held through the writes, the plan's
  // texts and entries would add to the peak memory of a large apply.
  ctx.planReads?.release();
  // Under the state lock no other apply runs: a backup folder without a record is a leftover.
  ctx.store.pruneOrphanBackups();
  // Loaded before the journal starts, while the state files are as the plan read them: the
  // store then reuses the plan's parse (see StateStore.load).
  const state = ctx.store.load();
  // Each file is recorded in the journal (O(that file)); the state and the history are
  // written whole once, at the end (O(state)), by journal.finish.
  const journal = ctx.store.beginApply({ id: ctx.applyId, time: ctx.now, stack: plan.stack.file });
  const rec: { files: AppliedFile[] } = { files: [] };
  const recordJob = (job: FileJob, text: string | null) => {
    for (const { plan: t } of job.targets) {
      const entries =
        text === null ? {} : format(t.client).readEntries(text, t.path, t.entriesPath);
      recordOwnership(state, t, entries, plan.stack.file, fp.entry);
    }
  };
  const written: TargetPlan[] = [];
  const replace = ctx.replace ?? replaceFile;
  const total = jobs.filter((j) => j.writes).length;
  for (const job of jobs) {
    // A file's reads and texts are dropped once it is done: held to the end, every file's
    // parsed entries stayed live and doubled the peak memory of a large apply.
    format = entriesOnce(formatOf);
    const ready = texts.get(job);
    texts.delete(job);
    if (job.writes) ctx.onFile?.(rec.files.length, total, job.path);
    if (!job.writes) {
      recordJob(job, ready?.text ?? null);
      continue;
    }
    const index = rec.files.length;
    // What this job's write may change: only its own files' entries (recordOwnership replaces
    // state.files[key], never mutates it). Keeping those references, not a deep copy of the
    // whole state per file, keeps this O(entries of the file) (the state of 5000 servers x
    // 18 clients holds 90000 entries).
    const kept = keepFiles(state, job);
    let produced = '';
    try {
      // The new text is a function of the file's text: when the file is still as prepare read
      // it (the usual case), prepare's text is reused instead of editing the file twice.
      const produce = (current: string | null): string =>
        current === ready?.text && ready ? ready.produced : produceText(job, current, pc);
      const r = await replace(job.path, (current) => (produced = produce(current)), {
        // Secret values written inline: only the user may read the file.
        ...(job.withSecrets ? { mode: 0o600 } : {}),
        // Recorded just before the rename: killed right after it, the record and the state still
        // name what is on disk, and rollback finds nothing to undo in a file that was not renamed.
        onBefore: (before) => {
          const backup =
            before === null ? null : backupFile(ctx.stateDir, ctx.applyId, index, job.path, before);
          const mode = before === null ? null : modeOf(job.path);
          rec.files[index] = appliedFile(job, produced, backup, mode, format(job.client), fp);
          restoreFiles(state, kept);
          recordJob(job, produced);
          journal.file(index, rec.files[index]!, filesOf(state, kept));
        },
      });
      const file = rec.files[index]!;
      if (r.modeBefore !== (file.modeBefore ?? null)) {
        file.modeBefore = r.modeBefore;
        journal.file(index, file, {});
      }
    } catch (err) {
      if (rec.files.length > index) {
        rec.files.length = index;
        journal.forget(index, filesOf(restoreFiles(state, kept), kept));
      }
      journal.finish(rec.files, state);
      throw incomplete(err, rec.files);
    }
    written.push(...job.targets.filter((t) => Object.keys(t.edits).length).map((t) => t.plan));
  }
  journal.finish(rec.files, state);
  return { written };
}

/**
 * True when no file would change and neither would the state: a no-op apply then ends before
 * taking any lock and writes nothing (not even the state). Read without the lock, so it only
 * ever skips work: anything to write goes through `write`, which checks again under the locks.
 */
function nothingToWrite(plan: Plan, jobs: FileJob[], ctx: ApplyContext): boolean {
  if (jobs.some((j) => j.writes)) return false;
  const state = ctx.store.load();
  const fp = ctx.store.fingerprinter();
  const format = formatsOf(ctx);
  // File by file, stopping at the first difference: O(entries), and only one file's entries
  // held at a time (a whole-state comparison doubled the peak memory of a large no-op apply).
  for (const job of jobs) {
    const text = readFileIfExists(job.path);
    for (const { plan: t } of job.targets) {
      const key = stateKey(t.path, t.entriesPath);
      const before = own(state.files, key);
      const entries =
        text === null ? {} : format(t.client).readEntries(text, t.path, t.entriesPath);
      recordOwnership(state, t, entries, plan.stack.file, fp.entry);
      if (!sameFileState(before, own(state.files, key))) return false;
    }
  }
  return true;
}

/**
 * Whether two records of one file say the same (what state.json would hold for them), compared
 * field by field: serialising both to canonical JSON cost two strings per file of every entry.
 */
function sameFileState(a: FileState | undefined, b: FileState | undefined): boolean {
  if (a === b) return true;
  if (!a || !b) return false;
  if (a.path !== b.path || a.client !== b.client || a.scope !== b.scope) return false;
  if (
    a.entriesPath.length !== b.entriesPath.length ||
    a.entriesPath.some((p, i) => p !== b.entriesPath[i])
  )
    return false;
  const names = Object.keys(a.entries);
  if (names.length !== Object.keys(b.entries).length) return false;
  for (const name of names) {
    const x = a.entries[name]!;
    const y = own(b.entries, name);
    if (!y || x.stack !== y.stack || x.fingerprint !== y.fingerprint) return false;
  }
  return true;
}

/**
 * Each written file is read for its entries twice (the apply record, the state) and every
 * entry digested for both: the client's format with its last read kept per file (by text; one
 * of these per file job, so that only the current file's entries are kept), and
 * a fingerprinter that digests each entry object once, make that once per file.
 */
function entriesOnce(formatOf: (client: string) => ConfigFormat): (client: string) => ConfigFormat {
  const last = new Map<string, { text: string; entries: Record<string, NativeEntry> }>();
  const formats = new Map<string, ConfigFormat>();
  return (client) => {
    let f = formats.get(client);
    if (!f) {
      const inner = formatOf(client);
      f = {
        ...inner,
        readEntries(text, file, entriesPath) {
          const key = stateKey(file, entriesPath);
          const hit = last.get(key);
          if (hit?.text === text) return hit.entries;
          const entries = inner.readEntries(text, file, entriesPath);
          last.set(key, { text, entries });
          return entries;
        },
      };
      formats.set(client, f);
    }
    return f;
  };
}

/** Each client's format, reading through the plan's reads where they hold (plan-reads.ts). */
function formatsOf(ctx: ApplyContext): (client: string) => ConfigFormat {
  const formats = new Map<string, ConfigFormat>();
  return (client) => {
    let f = formats.get(client);
    if (!f) formats.set(client, (f = withPlanReads(ctx.getClient(client).format, ctx.planReads)));
    return f;
  };
}

function memoFingerprinter(fp: Fingerprinter): Fingerprinter {
  const seen = new WeakMap<object, string>();
  return {
    text: fp.text,
    entry(entry) {
      if (entry === null || typeof entry !== 'object') return fp.entry(entry);
      let d = seen.get(entry);
      if (d === undefined) seen.set(entry, (d = fp.entry(entry)));
      return d;
    },
  };
}

/** The state's records of the job's files, as they are now (undefined: none). */
function keepFiles(state: StateData, job: FileJob): Map<string, FileState | undefined> {
  return new Map(
    job.targets.map(({ plan: t }) => [
      stateKey(t.path, t.entriesPath),
      state.files[stateKey(t.path, t.entriesPath)],
    ]),
  );
}

/** Puts back what keepFiles kept; returns the state. */
function restoreFiles(state: StateData, kept: Map<string, FileState | undefined>): StateData {
  for (const [key, file] of kept) {
    if (file === undefined) delete state.files[key];
    else state.files[key] = file;
  }
  return state;
}

/** The state's records of the kept keys as they are now (null: none), for the journal. */
function filesOf(
  state: StateData,
  kept: Map<string, FileState | undefined>,
): Record<string, FileState | null> {
  return dict([...kept.keys()].map((key) => [key, own(state.files, key) ?? null] as const));
}

/**
 * Sets what `stack` owns in one file: its earlier entries there are dropped, then each managed
 * entry present in `entries` is recorded with its fingerprint (apply, and import's take-over).
 */
export function recordOwnership(
  state: StateData,
  t: Pick<TargetPlan, 'path' | 'client' | 'scope' | 'entriesPath' | 'managed'>,
  entries: Record<string, NativeEntry>,
  stack: string,
  fingerprint: (v: unknown) => string,
): void {
  const key = stateKey(t.path, t.entriesPath);
  const prev: FileState = own(state.files, key) ?? {
    path: t.path,
    client: t.client,
    scope: t.scope,
    entriesPath: t.entriesPath,
    entries: {},
  };
  // One pass over the file's entries, no intermediate arrays: O(entries of the file).
  const kept = dict<FileState['entries'][string]>();
  for (const name of Object.keys(prev.entries)) {
    const e = prev.entries[name]!;
    if (e.stack !== stack) kept[name] = e;
  }
  for (const name of t.managed) {
    const entry = own(entries, name);
    if (entry !== undefined) kept[name] = { stack, fingerprint: fingerprint(entry) };
  }
  if (Object.keys(kept).length) state.files[key] = { ...prev, entries: kept };
  else delete state.files[key];
}
