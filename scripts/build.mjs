// Build: generate the stack validator from schemas/stack.schema.json (ajv standalone code),
// then bundle the CLI with esbuild into one CommonJS file, started by a tiny loader.
//
// Start-up is most of what `mcpo plan` costs, so (measured with `npm run bench`):
// - one bundle instead of hundreds of modules;
// - CommonJS, because Node 20's ESM loader alone costs ~10 ms before any of our code runs;
// - the loader (src/loader.cjs) keeps V8's compiled code in the user's cache folder, so later
//   runs skip parsing and compiling the bundle (Node 22's module.enableCompileCache, by hand).
import { build } from 'esbuild';
import { copyFileSync, existsSync, readFileSync, rmSync, chmodSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join, resolve as resolvePath } from 'node:path';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const gen = join(root, 'scripts', 'gen-validator.mjs');
if (existsSync(gen)) await import(gen).then((m) => m.generateValidator(root));

/**
 * commander requires child_process at load time, only to run external sub-command executables
 * (which mcpo has none of). Give it a stand-in that loads the real module on first use.
 */
const lazyChildProcess = {
  name: 'lazy-child-process',
  setup(b) {
    b.onResolve({ filter: /^(node:)?child_process$/ }, (args) =>
      /[\\/]commander[\\/]/.test(args.importer)
        ? { path: 'child_process', namespace: 'mcpo-lazy' }
        : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: 'mcpo-lazy' }, () => ({
      contents:
        'let m; module.exports = new Proxy({}, { get: (_, k) => (m ??= require("node:child_process"))[k] });',
      loader: 'js',
    }));
  },
};

/**
 * The rare commands (src/commands/rare-commands.ts) are a bundle of their own, dist/mcpo-rare.cjs:
 * in the main bundle, run-command.ts's import of that module becomes this stand-in, which first
 * hands src/errors.ts over, then loads the bundle through the loader (with its own code cache).
 */
const rareBundle = {
  name: 'rare-bundle',
  setup(b) {
    b.onResolve({ filter: /[\\/]rare-commands\.js$/ }, () => ({
      path: 'rare-commands',
      namespace: 'mcpo-rare',
    }));
    b.onLoad({ filter: /.*/, namespace: 'mcpo-rare' }, () => ({
      contents: [
        "import * as errors from './errors.js';",
        'globalThis.__mcpoShared = { errors };',
        'const load = globalThis.__mcpoLoadBundle;',
        "const file = 'mcpo-rare.cjs';",
        "const mod = load ? load(file) : require(require('node:path').join(__dirname, file));",
        'export const rareLoaders = mod.rareLoaders;',
      ].join('\n'),
      resolveDir: join(root, 'src'),
      loader: 'js',
    }));
  },
};

/**
 * In dist/mcpo-rare.cjs, src/errors.ts is the main bundle's module (rareBundle above), not a
 * copy: run-command.ts tells an McpoError from a bug with `instanceof`, and a second McpoError
 * class would turn every user error of a rare command into "Internal error".
 */
const sharedErrors = {
  name: 'shared-errors',
  setup(b) {
    const errorsTs = join(root, 'src', 'errors');
    b.onResolve({ filter: /(^|[\\/])errors(\.js|\.ts)?$/ }, (args) =>
      resolvePath(args.resolveDir, args.path).replace(/\.(js|ts)$/, '') === errorsTs
        ? { path: 'errors', namespace: 'mcpo-shared' }
        : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: 'mcpo-shared' }, () => ({
      contents:
        'const s = globalThis.__mcpoShared;\n' +
        "if (!s) throw new Error('mcpo-rare.cjs is loaded by mcpo.cjs (src/commands/rare-commands.ts)');\n" +
        'module.exports = s.errors;',
      loader: 'js',
    }));
  },
};

/**
 * `import fs from 'node:fs'` in our source becomes `__toESM(require("node:fs"))` in CommonJS
 * output: a copy of the module with a getter for each of its ~100 exports, made again in every
 * importing file (3 ms of a plan's start-up, measured with --cpu-prof). Such a default import
 * gets the module itself instead. A file that also imports names from the same module fails
 * the build ("No matching export"), so nothing can go wrong quietly.
 */
const builtinDefaults = {
  name: 'builtin-defaults',
  setup(b) {
    const sources = new Map();
    const defaultImport = (file, spec) => {
      if (!file.startsWith(join(root, 'src'))) return false;
      if (!sources.has(file)) sources.set(file, readFileSync(file, 'utf8'));
      return new RegExp(`^import \\w+ from '${spec}';$`, 'm').test(sources.get(file));
    };
    b.onResolve({ filter: /^node:[a-z_]+$/ }, (args) =>
      args.kind === 'import-statement' && defaultImport(args.importer, args.path)
        ? { path: args.path, namespace: 'mcpo-builtin' }
        : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: 'mcpo-builtin' }, (args) => ({
      contents: `export default require(${JSON.stringify(args.path)});`,
      loader: 'js',
    }));
  },
};

const pkgVersion = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).version;
rmSync(join(root, 'dist'), { recursive: true, force: true });
const common = {
  outdir: join(root, 'dist'),
  outExtension: { '.js': '.cjs' },
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  // Prefer packages' ESM builds: jsonc-parser's UMD main uses dynamic requires a bundle cannot follow.
  mainFields: ['module', 'main'],
  // Native, very large or ESM-only packages stay external, loaded from node_modules when needed.
  external: [
    '@napi-rs/keyring',
    'fs-native-extensions',
    '@modelcontextprotocol/sdk',
    '@inquirer/prompts',
    'execa',
    // Only for a slow command on a terminal, and for shell completion: never on the plan path.
    'yocto-spinner',
    '@bomb.sh/tab',
  ],
  // Source that uses import.meta.url (to find the package root) gets the bundle's own URL.
  define: { 'import.meta.url': '__mcpoUrl', __MCPO_VERSION__: JSON.stringify(pkgVersion) },
  banner: { js: 'const __mcpoUrl = require("node:url").pathToFileURL(__filename).href;' },
  // Whitespace and syntax only: identifiers stay readable in stack traces without keepNames,
  // whose __name() call per function costs start-up time.
  minifyWhitespace: true,
  minifySyntax: true,
  logLevel: 'warning',
};
// Three bundles: the CLI; `mcpo run` alone (src/run-main.ts), which every client session starts
// before its server: no commander, no other command, no client adapters (half the size); and
// the rare commands, which the CLI loads when one runs.
await Promise.all([
  build({
    ...common,
    entryPoints: {
      mcpo: join(root, 'src', 'cli.ts'),
      'mcpo-run': join(root, 'src', 'run-main.ts'),
    },
    plugins: [lazyChildProcess, rareBundle, builtinDefaults],
  }),
  build({
    ...common,
    entryPoints: { 'mcpo-rare': join(root, 'src', 'commands', 'rare-commands.ts') },
    plugins: [lazyChildProcess, sharedErrors, builtinDefaults],
  }),
]);
copyFileSync(join(root, 'src', 'loader.cjs'), join(root, 'dist', 'cli.cjs'));
chmodSync(join(root, 'dist', 'cli.cjs'), 0o755);
