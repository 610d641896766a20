import type { ClientAdapter } from '../clients/contract.js';
import type { NativeEntry, Plan, TargetPlan } from '../types.js';
import type { ApplyRecord, AppliedFile, FileState, StateData } from '../state/contract.js';
import { stateKey } from '../state/contract.js';
import type { StateStore } from '../state/store.js';
import type { SecretLookup } from '../secrets/resolve.js';
import { secretNamesIn } from '../secrets/tokens.js';
import { entryEdits } from '../plan/edits.js';
import { McpoError } from '../errors.js';
import { withFileLocks } from './lock.js';
import { readFileIfExists, writeFileSafely } from './write.js';
import { backupFile } from './backup.js';
import { dict } from '../dict.js';

export interface ApplyContext {
  store: StateStore;
  stateDir: string;
  secrets: SecretLookup;
  getClient(id: string): ClientAdapter;
  applyId: string;
  now: string;
  /** Where the plan came from, named when it is stale (a saved plan file, or "the plan"). */
  planSource: string;
}

export interface ApplyResult {
  written: TargetPlan[];
}

/** Executes a plan exactly; it never re-decides. All files are locked, then checked, then written. */
export async function applyPlan(plan: Plan, ctx: ApplyContext): Promise<ApplyResult> {
  if (plan.errors.length) throw new McpoError('plan-has-errors', `The plan has ${plan.errors.length} error(s); nothing was written.`, { hint: 'fix them (see `mcpo plan`) and run apply again' });
  assertSecretsPresent(plan, ctx.secrets);
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

async function write(plan: Plan, ctx: ApplyContext): Promise<ApplyResult> {
  const fp = ctx.store.fingerprinter();
  const texts = new Map<string, string | null>();
  for (const t of plan.targets) {
    const text = readFileIfExists(t.path);
    const digest = text === null ? null : fp.text(text);
    if (digest !== t.fileDigest) {
      throw new McpoError('stale-plan', `${t.path} changed since ${ctx.planSource} was made; nothing was written.`, { hint: 'run `mcpo plan` again' });
    }
    texts.set(stateKey(t.path, t.entriesPath), text);
  }
  const stateBefore = ctx.store.load();
  const state: StateData = structuredClone(stateBefore);
  const files: AppliedFile[] = [];
  const written: TargetPlan[] = [];
  // Several targets can share one file (Claude Code user and local scope): edits accumulate.
  const current = new Map<string, string | null>();
  for (const t of plan.targets) {
    const adapter = ctx.getClient(t.client);
    const original = texts.get(stateKey(t.path, t.entriesPath))!;
    const text = current.has(t.path) ? current.get(t.path)! : original;
    const { edits, withSecrets } = entryEdits(t.changes, ctx.secrets);
    let next = text;
    if (Object.keys(edits).length) {
      next = adapter.format.writeEntries(text ?? '', t.path, t.entriesPath, edits);
      let record = files.find((f) => f.path === t.path);
      if (!record) {
        record = { path: t.path, backup: original === null ? null : backupFile(ctx.stateDir, ctx.applyId, files.length, t.path, original), digestAfter: '' };
        files.push(record);
      }
      // Secret values written inline: only the user may read the file.
      await writeFileSafely(t.path, next, withSecrets ? { mode: 0o600 } : {});
      record.digestAfter = fp.text(next);
      written.push(t);
    }
    current.set(t.path, next);
    recordOwnership(state, t, next === null ? {} : adapter.format.readEntries(next, t.path, t.entriesPath), plan.stack.file, fp.entry);
  }
  ctx.store.save(state);
  if (files.length) {
    const rec: ApplyRecord = { id: ctx.applyId, time: ctx.now, stack: plan.stack.file, files, stateBefore: JSON.stringify(stateBefore) };
    ctx.store.recordApply(rec);
  }
  return { written };
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
