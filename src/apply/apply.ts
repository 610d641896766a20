import type { ClientAdapter } from '../clients/contract.js';
import type { NativeEntry, Plan, TargetPlan } from '../types.js';
import type { ApplyRecord, FileState, StateData } from '../state/contract.js';
import { stateKey } from '../state/contract.js';
import type { StateStore } from '../state/store.js';
import type { SecretLookup } from '../secrets/resolve.js';
import { secretNamesIn } from '../secrets/tokens.js';
import { McpoError } from '../errors.js';
import { replaceFile } from '../fs/files.js';
import { withFileLocks } from './lock.js';
import { readFileIfExists } from './write.js';
import { backupFile } from './backup.js';
import { dict } from '../dict.js';
import { canonicalJson } from '../state/digest.js';
import { checkWritable, fileJobs, produceText, type FileJob, type ProduceContext } from './prepare.js';
import { appliedFile, incomplete, modeOf } from './applied-file.js';

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
  if (plan.errors.length) throw new McpoError('plan-has-errors', `The plan has ${plan.errors.length} error(s); nothing was written.`, { hint: 'fix them (see `mcpo plan`) and run apply again' });
  assertSecretsPresent(plan, ctx.secrets);
  if (nothingToWrite(plan, ctx)) return { written: [] };
  const paths = [...new Set(plan.targets.map((t) => t.path))];
  // The state file is locked with the client files, so concurrent applies never lose a record.
  return withFileLocks(ctx.store.lockDir, [...paths, ctx.store.statePath], () => write(plan, ctx));
}

function assertSecretsPresent(plan: Plan, secrets: SecretLookup): void {
  const missing = new Set<string>();
  for (const t of plan.targets) for (const c of t.changes) for (const n of secretNamesIn(c.after)) if (secrets(n) === undefined) missing.add(n);
  if (missing.size) {
    const names = [...missing].sort().join(', ');
    throw new McpoError('missing-secrets', `No value for secret${missing.size > 1 ? 's' : ''} ${names}; nothing was written.`, { hint: `store ${missing.size > 1 ? 'each' : 'it'} with \`mcpo secret set NAME\` (or export MCPO_SECRET_<NAME>), or run \`mcpo apply\` on a terminal to be asked` });
  }
}

/** Every file's new text, computed and checked before the first write; any problem stops here. */
function prepare(jobs: FileJob[], pc: ProduceContext): Map<FileJob, string | null> {
  const texts = new Map<FileJob, string | null>();
  for (const job of jobs) {
    try {
      const text = readFileIfExists(job.path);
      produceText(job, text, pc);
      if (job.writes) checkWritable(job.path);
      texts.set(job, text);
    } catch (err) {
      if (!(err instanceof McpoError)) throw err;
      const message = `${err.message.replace(/\.$/, '')}; nothing was written.`;
      throw new McpoError(err.code, message, { ...(err.hint ? { hint: err.hint } : {}), ...(err.loc ? { loc: err.loc } : {}) });
    }
  }
  return texts;
}

