import { isAbsolute, join, relative, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { repoRoot } from './sources.js';

/**
 * The `$schema` of a stack file's yaml-language-server modeline (`mcpo init`, `mcpo import`): a
 * relative path when the file is inside mcpo's own folder (as in the README), else a file:// URL
 * of the installed package's copy, which yaml-language-server reads as well and which stays right
 * wherever the stack file moves on this machine.
 */
export function schemaModelineRef(stackDir: string): string {
  const schema = join(repoRoot(), 'schemas', 'stack.schema.json');
  const rel = relative(stackDir, schema);
  if (rel && !rel.startsWith('..') && !isAbsolute(rel)) return `./${rel.split(sep).join('/')}`;
  return pathToFileURL(schema).href;
}
