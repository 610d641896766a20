import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository's `src` folder, for tests that read mcpo's own sources. */
export const SRC = join(dirname(dirname(fileURLToPath(import.meta.url))), '..', 'src');

/** Every `.ts` file under `dir`, at any depth. */
export function sourceFiles(dir: string = SRC): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory()
      ? sourceFiles(join(dir, e.name))
      : e.name.endsWith('.ts')
        ? [join(dir, e.name)]
        : [],
  );
}
