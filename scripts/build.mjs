// Build: generate the stack validator from schemas/stack.schema.json (ajv standalone code),
// then bundle the CLI with esbuild. Bundling keeps `mcpo plan` start-up close to bare Node:
// one file to load instead of hundreds of modules; commands are split into lazy chunks.
import { build } from 'esbuild';
import { existsSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const gen = join(root, 'scripts', 'gen-validator.mjs');
if (existsSync(gen)) await import(gen).then((m) => m.generateValidator(root));

rmSync(join(root, 'dist'), { recursive: true, force: true });
await build({
  entryPoints: [join(root, 'src', 'cli.ts')],
  outdir: join(root, 'dist'),
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  // Prefer packages' ESM builds: jsonc-parser's UMD main uses dynamic requires a bundle cannot follow.
  mainFields: ['module', 'main'],
  target: 'node20',
  // Native and very large packages stay external, loaded from node_modules when needed.
  external: ['@napi-rs/keyring', '@modelcontextprotocol/sdk', '@inquirer/prompts', 'execa'],
  // CommonJS dependencies inside an ESM bundle expect require, __filename and __dirname
  // (write-file-atomic names its temp files after __filename).
  banner: {
    js: [
      '#!/usr/bin/env node',
      'import { createRequire as __mcpoRequire } from "node:module";',
      'import { fileURLToPath as __mcpoPath } from "node:url";',
      'const require = __mcpoRequire(import.meta.url);',
      'const __filename = __mcpoPath(import.meta.url);',
      'const __dirname = __mcpoPath(new URL(".", import.meta.url));',
    ].join('\n'),
  },
  chunkNames: 'chunks/[name]-[hash]',
  // Less source for V8 to pre-parse at start-up; names are kept for readable stack traces.
  minify: true,
  keepNames: true,
  logLevel: 'warning',
});
