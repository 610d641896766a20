// The one write path (src/fs/files.ts): replaceFile and checkReplaceable respect what the file
// is (regular only), its bytes (UTF-8 or refused; `before` is the raw bytes), its mode, owner,
// links and read-only bit, and another writer's change made before the rename.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { checkReplaceable, MAX_REPLACE_ATTEMPTS, replaceFile } from '../src/fs/files.js';
import { bundleFiles } from './helpers/fs-bundle.js';

const isRoot = process.getuid?.() === 0;
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'mcpo-fs-replace-'));
fs.chmodSync(work, 0o755);
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));
let n = 0;
const folder = (): string => fs.mkdtempSync(path.join(work, `${n++}-`));
// The tests run as root or as uid 65534: both must reach every folder below `work`.
const fresh = (name: string): string => path.join(folder(), name);
const modeOf = (file: string): number => fs.statSync(file).mode & 0o7777;
const entries = (file: string): string[] => fs.readdirSync(path.dirname(file)).sort();

describe('replaceFile: what is at the path', () => {
  test('a FIFO, socket, folder or device (also behind a symlink) is refused and stays what it was', async () => {
    const fifo = fresh('fifo.json');
    execFileSync('mkfifo', [fifo]);
    const sock = fresh('sock.json');
    const server = net.createServer();
    await new Promise<void>((resolve) => server.listen(sock, resolve));
    const dir = fresh('dir.json');
    fs.mkdirSync(dir);
    // As root, a device node of our own (same as /dev/null), so a failure cannot replace /dev/null.
    const dev = isRoot ? fresh('null.json') : '/dev/null';
    if (isRoot) execFileSync('mknod', [dev, 'c', '1', '3']);
    try {
      for (const target of [fifo, sock, dir, dev]) {
        const link = fresh('link.json');
        fs.symlinkSync(target, link);
        for (const p of [target, link]) {
          expect(checkReplaceable(p)).toEqual(
            expect.objectContaining({ code: 'not-regular-file' }),
          );
          await expect(replaceFile(p, () => '{}\n')).rejects.toEqual(
            expect.objectContaining({ code: 'not-regular-file' }),
          );
        }
        expect(fs.statSync(target).isFile()).toBe(false);
        expect(fs.lstatSync(link).isSymbolicLink()).toBe(true);
      }
    } finally {
      server.close();
    }
  });

  test('a file that is not UTF-8 is refused (not rewritten with U+FFFD)', async () => {
    const file = fresh('bad.json');
    const bytes = Buffer.from([0x7b, 0x0a, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0x22, 0x7d]);
    fs.writeFileSync(file, bytes);
    await expect(replaceFile(file, (t) => t!)).rejects.toEqual(
      expect.objectContaining({ code: 'not-utf8', message: expect.stringContaining(`${file}:2:`) }),
    );
    expect(fs.readFileSync(file).equals(bytes)).toBe(true);
  });
});

