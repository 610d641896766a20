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
  target: 'node20',
  // Native and very large packages stay external, loaded from node_modules when needed.
  external: ['@napi-rs/keyring', '@modelcontextprotocol/sdk', '@inquirer/prompts', 'execa'],
  banner: { js: '#!/usr/bin/env node\nimport { createRequire as __mcpoCreateRequire } from "node:module"; const require = __mcpoCreateRequire(import.meta.url);' },
  chunkNames: 'chunks/[name]-[hash]',
  logLevel: 'warning',
});
