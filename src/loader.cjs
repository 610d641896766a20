#!/usr/bin/env node
'use strict';
// mcpo's entry point. Runs the bundle (mcpo.cjs or mcpo-run.cjs, beside this file) through vm.Script with V8's
// code cache kept in the user's cache folder, so that after the first run Node skips parsing and
// compiling it. V8 checks the cache against the source and rejects a stale one; the file name
// also changes with the bundle and the Node version. Any problem with the cache only costs speed.
const fs = require('node:fs');
const path = require('node:path');
const vm = require('node:vm');

/**
 * `{ server, stack }` when the arguments are exactly `run SERVER --stack FILE` (or `--stack=FILE`,
 * in either order, optionally with `--print-headers`), else undefined. That command line, which every `secrets: launcher` client
 * entry uses, gets the launcher's own bundle (src/run-main.ts): no commander, no other command.
 * Anything else (help, another option, a missing value) goes through the full CLI and its messages.
 */
function simpleRunArgs(args) {
  if (args[0] !== 'run') return undefined;
  let server;
  let stack;
  let printHeaders = false;
  for (let i = 1; i < args.length; i++) {
    const a = args[i];
    // --print-headers: a client's headers helper (Claude Code `headersHelper`), run per connection.
    if (a === '--print-headers' && !printHeaders) printHeaders = true;
    else if (a === '--stack' && i + 1 < args.length && stack === undefined) stack = args[++i];
    else if (a.startsWith('--stack=') && stack === undefined) stack = a.slice('--stack='.length);
    else if (!a.startsWith('-') && server === undefined) server = a;
    else return undefined;
  }
  return server !== undefined && stack ? { server, stack, ...(printHeaders ? { printHeaders } : {}) } : undefined;
}
const runArgs = simpleRunArgs(process.argv.slice(2));
globalThis.__mcpoRunArgs = runArgs;
const file = path.join(__dirname, runArgs ? 'mcpo-run.cjs' : 'mcpo.cjs');
const source = fs.readFileSync(file, 'utf8');
const stat = fs.statSync(file);
const env = process.env;
const cacheRoot =
  process.platform === 'win32'
    ? env.LOCALAPPDATA && path.join(env.LOCALAPPDATA, 'mcpo', 'cache')
    : path.join(env.XDG_CACHE_HOME && path.isAbsolute(env.XDG_CACHE_HOME) ? env.XDG_CACHE_HOME : path.join(env.HOME || require('node:os').homedir(), '.cache'), 'mcpo');
const cacheFile = cacheRoot && path.join(cacheRoot, `${path.basename(file, '.cjs')}-v8-${process.version}-${process.arch}-${stat.size}-${Math.floor(stat.mtimeMs)}.bin`);

let cachedData;
try {
  if (cacheFile) cachedData = fs.readFileSync(cacheFile);
} catch {}
const script = new vm.Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, {
  filename: file,
  cachedData,
});
// import() inside vm.Script needs an experimental option; external ESM packages are imported
// here instead (src/import-package.ts).
globalThis.__mcpoImport = (name) => import(name);
// The absolute path of this file (Node resolves symlinks such as npm's bin link for the main
// module), for the client entries of `secrets: launcher` (src/delivery/launcher-mode.ts).
globalThis.__mcpoEntry = __filename;
/**
 * Creates `dir` and its missing parents one level at a time, at most 8 levels: Node's own
 * `recursive: true` loops forever under /proc (mkdir answers ENOENT for the child and EEXIST for
 * the parent, over and over), so an XDG_CACHE_HOME pointing there hung every command at exit.
 */
function makeDir(dir) {
  const missing = [];
  for (let d = dir; missing.length < 8; d = path.dirname(d)) {
    try {
      if (fs.statSync(d).isDirectory()) break;
      return false;
    } catch {
      missing.push(d);
    }
  }
  for (const d of missing.reverse()) fs.mkdirSync(d, { mode: 0o700 });
  return true;
}
if (cacheFile) {
  // Written at exit, so the functions this run compiled lazily are in the cache too. A cache
  // that V8 accepted is replaced when this run's is clearly bigger: the first command run after an
  // install (often `--version`) compiles little, and `plan` would otherwise never be cached.
  process.once('exit', () => {
    try {
      const fresh = !cachedData || script.cachedDataRejected;
      const data = script.createCachedData();
      // Sizes drift by a few bytes from run to run: only a cache at least 10% bigger counts.
      if (!fresh && data.length <= cachedData.length * 1.1) return;
      if (!makeDir(cacheRoot)) return;
      const tmp = `${cacheFile}.${process.pid}.tmp`;
      fs.writeFileSync(tmp, data);
      fs.renameSync(tmp, cacheFile);
    } catch {}
  });
}
const mod = { exports: {} };
script.runInThisContext()(mod.exports, require, mod, file, __dirname);
