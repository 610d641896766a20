import fs from 'node:fs';
import path from 'node:path';
import type { ConfigFormat } from '../formats/contract.js';
import type { NativeEntry, Plan, TargetPlan } from '../types.js';
import type { Fingerprinter } from '../state/contract.js';
import type { SecretLookup } from '../secrets/resolve.js';
import { entryEdits } from '../plan/edits.js';
import { McpoError } from '../errors.js';
import { checkReplaceable } from '../fs/files.js';
import { resolveTarget, writeError } from './write.js';

type Edits = Record<string, NativeEntry | undefined>;

/** One client file and every target of the plan in it (Claude Code's user and local scope share one). */
export interface FileJob {
  path: string;
  client: string;
  targets: { plan: TargetPlan; edits: Edits }[];
  /** Whether any target writes a secret value inline: the file is then made private (0600). */
  withSecrets: boolean;
  /** Whether any target changes an entry (otherwise the file is not written). */
  writes: boolean;
}

export interface ProduceContext {
  /** The client's file format (apply's: it may answer reads from the plan's, see plan-reads.ts). */
  format(client: string): ConfigFormat;
  fingerprint: Fingerprinter;
  /** Named when the plan is stale: a saved plan file, or "the plan". */
  planSource: string;
}

/** The plan's targets grouped by file, in plan order, with their edits (secret values resolved). */
export function fileJobs(plan: Plan, secrets: SecretLookup): FileJob[] {
  const jobs = new Map<string, FileJob>();
  for (const t of plan.targets) {
    const { edits, withSecrets } = entryEdits(t.changes, secrets);
    const job = jobs.get(t.path) ?? {
      path: t.path,
      client: t.client,
      targets: [],
      withSecrets: false,
      writes: false,
    };
    job.targets.push({ plan: t, edits });
    job.withSecrets ||= withSecrets;
    job.writes ||= Object.keys(edits).length > 0;
    jobs.set(t.path, job);
  }
  return [...jobs.values()];
}

/**
 * The file's new text from its text now: every entry the plan relies on is checked first (one
 * that another program added, changed or removed since the plan refuses, naming it), then the
 * edits are spliced into this text. Called again by replaceFile whenever the file changed under
 * us, so the other program's change is kept, never overwritten.
 */
export function produceText(job: FileJob, current: string | null, ctx: ProduceContext): string {
  const format = ctx.format(job.client);
  let text = current ?? '';
  for (const { plan: t, edits } of job.targets) {
    if (t.expect) checkEntries(t, format.readEntries(text, t.path, t.entriesPath), ctx);
    else checkWholeFile(t, current, ctx);
    if (Object.keys(edits).length) text = format.writeEntries(text, t.path, t.entriesPath, edits);
  }
  return text;
}

function checkEntries(
  t: TargetPlan,
  entries: Record<string, NativeEntry>,
  ctx: ProduceContext,
): void {
  for (const [name, expected] of Object.entries(t.expect ?? {})) {
    const entry = Object.hasOwn(entries, name) ? entries[name] : undefined;
    const actual = entry === undefined ? null : ctx.fingerprint.entry(entry);
    if (actual === expected) continue;
    const how = expected === null ? 'added' : actual === null ? 'removed' : 'changed';
    const where = t.entriesPath.join('.');
    const message = `The entry "${name}" in ${where} of ${t.path} was ${how} by another program since ${ctx.planSource} was made.`;
    throw new McpoError('stale-plan', message, {
      hint: 'run `mcpo plan` again to see the entry as it is now',
    });
  }
}

/** Plans saved before per-entry checks: only an unchanged file is safe. */
function checkWholeFile(t: TargetPlan, current: string | null, ctx: ProduceContext): void {
  const digest = current === null ? null : ctx.fingerprint.text(current);
  if (digest !== t.fileDigest) {
    throw new McpoError('stale-plan', `${t.path} changed since ${ctx.planSource} was made.`, {
      hint: 'run `mcpo plan` again',
    });
  }
}

/**
 * Before anything is written: the file can be replaced, and the folder it lands in (or the
 * nearest one that exists, as missing folders are created) is a writable folder.
 */
export function checkWritable(file: string): void {
  const problem = checkReplaceable(file);
  if (problem) throw problem;
  let dir: string;
  try {
    dir = path.dirname(resolveTarget(file));
  } catch (err) {
    throw writeError(file, err);
  }
  for (;;) {
    try {
      const st = fs.statSync(dir);
      if (!st.isDirectory()) throw Object.assign(new Error('not a folder'), { code: 'ENOTDIR' });
      fs.accessSync(dir, fs.constants.W_OK | fs.constants.X_OK);
      return;
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code !== 'ENOENT' || path.dirname(dir) === dir) throw writeError(file, err);
      dir = path.dirname(dir);
    }
  }
}