async function write(plan: Plan, ctx: ApplyContext): Promise<ApplyResult> {
  const fp = ctx.store.fingerprinter({ persist: true });
  const pc: ProduceContext = { getClient: ctx.getClient, fingerprint: fp, planSource: ctx.planSource };
  const jobs = fileJobs(plan, ctx.secrets);
  const texts = prepare(jobs, pc);
  // Under the state lock no other apply runs: a backup folder without a record is a leftover.
  ctx.store.pruneOrphanBackups();
  const stateBefore = ctx.store.snapshot();
  const rec: ApplyRecord = { id: ctx.applyId, time: ctx.now, stack: plan.stack.file, files: [], stateBefore };
  let state = ctx.store.load();
  const own = (job: FileJob, text: string | null) => {
    for (const { plan: t } of job.targets) {
      const entries = text === null ? {} : ctx.getClient(t.client).format.readEntries(text, t.path, t.entriesPath);
      recordOwnership(state, t, entries, plan.stack.file, fp.entry);
    }
  };
  const written: TargetPlan[] = [];
  const replace = ctx.replace ?? replaceFile;
  for (const job of jobs) {
    if (!job.writes) {
      own(job, texts.get(job) ?? null);
      continue;
    }
    const index = rec.files.length;
    const kept = structuredClone(state);
    let produced = '';
    try {
      const r = await replace(job.path, (current) => (produced = produceText(job, current, pc)), {
        // Secret values written inline: only the user may read the file.
        ...(job.withSecrets ? { mode: 0o600 } : {}),
        // Recorded just before the rename: killed right after it, the record and the state still
        // name what is on disk, and rollback finds nothing to undo in a file that was not renamed.
        onBefore: (before) => {
          const backup = before === null ? null : backupFile(ctx.stateDir, ctx.applyId, index, job.path, before);
          const mode = before === null ? null : modeOf(job.path);
          rec.files[index] = appliedFile(job, produced, backup, mode, ctx.getClient(job.client).format, fp);
          state = structuredClone(kept);
          own(job, produced);
          ctx.store.recordApply(rec);
          ctx.store.save(state);
        },
      });
      const file = rec.files[index]!;
      if (r.modeBefore !== (file.modeBefore ?? null)) {
        file.modeBefore = r.modeBefore;
        ctx.store.recordApply(rec);
      }
    } catch (err) {
      if (rec.files.length > index) forget(ctx, rec, index, (state = kept));
      throw incomplete(err, rec.files);
    }
    written.push(...job.targets.filter((t) => Object.keys(t.edits).length).map((t) => t.plan));
  }
  ctx.store.save(state);
  return { written };
}

/**
 * True when no file would change and neither would the state: a no-op apply then ends before
 * taking any lock and writes nothing (not even the state). Read without the lock, so it only
 * ever skips work: anything to write goes through `write`, which checks again under the locks.
 */
function nothingToWrite(plan: Plan, ctx: ApplyContext): boolean {
  const jobs = fileJobs(plan, ctx.secrets);
  if (jobs.some((j) => j.writes)) return false;
  const state = ctx.store.load();
  const before = canonicalJson(state);
  const fp = ctx.store.fingerprinter();
  for (const job of jobs) {
    const text = readFileIfExists(job.path);
    for (const { plan: t } of job.targets) {
      const entries = text === null ? {} : ctx.getClient(t.client).format.readEntries(text, t.path, t.entriesPath);
      recordOwnership(state, t, entries, plan.stack.file, fp.entry);
    }
  }
  return canonicalJson(state) === before;
}

/** The write recorded at `index` did not happen: the record and the state go back to before it. */
function forget(ctx: ApplyContext, rec: ApplyRecord, index: number, state: StateData): void {
  rec.files.length = index;
  if (rec.files.length) ctx.store.recordApply(rec);
  else ctx.store.dropApply(rec.id);
  ctx.store.save(state);
}


/**
 * Sets what `stack` owns in one file: its earlier entries there are dropped, then each managed
 * entry present in `entries` is recorded with its fingerprint (apply, and import's take-over).
 */
export function recordOwnership(state: StateData, t: Pick<TargetPlan, 'path' | 'client' | 'scope' | 'entriesPath' | 'managed'>, entries: Record<string, NativeEntry>, stack: string, fingerprint: (v: unknown) => string): void {
  const key = stateKey(t.path, t.entriesPath);
  const prev: FileState = state.files[key] ?? { path: t.path, client: t.client, scope: t.scope, entriesPath: t.entriesPath, entries: {} };
  const kept = dict(Object.entries(prev.entries).filter(([, e]) => e.stack !== stack));
  for (const name of t.managed) {
    const entry = entries[name];
    if (entry !== undefined) kept[name] = { stack, fingerprint: fingerprint(entry) };
  }
  if (Object.keys(kept).length) state.files[key] = { ...prev, entries: kept };
  else delete state.files[key];
}