describe('replaceFile: bytes, mode, owner, links', () => {
  test('before is the raw bytes replaced; produce gets them as text; modes are kept or forced', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.string({ unit: 'binary', maxLength: 80 }),
        fc.boolean(),
        fc.integer({ min: 0, max: 0o777 }).map((m) => m | 0o200),
        fc.option(fc.constantFrom(0o600, 0o640), { nil: undefined }),
        async (body, bom, mode, forced) => {
          const file = fresh('c.json');
          const bytes = Buffer.from((bom ? '\uFEFF' : '') + body.replace(/\n/g, '\r\n'), 'utf8');
          fs.writeFileSync(file, bytes);
          fs.chmodSync(file, mode);
          const seen: (Buffer | null)[] = [];
          const r = await replaceFile(file, (t) => `${t}!`, {
            mode: forced,
            onBefore: (b) => seen.push(b),
          });
          expect(r.before!.equals(bytes)).toBe(true);
          expect(seen).toHaveLength(1);
          expect(seen[0]!.equals(bytes)).toBe(true);
          expect(r.modeBefore).toBe(mode);
          expect(modeOf(file)).toBe(forced ?? mode);
          expect(fs.readFileSync(file).equals(Buffer.concat([bytes, Buffer.from('!')]))).toBe(true);
          expect(entries(file)).toEqual(['c.json']);
        },
      ),
      { numRuns: 40 },
    );
  });

  test('a new file gets the umask default (or the mode asked for), through a dangling symlink too', async () => {
    const file = fresh('new.json');
    const r = await replaceFile(file, (t) => `${t}`);
    expect(r).toEqual({ before: null, text: 'null', modeBefore: null });
    expect(modeOf(file)).toBe(0o666 & ~process.umask());
    const real = fresh('real.json');
    const link = fresh('link.json');
    fs.symlinkSync(real, link);
    await replaceFile(link, () => '{}', { mode: 0o600 });
    expect(fs.lstatSync(link).isSymbolicLink()).toBe(true);
    expect(modeOf(real)).toBe(0o600);
  });

  test('a read-only file (no write bit: 0444, 0400, 0555) is refused with the fix and left alone', async () => {
    for (const mode of [0o444, 0o400, 0o555]) {
      const file = fresh('ro.json');
      fs.writeFileSync(file, '{}');
      fs.chmodSync(file, mode);
      const refusal = expect.objectContaining({
        code: 'read-only-file',
        hint: expect.stringContaining('chmod u+w'),
      });
      expect(checkReplaceable(file)).toEqual(refusal);
      await expect(replaceFile(file, () => '{"x":1}')).rejects.toEqual(refusal);
      expect(fs.readFileSync(file, 'utf8')).toBe('{}');
      expect(modeOf(file)).toBe(mode);
    }
  });

  test('a hard-linked file is refused (a rename would split it from its other names)', async () => {
    const file = fresh('a.json');
    fs.writeFileSync(file, '{}');
    const other = path.join(path.dirname(file), 'b.json');
    fs.linkSync(file, other);
    const refusal = expect.objectContaining({
      code: 'hard-linked-file',
      hint: expect.stringContaining('symbolic links'),
    });
    expect(checkReplaceable(file)).toEqual(refusal);
    await expect(replaceFile(file, () => '{"x":1}')).rejects.toEqual(refusal);
    expect(fs.statSync(file).ino).toBe(fs.statSync(other).ino);
  });

  test('a missing folder is created; an unwritable one is reported by checkReplaceable', () => {
    expect(checkReplaceable(path.join(folder(), 'a', 'b', 'c.json'))).toBeNull();
    const file = path.join(fresh('f'), 'c.json');
    fs.writeFileSync(path.dirname(file), 'a file, not a folder');
    expect(checkReplaceable(file)).toEqual(expect.objectContaining({ code: 'write-failed' }));
  });

  (isRoot ? test : test.skip)(
    'as root, a file owned by another user keeps its owner and group',
    async () => {
      const file = fresh('theirs.json');
      fs.writeFileSync(file, '{}');
      fs.chownSync(file, 65534, 65534);
      fs.chmodSync(file, 0o640);
      expect(checkReplaceable(file)).toBeNull();
      await replaceFile(file, () => '{"x":1}');
      const st = fs.statSync(file);
      expect([st.uid, st.gid, st.mode & 0o7777]).toEqual([65534, 65534, 0o640]);
    },
  );
});

