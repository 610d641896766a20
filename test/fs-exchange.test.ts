// The last microseconds of a write (src/fs/files.ts, src/fs/exchange.ts): another program's file
// that lands after mcpo's last look and before mcpo puts its own in place is not lost. A rename
// would replace it unseen; mcpo exchanges the two names atomically and looks at what came out.
// Real files and the real system call throughout; only the other program's timing is staged.
import { afterAll, describe, expect, test } from '@jest/globals';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { exchanger, setExchangerForTests } from '../src/fs/exchange.js';
import { placeOver, replaceFile } from '../src/fs/files.js';

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'mcpo-fs-exchange-'));
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));
let n = 0;
const folder = (): string => fs.mkdtempSync(path.join(work, `${n++}-`));
const bytes = fc.uint8Array({ maxLength: 64 }).map((a) => Buffer.from(a));

describe('the exchange', () => {
  test('loads on Linux and macOS (CI must not fall back to the rename)', () => {
    const expected = process.platform === 'linux' || process.platform === 'darwin';
    expect(exchanger() !== null).toBe(expected);
  });

  test('placeOver: ours in place when the path still holds what we checked; else theirs stays, ours comes back', () => {
    fc.assert(
      fc.property(bytes, bytes, fc.option(bytes, { nil: null }), (before, ours, theirs) => {
        const dir = folder();
        const target = path.join(dir, 'client.json');
        const tmp = path.join(dir, '.client.json.mcpo-1-00000000.tmp');
        fs.writeFileSync(target, theirs ?? before);
        fs.writeFileSync(tmp, ours);
        const placed = placeOver(tmp, target, before, ours);
        if (theirs === null || theirs.equals(before)) {
          expect(placed).toBe('placed');
          expect(fs.readFileSync(target).equals(ours)).toBe(true);
          expect(fs.readdirSync(dir)).toEqual(['client.json']);
        } else {
          expect(placed).toBe('exists');
          expect(fs.readFileSync(target).equals(theirs)).toBe(true);
          expect(fs.readFileSync(tmp).equals(ours)).toBe(true);
        }
      }),
      { numRuns: 200 },
    );
  });

  test('placeOver: a folder that took the path stays; a path that vanished means try again', () => {
    const dir = folder();
    const [target, tmp] = [path.join(dir, 'c.json'), path.join(dir, 'tmp')];
    fs.mkdirSync(target);
    fs.writeFileSync(tmp, 'ours');
    expect(placeOver(tmp, target, Buffer.from('before'), Buffer.from('ours'))).toBe('exists');
    expect(fs.statSync(target).isDirectory()).toBe(true);
    expect(fs.readFileSync(tmp, 'utf8')).toBe('ours');
    fs.rmdirSync(target);
    expect(placeOver(tmp, target, Buffer.from('before'), Buffer.from('ours'))).toBe('exists');
    expect(fs.existsSync(target)).toBe(false);
  });
});

describe('replaceFile with a write landing after its last look', () => {
  /**
   * Lands `theirs` (a temp file and a rename, as a client writes) right after the fstat that is
   * replaceFile's last look at the file, i.e. inside the window no look can close.
   */
  function landAfterLastLook(target: string, theirs: (current: string) => string): () => void {
    const fstat = fs.fstatSync;
    let armed = 0;
    const patched = ((fd: number, opts?: fs.StatOptions) => {
      const st = fstat(fd, opts as never);
      // The third fstat of an attempt is its last look (first read, re-read, still-there check).
      if (++armed === 3) {
        const side = `${target}.theirs`;
        fs.writeFileSync(side, theirs(fs.readFileSync(target, 'utf8')));
        fs.renameSync(side, target);
      }
      return st;
    }) as typeof fs.fstatSync;
    fs.fstatSync = patched;
    return () => {
      fs.fstatSync = fstat;
    };
  }

  test('their change and ours are both in the file; produce ran again on theirs', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uniqueArray(fc.stringMatching(/^[a-z][a-z0-9]{0,7}$/), { minLength: 2, maxLength: 6 }),
        async (keys) => {
          const [mine, ...others] = keys as [string, ...string[]];
          const target = path.join(folder(), 'claude.json');
          fs.writeFileSync(target, JSON.stringify({ numStartups: 1 }));
          const addKey = (k: string) => (text: string) =>
            JSON.stringify({ ...JSON.parse(text), [k]: true });
          let calls = 0;
          const restore = landAfterLastLook(target, (text) => {
            const doc = JSON.parse(text);
            for (const k of others) doc[k] = true;
            return JSON.stringify({ ...doc, numStartups: 2 });
          });
          try {
            await replaceFile(target, (text) => (calls++, addKey(mine)(text ?? '{}')));
          } finally {
            restore();
          }
          const doc = JSON.parse(fs.readFileSync(target, 'utf8'));
          expect(doc.numStartups).toBe(2);
          for (const k of keys) expect(doc[k]).toBe(true);
          expect(calls).toBe(2);
          expect(fs.readdirSync(path.dirname(target))).toEqual(['claude.json']);
        },
      ),
      { numRuns: 25 },
    );
  });
});

describe('without an exchange (Windows, a file system without it)', () => {
  test('replaceFile renames: the new text in place, mode kept, no temp file left; a write before the last look is still redone', async () => {
    setExchangerForTests(null);
    try {
      await fc.assert(
        fc.asyncProperty(fc.string(), fc.string(), fc.boolean(), async (theirs, ours, early) => {
          const target = path.join(folder(), 'c.json');
          fs.writeFileSync(target, JSON.stringify({ v: 'before' }), { mode: 0o640 });
          let calls = 0;
          // onBefore runs before the last look: a write there is seen and the edit redone.
          let landed = !early;
          await replaceFile(
            target,
            (text) => (calls++, JSON.stringify({ ...JSON.parse(text ?? '{}'), ours })),
            {
              onBefore: () => {
                if (landed) return;
                landed = true;
                fs.writeFileSync(target, JSON.stringify({ v: 'theirs', theirs }));
              },
            },
          );
          const doc = JSON.parse(fs.readFileSync(target, 'utf8'));
          expect(doc).toEqual(early ? { v: 'theirs', theirs, ours } : { v: 'before', ours });
          expect(calls).toBe(early ? 2 : 1);
          expect(fs.statSync(target).mode & 0o777).toBe(0o640);
          expect(fs.readdirSync(path.dirname(target))).toEqual(['c.json']);
        }),
        { numRuns: 30 },
      );
    } finally {
      setExchangerForTests(undefined);
    }
    expect(exchanger() !== null).toBe(
      process.platform === 'linux' || process.platform === 'darwin',
    );
  });
});
