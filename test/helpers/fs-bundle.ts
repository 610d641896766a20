// The one read/write path (src/fs/files.ts) compiled to one CommonJS file, for child processes
// (a concurrent writer, a process killed mid-write, a non-root user) that run plain node.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Writes `<dir>/files.cjs` (exports of src/fs/files.ts) and returns its path. */
export async function bundleFiles(dir: string): Promise<string> {
  const outfile = path.join(dir, 'files.cjs');
  await build({
    entryPoints: [path.join(root, 'src', 'fs', 'files.ts')],
    bundle: true,
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    outfile,
    // The native exchange loads from the repository's node_modules, as the CLI's bundle does.
    external: ['fs-native-extensions'],
    define: {
      'import.meta.url': JSON.stringify(pathToFileURL(path.join(root, 'src', 'fs', 'x.ts')).href),
    },
    logLevel: 'silent',
  });
  fs.chmodSync(outfile, 0o644);
  return outfile;
}
