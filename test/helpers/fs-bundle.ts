// The write path compiled to one CommonJS file, for child processes (a concurrent writer, a
// process killed mid-write, a non-root user) that run plain node.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/**
 * Writes `<dir>/<name>`: the exports of `modules` (paths under src/) as one CommonJS file, and
 * returns its path. The native exchange (src/fs/exchange.ts) stays external and loads from the
 * repository's node_modules, as the CLI's bundle does.
 */
export async function bundleModules(dir: string, name: string, modules: string[]): Promise<string> {
  const outfile = path.join(dir, name);
  await build({
    stdin: {
      contents: modules.map((m) => `export * from './src/${m}';`).join('\n'),
      resolveDir: root,
      loader: 'ts',
    },
    bundle: true,
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    outfile,
    external: ['fs-native-extensions'],
    define: {
      'import.meta.url': JSON.stringify(
        pathToFileURL(path.join(root, 'src', 'fs', 'exchange.ts')).href,
      ),
    },
    logLevel: 'silent',
  });
  fs.chmodSync(outfile, 0o644);
  return outfile;
}

/** Writes `<dir>/files.cjs` (exports of src/fs/files.ts) and returns its path. */
export function bundleFiles(dir: string): Promise<string> {
  return bundleModules(dir, 'files.cjs', ['fs/files.ts']);
}
