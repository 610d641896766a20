/**
 * Server project templates shipped in `<package>/templates/<kind>/`. Files are copied with
 * `__NAME__` replaced by the project name; `gitignore` becomes `.gitignore` (npm leaves files
 * named .gitignore out of a published package).
 */
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { repoRoot } from '../stack/sources.js';

export type TemplateKind = 'node' | 'python';
export const TEMPLATE_KINDS: TemplateKind[] = ['node', 'python'];

/** Copies the template into `dest` (which must not exist yet); returns the written paths, relative to `dest`. */
export function writeTemplate(kind: TemplateKind, dest: string, name: string): string[] {
  const root = join(repoRoot(), 'templates', kind);
  const written: string[] = [];
  for (const src of listFiles(root)) {
    const rel = relative(root, src).replace(/(^|[\\/])gitignore$/, '$1.gitignore');
    const target = join(dest, rel);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, readFileSync(src, 'utf8').replaceAll('__NAME__', name));
    written.push(rel);
  }
  return written.sort();
}

function listFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? listFiles(join(dir, e.name)) : [join(dir, e.name)],
  );
}
