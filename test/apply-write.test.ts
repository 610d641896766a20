import { describe, expect, test } from '@jest/globals';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  readFileIfExists,
  resolveTarget,
  writeError,
  writeFileSafely,
} from '../src/apply/write.js';

const tmp = (): string => fs.mkdtempSync(path.join(os.tmpdir(), 'mcpo-'));
const modeOf = (file: string): number => fs.statSync(file).mode & 0o777;
const isRoot = process.getuid?.() === 0;

describe('writeFileSafely', () => {
  test('replaces the content and keeps the existing mode', async () => {
    const dir = tmp();
    const file = path.join(dir, 'config.json');
    fs.writeFileSync(file, '{"old":true}');
    fs.chmodSync(file, 0o640);
    await writeFileSafely(file, '{"new":true}\n');
    expect(fs.readFileSync(file, 'utf8')).toBe('{"new":true}\n');
    expect(modeOf(file)).toBe(0o640);
    expect(fs.readdirSync(dir)).toEqual(['config.json']); // no temp file left
  });

  test('a new file gets the umask default, or the mode asked for', async () => {
    const dir = tmp();
    const umask = process.umask();
    await writeFileSafely(path.join(dir, 'a.json'), '{}');
    expect(modeOf(path.join(dir, 'a.json'))).toBe(0o666 & ~umask);
    await writeFileSafely(path.join(dir, 'b.json'), '{}', { mode: 0o600 });
    expect(modeOf(path.join(dir, 'b.json'))).toBe(0o600);
  });

  test('creates missing parent folders', async () => {
    const dir = tmp();
    const file = path.join(dir, 'a', 'b', 'c', 'mcp.json');
    await writeFileSafely(file, '{}');
    expect(readFileIfExists(file)).toBe('{}');
  });

  test('a symlinked config stays a symlink and its target is updated', async () => {
    const dir = tmp();
    const real = path.join(dir, 'dotfiles', 'mcp.json');
    const link = path.join(dir, 'home', 'mcp.json');
    fs.mkdirSync(path.dirname(real));
    fs.mkdirSync(path.dirname(link));
    fs.writeFileSync(real, 'old');
    fs.chmodSync(real, 0o640);
    fs.symlinkSync(path.relative(path.dirname(link), real), link);
    await writeFileSafely(link, 'new');
    expect(fs.lstatSync(link).isSymbolicLink()).toBe(true);
    expect(fs.readFileSync(real, 'utf8')).toBe('new');
    expect(modeOf(real)).toBe(0o640);
    expect(fs.readdirSync(path.dirname(link))).toEqual(['mcp.json']);
  });

  test('a dangling symlink stays a symlink and its target is created', async () => {
    const dir = tmp();
    const real = path.join(dir, 'store', 'sub', 'mcp.json');
    const link = path.join(dir, 'mcp.json');
    fs.symlinkSync(real, link);
    expect(resolveTarget(link)).toBe(path.join(fs.realpathSync(dir), 'store', 'sub', 'mcp.json'));
    await writeFileSafely(link, 'new');
    expect(fs.lstatSync(link).isSymbolicLink()).toBe(true);
    expect(fs.readFileSync(real, 'utf8')).toBe('new');
  });

  test('a path through a regular file fails with one clear sentence', async () => {
    const dir = tmp();
    fs.writeFileSync(path.join(dir, 'blocker'), '');
    const file = path.join(dir, 'blocker', 'sub', 'mcp.json');
    expect(resolveTarget(file)).toBe(path.join(fs.realpathSync(dir), 'blocker', 'sub', 'mcp.json'));
    await expect(writeFileSafely(file, '{}')).rejects.toMatchObject({
      name: 'McpoError',
      code: 'write-failed',
      message: `Cannot write ${file}: a part of its path is a file, not a folder.`,
      hint: 'check the folder permissions or set `path:` for this target',
    });
  });

  test('an unwritable folder fails with permission denied', async () => {
    const dir = tmp();
    const file = path.join(dir, 'ro', 'mcp.json');
    if (isRoot) {
      // root ignores folder modes, so check the mapping of the error the OS would give.
      const eacces = Object.assign(new Error('EACCES: permission denied'), { code: 'EACCES' });
      expect(writeError(file, eacces)).toMatchObject({
        code: 'write-failed',
        message: `Cannot write ${file}: permission denied.`,
      });
      return;
    }
    fs.mkdirSync(path.dirname(file), { mode: 0o500 });
    await expect(writeFileSafely(file, '{}')).rejects.toMatchObject({
      code: 'write-failed',
      message: `Cannot write ${file}: permission denied.`,
    });
  });
});

describe('readFileIfExists', () => {
  test('null for a missing file or folder, text otherwise', () => {
    const dir = tmp();
    expect(readFileIfExists(path.join(dir, 'nope.json'))).toBeNull();
    expect(readFileIfExists(path.join(dir, 'nope', 'x.json'))).toBeNull();
    fs.writeFileSync(path.join(dir, 'x.json'), 'hi');
    expect(readFileIfExists(path.join(dir, 'x.json'))).toBe('hi');
  });

  test('a folder in place of the file is a clear error', () => {
    const dir = tmp();
    expect(() => readFileIfExists(dir)).toThrow(
      expect.objectContaining({ code: 'not-regular-file' }),
    );
  });
});
