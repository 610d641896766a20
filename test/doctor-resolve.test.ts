// Command resolution for doctor and absolute_commands: a PATH walk over real files in a temp
// home, with fake version-manager trees (nvm, fnm, volta, asdf, pyenv, mise) laid out as each
// tool lays them out on disk.
import { describe, test, expect, beforeEach, afterEach } from '@jest/globals';
import { chmodSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { findOnPath, resolveCommand } from '../src/platform/resolve-command.js';
import { runnerFor } from '../src/doctor/runners.js';
import { makeTmpHome, type TmpHome } from './helpers/tmp-home.js';

let h: TmpHome;
beforeEach(() => {
  h = makeTmpHome('mcpo-resolve-');
});
afterEach(() => h.cleanup());

function exe(rel: string, mode = 0o755): string {
  const file = join(h.home, rel);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, '#!/bin/sh\nexit 0\n');
  chmodSync(file, mode);
  return file;
}
const env = (...dirs: string[]) => ({
  env: { PATH: dirs.map((d) => join(h.home, d)).join(':') },
  platform: 'linux' as const,
  home: h.home,
});

describe('PATH walk', () => {
  test('finds the first executable on PATH, skips non-executable files, and returns null when absent', () => {
    exe('a/tool', 0o644);
    const good = exe('b/tool');
    expect(findOnPath('tool', env('a', 'b'))).toBe(good);
    expect(findOnPath('nope', env('a', 'b'))).toBeNull();
  });

  test('on Windows, PATHEXT extensions are tried', () => {
    const cmd = exe('bin/npx.CMD');
    const r = {
      env: { Path: join(h.home, 'bin'), PATHEXT: '.EXE;.CMD' },
      platform: 'win32' as const,
      home: h.home,
    };
    expect(findOnPath('npx', r)).toBe(join(h.home, 'bin', 'npx.CMD'));
    expect(cmd).toBeTruthy();
  });

  test('a plain binary has no version manager', () => {
    const p = exe('usr/bin/uvx');
    expect(resolveCommand('uvx', env('usr/bin'))).toEqual({ found: p, absolute: p });
  });
});

describe('version managers', () => {
  test('nvm: the versioned bin folder is already absolute and real', () => {
    const p = exe('.nvm/versions/node/v22.3.0/bin/npx');
    expect(resolveCommand('npx', env('.nvm/versions/node/v22.3.0/bin'))).toEqual({
      found: p,
      absolute: p,
      manager: 'nvm',
    });
  });

  test('fnm: the per-shell multishell symlink is followed to the installed version', () => {
    const real = exe('.local/share/fnm/node-versions/v20.1.0/installation/bin/npx');
    mkdirSync(join(h.home, '.local/state/fnm_multishells/123_456'), { recursive: true });
    symlinkSync(dirname(real), join(h.home, '.local/state/fnm_multishells/123_456/bin'));
    const r = resolveCommand('npx', env('.local/state/fnm_multishells/123_456/bin'))!;
    expect(r.manager).toBe('fnm');
    expect(r.absolute).toBe(real);
  });

  test('asdf: the shim maps to the version pinned in ~/.tool-versions', () => {
    exe('.asdf/shims/npx');
    exe('.asdf/installs/nodejs/22.0.0/bin/npx');
    const pinned = exe('.asdf/installs/nodejs/20.5.0/bin/npx');
    writeFileSync(join(h.home, '.tool-versions'), 'nodejs 20.5.0\n');
    expect(resolveCommand('npx', env('.asdf/shims'))).toMatchObject({
      absolute: pinned,
      manager: 'asdf',
    });
  });

  test('pyenv: the shim maps to the global version; mise and volta to the newest install', () => {
    exe('.pyenv/shims/python');
    const py = exe('.pyenv/versions/3.11.9/bin/python');
    exe('.pyenv/versions/3.12.1/bin/python');
    writeFileSync(join(h.home, '.pyenv/version'), '3.11.9\n');
    expect(resolveCommand('python', env('.pyenv/shims'))).toMatchObject({
      absolute: py,
      manager: 'pyenv',
    });

    exe('.local/share/mise/shims/uvx');
    exe('.local/share/mise/installs/uv/0.4.9/bin/uvx');
    const uvx = exe('.local/share/mise/installs/uv/0.10.2/bin/uvx');
    const r = {
      ...env('.local/share/mise/shims'),
      env: {
        PATH: join(h.home, '.local/share/mise/shims'),
        XDG_DATA_HOME: join(h.home, '.local/share'),
      },
    };
    expect(resolveCommand('uvx', r)).toMatchObject({ absolute: uvx, manager: 'mise' });

    exe('.volta/bin/npx');
    const volta = exe('.volta/tools/image/node/22.11.0/bin/npx');
    expect(resolveCommand('npx', env('.volta/bin'))).toMatchObject({
      absolute: volta,
      manager: 'volta',
    });
  });

  test('a shim whose real binary cannot be found keeps the shim path, marked unresolved', () => {
    const shim = exe('.asdf/shims/bunx');
    expect(resolveCommand('bunx', env('.asdf/shims'))).toEqual({
      found: shim,
      absolute: shim,
      manager: 'asdf',
      unresolvedShim: true,
    });
  });
});

test('runners are recognised by base name, with Windows extensions', () => {
  expect(runnerFor('/usr/local/bin/npx')?.runner.needs).toEqual(['node']);
  expect(runnerFor('C:\\Program Files\\nodejs\\npx.cmd')?.name).toBe('npx');
  expect(runnerFor('uvx')?.runner.install).toContain('uv');
  expect(runnerFor('my-server')).toBeUndefined();
});
