import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export type GitignoreResult = 'created' | 'added' | 'present';

/**
 * Makes sure `<dir>/.gitignore` ignores `entry`: creates the file, or appends one line to it,
 * keeping every existing byte. A line `entry` or `/entry` already there counts as present.
 */
export function ensureGitignored(dir: string, entry: string): GitignoreResult {
  const file = join(dir, '.gitignore');
  if (!existsSync(file)) {
    writeFileSync(file, `${entry}\n`);
    return 'created';
  }
  const text = readFileSync(file, 'utf8');
  const lines = text.split(/\r?\n/).map((l) => l.trim());
  if (lines.includes(entry) || lines.includes(`/${entry}`)) return 'present';
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const sep = text.length === 0 || text.endsWith('\n') ? '' : eol;
  writeFileSync(file, `${text}${sep}${entry}${eol}`);
  return 'added';
}
