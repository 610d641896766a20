// Installs the real MCP client CLIs listed in test/clients-cli/package.json (Claude Code, Gemini CLI,
// Qwen Code (pinned, and the newest as qwen-code-latest), opencode, Copilot CLI, Kilo CLI, Qoder
// CLI, Auggie, Factory droid, Amp, Grok CLI) plus the MCP servers the tests run, into
// <repo>/.cache/client-clis. They are not dependencies of mcpo: about 2.3 GB together (the six npm
// CLIs added for issue 12 about 780 MB: droid 243 MB, Kilo 227 MB, Amp 97 MB, Qoder 71 MB; the
// newest Qwen Code 144 MB); a cold `npm ci` took about 75 s here, the six about 16 s more.
//
// The install is skipped while the stamp file holds the sha256 of the committed package-lock.json.
// Every CLI is plain JavaScript or ships its native binary inside a registry package, so the install
// needs only the npm registry, no other download. Install scripts are not run (`--ignore-scripts`,
// whatever npm's own allowScripts policy): none of what the tests use needs them (node-pty and
// keytar, optional dependencies of Gemini CLI, would try GitHub downloads or node-gyp builds), and
// Claude Code's postinstall, which links its native binary from the platform package, is run by
// fixClaudeBinary() below. Versions and what was left out, and why: the real-*.test.ts headers.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readFileSync,
  readlinkSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = dirname(dirname(dirname(fileURLToPath(import.meta.url))));
const SOURCE_DIR = join(REPO_ROOT, 'test', 'clients-cli');
/** Where the client CLIs are installed: `<repo>/.cache/client-clis` (gitignored). */
export const CLIENT_CLIS_DIR = join(REPO_ROOT, '.cache', 'client-clis');
const STAMP = join(CLIENT_CLIS_DIR, '.lock-sha256');
const LOCK = CLIENT_CLIS_DIR + '.installing';

function lockHash(): string {
  const lock = readFileSync(join(SOURCE_DIR, 'package-lock.json'));
  const pkg = readFileSync(join(SOURCE_DIR, 'package.json'));
  return createHash('sha256').update(lock).update('\0').update(pkg).digest('hex');
}

/**
 * Installs test/clients-cli into CLIENT_CLIS_DIR with `npm ci` unless the stamp shows the same
 * package-lock.json is already installed. Returns the `node_modules/.bin` directory.
 * Throws (with npm's output in the message) if the install fails, e.g. with no network.
 * Synchronous and slow on first use (about 75 s, ~900 MB): call it from beforeAll with a long timeout.
 */
export function ensureClientClis(): string {
  const bin = join(CLIENT_CLIS_DIR, 'node_modules', '.bin');
  const hash = lockHash();
  const installed = () =>
    existsSync(bin) && existsSync(STAMP) && readFileSync(STAMP, 'utf8').trim() === hash;
  if (installed()) return bin;
  // Several test files (Jest workers) may ask at once: one installs, the others wait for it.
  mkdirSync(dirname(CLIENT_CLIS_DIR), { recursive: true });
  const deadline = Date.now() + 20 * 60_000;
  for (;;) {
    try {
      mkdirSync(LOCK);
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      if (Date.now() - statMtime(LOCK) > 16 * 60_000)
        rmSync(LOCK, { recursive: true, force: true }); // stale
      if (Date.now() > deadline)
        throw new Error(`timed out waiting for another install of ${CLIENT_CLIS_DIR} (${LOCK})`);
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 500);
    }
  }
  try {
    if (!installed()) install(hash);
  } finally {
    rmSync(LOCK, { recursive: true, force: true });
  }
  return bin;
}

function statMtime(path: string): number {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return Date.now();
  }
}

function install(hash: string): void {
  mkdirSync(CLIENT_CLIS_DIR, { recursive: true });
  rmSync(STAMP, { force: true });
  copyFileSync(join(SOURCE_DIR, 'package.json'), join(CLIENT_CLIS_DIR, 'package.json'));
  copyFileSync(join(SOURCE_DIR, 'package-lock.json'), join(CLIENT_CLIS_DIR, 'package-lock.json'));
  try {
    execFileSync('npm', ['ci', '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=error'], {
      cwd: CLIENT_CLIS_DIR,
      stdio: ['ignore', 'pipe', 'pipe'],
      encoding: 'utf8',
      timeout: 15 * 60_000,
      env: { ...process.env, npm_config_update_notifier: 'false' },
    });
  } catch (err) {
    const e = err as { stdout?: string; stderr?: string; message: string };
    throw new Error(
      `npm ci in ${CLIENT_CLIS_DIR} failed: ${e.message}\n${e.stdout ?? ''}\n${e.stderr ?? ''}`,
    );
  }
  fixClaudeBinary();
  pinQwenBin();
  writeFileSync(STAMP, hash + '\n');
}

/**
 * If npm skipped Claude Code's postinstall (npm's allowScripts, --ignore-scripts), bin/claude.exe
 * is a 500-byte shell stub that only prints an error. Run the postinstall by hand then: it links
 * the native binary from the platform package, offline.
 */
function fixClaudeBinary(): void {
  const pkgDir = join(CLIENT_CLIS_DIR, 'node_modules', '@anthropic-ai', 'claude-code');
  const exe = join(pkgDir, 'bin', 'claude.exe');
  if (!existsSync(exe) || statSync(exe).size > 100_000) return;
  execFileSync(process.execPath, ['install.cjs'], { cwd: pkgDir, stdio: 'pipe' });
  if (statSync(exe).size <= 100_000)
    throw new Error(`Claude Code's native binary is missing: ${exe} is still the placeholder`);
}

/**
 * Both Qwen Code installs (the pinned @qwen-code/qwen-code and the alias qwen-code-latest) declare
 * the bin `qwen`; npm links one of them. `.bin/qwen` is the pinned one: the newest runs by path.
 */
function pinQwenBin(): void {
  const link = join(CLIENT_CLIS_DIR, 'node_modules', '.bin', 'qwen');
  const target = join('..', '@qwen-code', 'qwen-code', 'cli.js');
  if (existsSync(link) && readlinkSync(link) === target) return;
  rmSync(link, { force: true });
  symlinkSync(target, link);
}

/** Absolute path of a file inside an installed package, e.g. clientPackagePath('@modelcontextprotocol/server-memory', 'dist/index.js'). */
export function clientPackagePath(pkg: string, ...rest: string[]): string {
  return join(CLIENT_CLIS_DIR, 'node_modules', ...pkg.split('/'), ...rest);
}