describe('replaceFile as a user who is not root (setpriv --reuid 65534)', () => {
  let bundle: string;
  beforeAll(async () => {
    const dir = folder();
    fs.chmodSync(dir, 0o755); // uid 65534 must reach the bundle
    bundle = await bundleFiles(dir);
  });
  const setpriv = spawnSync('setpriv', ['--version']).status === 0;
  // Root ignores permission bits, so these cases only mean something as another user. Skipped
  // only when they cannot be set up: no setpriv, or not root (no way to make another user's
  // file; the read-only cases above then already run as a user who is not root).
  const canRun = isRoot && setpriv;
  if (!canRun)
    console.info(`fs-replace: non-root cases skipped (${setpriv ? 'not root' : 'no setpriv'})`);
  // CI runs as root: there, only a missing setpriv (util-linux) could skip them, and must not.
  if (isRoot && !setpriv && process.env.CI === 'true') {
    test('setpriv is available (required under CI=true)', () => {
      throw new Error('the non-root cases cannot run: setpriv (util-linux) is missing');
    });
  }

  /** Runs replaceFile(file) as uid 65534; returns the error code, or 'written'. */
  function asNobody(file: string): string {
    const script = `require(${JSON.stringify(bundle)}).replaceFile(${JSON.stringify(file)}, () => '{"x":1}')
      .then(() => console.log('written'), (e) => console.log(e.code))`;
    const r = spawnSync(
      'setpriv',
      ['--reuid', '65534', '--regid', '65534', '--clear-groups', process.execPath, '-e', script],
      { encoding: 'utf8', cwd: '/' },
    );
    return r.stdout.trim() || r.stderr;
  }

  (canRun ? test : test.skip)(
    "another user's file in a folder we may write is refused, owner unchanged",
    () => {
      const dir = folder();
      fs.chmodSync(dir, 0o777);
      const file = path.join(dir, 'root.json');
      fs.writeFileSync(file, '{}');
      fs.chmodSync(file, 0o666);
      expect(asNobody(file)).toBe('foreign-owner');
      expect(fs.statSync(file).uid).toBe(0);
      expect(fs.readFileSync(file, 'utf8')).toBe('{}');
      expect(fs.readdirSync(dir)).toEqual(['root.json']);
    },
  );

  (canRun ? test : test.skip)(
    'our own 0444 file is refused; our 0644 file is written and stays ours',
    () => {
      const dir = folder();
      fs.chmodSync(dir, 0o777);
      const ro = path.join(dir, 'ro.json');
      const rw = path.join(dir, 'rw.json');
      for (const [f, mode] of [
        [ro, 0o444],
        [rw, 0o644],
      ] as const) {
        fs.writeFileSync(f, '{}');
        fs.chownSync(f, 65534, 65534);
        fs.chmodSync(f, mode);
      }
      expect(asNobody(ro)).toBe('read-only-file');
      expect(fs.readFileSync(ro, 'utf8')).toBe('{}');
      expect(asNobody(rw)).toBe('written');
      expect(fs.statSync(rw).uid).toBe(65534);
    },
  );
});

describe('replaceFile: another writer changes the file before our rename', () => {
  test("produce runs again on the new text, so the other writer's change is kept", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: MAX_REPLACE_ATTEMPTS - 1 }),
        fc.boolean(),
        async (interruptions, inOnBefore) => {
          const file = fresh('c.json');
          fs.writeFileSync(file, JSON.stringify({ counter: 0 }));
          let calls = 0;
          const other = (): void => {
            // Another program's read-modify-write, between our read and our rename.
            if (calls > interruptions) return;
            const data = JSON.parse(fs.readFileSync(file, 'utf8')) as { counter: number };
            fs.writeFileSync(file, JSON.stringify({ ...data, counter: data.counter + 1 }));
          };
          const r = await replaceFile(
            file,
            (t) => {
              calls++;
              if (!inOnBefore) other();
              return JSON.stringify({ ...(JSON.parse(t!) as object), mcpo: true });
            },
            { onBefore: () => inOnBefore && other() },
          );
          expect(calls).toBe(interruptions + 1);
          expect(JSON.parse(fs.readFileSync(file, 'utf8'))).toEqual({
            counter: interruptions,
            mcpo: true,
          });
          expect(JSON.parse(r.before!.toString())).toEqual({ counter: interruptions });
          expect(entries(file)).toEqual(['c.json']);
        },
      ),
      { numRuns: 30 },
    );
  });

  test(`a file that keeps changing fails after ${MAX_REPLACE_ATTEMPTS} attempts with one sentence; nothing of ours written`, async () => {
    const file = fresh('busy.json');
    fs.writeFileSync(file, '0');
    let calls = 0;
    const produce = (t: string | null): string => {
      fs.writeFileSync(file, String(Number(t) + 1));
      calls++;
      return 'mcpo';
    };
    await expect(replaceFile(file, produce)).rejects.toEqual(
      expect.objectContaining({
        code: 'file-busy',
        message: expect.stringContaining('nothing was written'),
      }),
    );
    expect(calls).toBe(MAX_REPLACE_ATTEMPTS);
    expect(fs.readFileSync(file, 'utf8')).toBe(String(MAX_REPLACE_ATTEMPTS));
    expect(entries(file)).toEqual(['busy.json']);
  });

  test('a file created by someone else after we saw none is not replaced', async () => {
    const file = fresh('late.json');
    let calls = 0;
    await replaceFile(file, (t) => {
      if (calls++ === 0) fs.writeFileSync(file, '{"theirs":1}');
      return JSON.stringify({ ...(t === null ? {} : (JSON.parse(t) as object)), ours: 1 });
    });
    expect(JSON.parse(fs.readFileSync(file, 'utf8'))).toEqual({ theirs: 1, ours: 1 });
  });
});
