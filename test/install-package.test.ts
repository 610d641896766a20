import { describe, test, expect, beforeAll, afterAll } from '@jest/globals';
import { existsSync, realpathSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { makeTmpHome, runCommand, type TmpHome } from './helpers/tmp-home.js';
import { REPO_ROOT } from './helpers/client-clis.js';

/**
 * Issue 13: the package installs and runs as `mcpo` from any folder. `npm pack` of this worktree
 * (the built dist/), then `npm install -g` of that tarball into a temporary prefix (its
 * dependencies come from the npm registry, like the real-client suites), then the installed
 * `mcpo` runs from a folder that is not the repository.
 */
let h: TmpHome;
let tarball: string;
let prefix: string;
let packed: string[];
const npm = (args: string[], cwd: string) =>
  runCommand('npm', args, {
    env: { ...h.env, npm_config_cache: join(REPO_ROOT, '.cache', 'npm') },
    cwd,
    timeoutMs: 300_000,
  });

beforeAll(() => {
  h = makeTmpHome('mcpo-install-');
  const pack = npm(['pack', '--json', '--pack-destination', h.home], REPO_ROOT);
  if (pack.code !== 0) throw new Error(`npm pack failed:\n${pack.stderr}`);
  const info = JSON.parse(pack.stdout) as { filename: string; files: { path: string }[] }[];
  tarball = join(h.home, info[0]!.filename);
  packed = info[0]!.files.map((f) => f.path);
  prefix = join(h.home, 'prefix');
  const install = npm(
    ['install', '-g', tarball, '--prefix', prefix, '--ignore-scripts', '--no-audit', '--no-fund'],
    h.home,
  );
  if (install.code !== 0)
    throw new Error(`npm install -g failed (no network to the npm registry?):\n${install.stderr}`);
}, 320_000);
afterAll(() => h?.cleanup());

describe('npm pack and npm install -g', () => {
  test('the tarball holds the bundle, schema, built-in stacks and templates, and no sources or tests', () => {
    for (const f of [
      'dist/cli.cjs',
      'dist/mcpo.cjs',
      'dist/mcpo-run.cjs',
      'schemas/stack.schema.json',
      'stacks/development.yaml',
      'templates/node/package.json',
      'package.json',
      'README.md',
    ]) {
      expect(packed).toContain(f);
    }
    expect(packed.filter((f) => /^(src|test|scripts|node_modules)\//.test(f))).toEqual([]);
  });

  test('the installed mcpo runs from another folder: --version, init, plan', () => {
    const bin = join(prefix, 'bin', 'mcpo');
    expect(existsSync(bin)).toBe(true);
    const elsewhere = join(h.home, 'some', 'project');
    mkdirSync(elsewhere, { recursive: true });
    mkdirSync(join(h.home, '.claude'));
    const env = { ...h.env, PATH: `${join(prefix, 'bin')}:${h.env.PATH}` };
    const version = runCommand('mcpo', ['--version'], { env, cwd: elsewhere });
    expect(version.code).toBe(0);
    // First line the version, then Node's, then where mcpo is installed (what a bug report needs).
    const [name, node, where] = version.stdout.trim().split('\n');
    expect(name).toBe(
      `mcpo ${JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')).version}`,
    );
    expect(node).toBe(`node ${process.version}`);
    expect(realpathSync(where!.replace(/^installed at /, ''))).toBe(
      realpathSync(join(prefix, 'lib', 'node_modules', 'mcpo')),
    );
    expect(runCommand('mcpo', ['init'], { env, cwd: elsewhere }).code).toBe(0);
    // The modeline points at the installed package's schema, which exists.
    const modeline = /\$schema=(\S+)/.exec(
      readFileSync(join(elsewhere, 'mcp.stack.yaml'), 'utf8'),
    )![1]!;
    expect(modeline.startsWith('file://')).toBe(true);
    expect(fileURLToPath(modeline).startsWith(join(prefix, 'lib', 'node_modules', 'mcpo'))).toBe(
      true,
    );
    expect(existsSync(fileURLToPath(modeline))).toBe(true);
    writeFileSync(
      join(elsewhere, 'mcp.stack.yaml'),
      'version: 1\ninclude: [development]\nclients:\n  claude-code: { stacks: [development] }\n',
    );
    const deeper = join(elsewhere, 'src');
    mkdirSync(deeper);
    const plan = runCommand('mcpo', ['plan'], { env, cwd: deeper });
    expect(plan.stderr).toContain(`Using ${join(elsewhere, 'mcp.stack.yaml')}`);
    expect(plan.stdout).toMatch(/\+ filesystem/);
    expect(plan.code).toBe(0);
  });
});
