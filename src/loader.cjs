#!/usr/bin/env node
'use strict';
// mcpo's entry point. Runs the bundle (mcpo.cjs or mcpo-run.cjs, beside this file; mcpo.cjs
// loads mcpo-rare.cjs through it for a rare command) through vm.Script with V8's code cache kept
// in the user's cache folder, so that after the first run Node skips parsing and compiling it.
// V8 checks the cache against the source and rejects a stale one; the file name also changes
// with the bundle and the Node version. Any problem with the cache only costs speed.
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
const env = process.env;
const cacheRoot =
  process.platform === 'win32'
    ? env.LOCALAPPDATA && path.join(env.LOCALAPPDATA, 'mcpo', 'cache')
    : path.join(env.XDG_CACHE_HOME && path.isAbsolute(env.XDG_CACHE_HOME) ? env.XDG_CACHE_HOME : path.join(env.HOME || require('node:os').homedir(), '.cache'), 'mcpo');

/**
 * What distinguishes the code a run compiles: the command (and a sub-command word such as
 * `gateway status`) and the option names, not their values (a stack path must not make each
 * project a new kind of run).
 */
function runKind(args) {
  const sub = args[1] !== undefined && /^[a-z]+$/.test(args[1]) ? [args[1]] : [];
  const words = args[0] !== undefined && !args[0].startsWith('-') ? [args[0], ...sub] : [];
  const flags = new Set(args.filter((a) => a.startsWith('-')).map((a) => a.split('=')[0]));
  return [...words, ...[...flags].sort()].join(' ');
}
/**
 * The cache file: a 4-byte little-endian length, that many bytes naming the kinds of run already
 * cached (one a line), then V8's data. `{ kinds, data }`, or undefined when missing or garbled.
 */
function readCache(file) {
  try {
    const buf = fs.readFileSync(file);
    const n = buf.length >= 4 ? buf.readUInt32LE(0) : -1;
    if (n < 0 || n > buf.length - 4) return undefined;
    const kinds = buf.subarray(4, 4 + n).toString('utf8').split('\n').filter(Boolean);
    return { kinds, data: buf.subarray(4 + n) };
  } catch {
    return undefined;
  }
}
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
/** At most this many kinds of run are remembered; a cache that has seen them all is mature. */
const MAX_KINDS = 32;
const kind = runKind(process.argv.slice(2));

/**
 * Runs the bundle `file` (beside this one) as a CommonJS module with its own code cache, named
 * after it, and returns its exports: mcpo.cjs or mcpo-run.cjs at start, mcpo-rare.cjs when a
 * rare command runs (src/commands/rare-commands.ts).
 */
function runBundle(file) {
  const source = fs.readFileSync(file, 'utf8');
  const stat = fs.statSync(file);
  const cacheFile = cacheRoot && path.join(cacheRoot, `${path.basename(file, '.cjs')}-v8-${process.version}-${process.arch}-${stat.size}-${Math.floor(stat.mtimeMs)}.bin`);
  const cached = cacheFile ? readCache(cacheFile) : undefined;
  const cachedData = cached?.data;
  const script = new vm.Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, {
    filename: file,
    cachedData,
  });
  // Written at exit, so the functions this run compiled lazily are in the cache too. A cache
  // that V8 accepted is replaced when this run's is clearly bigger: the first command run after an
  // install (often `--version`) compiles little, and `plan` would otherwise never be cached.
  // createCachedData costs as much as a quarter of a plan (15 ms for a 700 KB cache), so it only
  // runs for a kind of run (runKind) the cache has not seen yet; the file remembers the kinds.
  // A kind seen before compiles nothing new in the common case; when it does (a stack using
  // other features), those functions are compiled lazily as they would be without a cache.
  const fresh = !cachedData || script.cachedDataRejected;
  const kinds = fresh ? [] : cached.kinds;
  if (cacheFile && (fresh || (!kinds.includes(kind) && kinds.length < MAX_KINDS))) {
    process.once('exit', () => {
      try {
        let data = script.createCachedData();
        // Sizes drift by a few bytes from run to run: only a cache at least 10% bigger counts;
        // otherwise the accepted one stays, and only learns that this kind of run is in it.
        if (!fresh && data.length <= cachedData.length * 1.1) data = cachedData;
        if (!makeDir(cacheRoot)) return;
        const names = Buffer.from([...kinds, kind].join('\n'), 'utf8');
        const head = Buffer.alloc(4);
        head.writeUInt32LE(names.length, 0);
        const tmp = `${cacheFile}.${process.pid}.tmp`;
        fs.writeFileSync(tmp, Buffer.concat([head, names, data]));
        fs.renameSync(tmp, cacheFile);
      } catch {}
    });
  }
  const mod = { exports: {} };
  script.runInThisContext()(mod.exports, require, mod, file, path.dirname(file));
  return mod.exports;
}

// import() inside vm.Script needs an experimental option; external ESM packages are imported
// here instead (src/import-package.ts).
globalThis.__mcpoImport = (name) => import(name);
// The absolute path of this file (Node resolves symlinks such as npm's bin link for the main
// module), for the client entries of `secrets: launcher` (src/delivery/launcher-mode.ts).
globalThis.__mcpoEntry = __filename;
globalThis.__mcpoLoadBundle = (name) => runBundle(path.join(__dirname, name));
runBundle(path.join(__dirname, runArgs ? 'mcpo-run.cjs' : 'mcpo.cjs'));
