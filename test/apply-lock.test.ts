import { describe, expect, test } from '@jest/globals';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { lockPathFor, withFileLock, withFileLocks } from '../src/apply/lock.js';

const tmp = (): string => fs.mkdtempSync(path.join(os.tmpdir(), 'mcpo-'));

/** The pid of a process that has exited, for a lock left behind by a crash. */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '0']);
  await new Promise((resolve) => child.on('exit', resolve));
  return child.pid as number;
}

describe('withFileLock', () => {
  test('a second holder waits, then fails with lock-held while the first holds it', async () => {
    const dir = tmp();
    const target = path.join(dir, 'config.json');
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const first = withFileLock(path.join(dir, 'locks'), target, () => held);
    const started = Date.now();
    const second = withFileLock(path.join(dir, 'locks'), target, async () => 'ran', {
      waitMs: 300,
    });
    await expect(second).rejects.toMatchObject({
      code: 'lock-held',
      message: `Another mcpo (pid ${process.pid}) is changing ${target}.`,
      hint: 'wait for it to finish, then run the command again',
    });
    expect(Date.now() - started).toBeGreaterThanOrEqual(250);
    release();
    await first;
  });

  test('a waiting holder gets the lock once it is released', async () => {
    const dir = tmp();
    const target = path.join(dir, 'config.json');
    const order: string[] = [];
    const first = withFileLock(dir, target, async () => {
      await new Promise((resolve) => setTimeout(resolve, 120));
      order.push('first');
    });
    const second = withFileLock(dir, target, async () => order.push('second'));
    await Promise.all([first, second]);
    expect(order).toEqual(['first', 'second']);
  });

  test('a lock left by a dead process is taken over', async () => {
    const dir = tmp();
    const target = path.join(dir, 'config.json');
    const lockPath = lockPathFor(dir, target);
    const pid = await deadPid();
    fs.writeFileSync(
      lockPath,
      JSON.stringify({ pid, host: os.hostname(), time: new Date().toISOString() }),
    );
    await expect(withFileLock(dir, target, async () => 'ok', { waitMs: 0 })).resolves.toBe('ok');
    expect(fs.readdirSync(dir)).toEqual([]); // released, nothing stale left beside it
  });

  test('an old unparseable lock is taken over, a fresh one is respected', async () => {
    const dir = tmp();
    const target = path.join(dir, 'config.json');
    const lockPath = lockPathFor(dir, target);
    fs.writeFileSync(lockPath, '');
    await expect(
      withFileLock(dir, target, async () => 'ok', { waitMs: 100 }),
    ).rejects.toMatchObject({
      code: 'lock-held',
      message: `Another mcpo is changing ${target}.`,
    });
    const old = new Date(Date.now() - 60_000);
    fs.utimesSync(lockPath, old, old);
    await expect(withFileLock(dir, target, async () => 'ok', { waitMs: 0 })).resolves.toBe('ok');
  });

  test('the lock is released after an exception', async () => {
    const dir = tmp();
    const target = path.join(dir, 'config.json');
    await expect(
      withFileLock(dir, target, async () => {
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(fs.existsSync(lockPathFor(dir, target))).toBe(false);
    await expect(withFileLock(dir, target, async () => 1, { waitMs: 0 })).resolves.toBe(1);
  });

  test('a symlink and its target share one lock, kept in the lock folder only', async () => {
    const dir = tmp();
    const real = path.join(dir, 'real.json');
    const link = path.join(dir, 'link.json');
    fs.writeFileSync(real, '{}');
    fs.symlinkSync(real, link);
    expect(lockPathFor(path.join(dir, 'locks'), link)).toBe(
      lockPathFor(path.join(dir, 'locks'), real),
    );
    await withFileLock(path.join(dir, 'locks'), link, async () => {
      await expect(
        withFileLock(path.join(dir, 'locks'), real, async () => 0, { waitMs: 0 }),
      ).rejects.toMatchObject({
        code: 'lock-held',
      });
      expect(fs.readdirSync(dir).sort()).toEqual(['link.json', 'locks', 'real.json']);
    });
  });

  test('a path that cannot be resolved is a clear error, not a crash', async () => {
    const dir = tmp();
    const loop = path.join(dir, 'loop.json');
    fs.symlinkSync(loop, loop);
    await expect(withFileLock(dir, loop, async () => 0)).rejects.toMatchObject({
      code: 'write-failed',
      message: `Cannot write ${loop}: too many symbolic links.`,
    });
  });

  test('withFileLocks holds every lock during fn', async () => {
    const dir = tmp();
    const a = path.join(dir, 'a.json');
    const b = path.join(dir, 'b.json');
    await withFileLocks(path.join(dir, 'locks'), [b, a, a], async () => {
      expect(fs.readdirSync(path.join(dir, 'locks'))).toHaveLength(2);
    });
    expect(fs.readdirSync(path.join(dir, 'locks'))).toHaveLength(0);
  });
});
