import fs from 'node:fs';
import type { ConfigFormat } from '../formats/contract.js';
import type { AppliedEntries, AppliedFile, Fingerprinter } from '../state/contract.js';
import { McpoError } from '../errors.js';
import { dict } from '../dict.js';
import type { FileJob } from './prepare.js';

/** What the record says about one file apply writes: enough for rollback to undo only its entries. */
export function appliedFile(
  job: FileJob,
  text: string,
  backup: string | null,
  modeBefore: number | null,
  format: ConfigFormat,
  fp: Fingerprinter,
): AppliedFile {
  const entries: AppliedEntries[] = [];
  for (const { plan: t, edits } of job.targets) {
    const names = Object.keys(edits);
    if (!names.length) continue;
    const now = format.readEntries(text, t.path, t.entriesPath);
    // A null-prototype map, so a server named `__proto__` is recorded like any other.
    const written = dict<string | null>();
    for (const n of names) written[n] = Object.hasOwn(now, n) ? fp.entry(now[n]) : null;
    entries.push({ entriesPath: t.entriesPath, written });
  }
  return {
    path: job.path,
    client: job.client,
    backup,
    digestAfter: fp.text(text),
    modeBefore,
    entries,
  };
}

/** A write failed after others succeeded: say which files changed and how to undo them. */
export function incomplete(err: unknown, done: AppliedFile[]): unknown {
  if (!done.length || !(err instanceof McpoError)) return err;
  const list = done.map((f) => f.path).join(', ');
  const message = `${err.message.replace(/\.$/, '')}. Apply stopped there; already written and recorded: ${list}.`;
  const undo = `run \`mcpo rollback\` to undo ${done.length > 1 ? 'those files' : 'that file'}`;
  return new McpoError('apply-incomplete', message, {
    hint: `${undo}, or fix the problem and run \`mcpo apply\` again${err.hint ? ` (${err.hint})` : ''}`,
  });
}

/** The mode of the file as it is now (through symlinks), or null when it does not exist. */
export function modeOf(file: string): number | null {
  try {
    return fs.statSync(file).mode & 0o7777;
  } catch {
    return null;
  }
}
