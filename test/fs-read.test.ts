// The one read path (src/fs/files.ts): only regular files (or symlinks to one) are read, opened
// without blocking and refused by kind before a byte is read; reads are bounded; text is strict
// UTF-8 (never U+FFFD), and a valid file's bytes come back exactly.
import { afterAll, describe, expect, test } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { isUtf8 } from 'node:buffer';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { MAX_FILE_BYTES, readRegularFile, readTextFile } from '../src/fs/files.js';
import { firstInvalidUtf8 } from '../src/fs/read.js';

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'mcpo-fs-read-'));
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));
let n = 0;
const fresh = (name: string): string => path.join(fs.mkdtempSync(path.join(work, `${n++}-`)), name);

/** Every kind of path that is not a regular file, made for real. */
async function specials(): Promise<{ kind: string; file: string; close?: () => void }[]> {
  const fifo = fresh('fifo.json');
  execFileSync('mkfifo', [fifo]);
  const sock = fresh('sock.json');
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(sock, resolve));
  const folder = fresh('folder.json');
  fs.mkdirSync(folder);
  return [
    { kind: 'a FIFO', file: fifo },
    { kind: 'a socket', file: sock, close: () => server.close() },
    { kind: 'a folder', file: folder },
    { kind: 'a character device', file: '/dev/null' },
    { kind: 'a character device', file: '/dev/zero' },
  ];
}

describe('readRegularFile / readTextFile', () => {
  test('FIFO, socket, folder and devices are refused by kind, without blocking; also through a symlink', async () => {
    const all = await specials();
    try {
      for (const { kind, file } of all) {
        const link = fresh('link.json');
        fs.symlinkSync(file, link);
        for (const p of [file, link]) {
          const refusal = expect.objectContaining({
            code: 'not-regular-file',
            message: expect.stringContaining(`${p} is ${kind}`),
          });
          expect(() => readRegularFile(p)).toThrow(refusal);
          expect(() => readTextFile(p)).toThrow(refusal);
        }
      }
    } finally {
      for (const s of all) s.close?.();
    }
  });

  test('absent files (and dangling links, missing folders) are null', () => {
    const file = fresh('none.json');
    const link = fresh('dangling.json');
    fs.symlinkSync(file, link);
    expect(readTextFile(file)).toBeNull();
    expect(readTextFile(link)).toBeNull();
    expect(readRegularFile(path.join(file, 'under.json'))).toBeNull();
  });

  test('a file larger than MAX_FILE_BYTES is refused, not read into memory', () => {
    const file = fresh('big.json');
    fs.writeFileSync(file, '');
    fs.truncateSync(file, MAX_FILE_BYTES + 1); // sparse: costs no disk
    expect(() => readRegularFile(file)).toThrow(
      expect.objectContaining({ code: 'file-too-large' }),
    );
  });

  test('any valid UTF-8 text (BOM, CRLF, astral characters) comes back byte for byte', () => {
    fc.assert(
      fc.property(
        fc.boolean(),
        fc.string({ unit: 'binary', maxLength: 200 }),
        fc.constantFrom('\n', '\r\n'),
        (bom, body, eol) => {
          const text = (bom ? '\uFEFF' : '') + body.replace(/\n/g, eol);
          const bytes = Buffer.from(text, 'utf8');
          const file = fresh('v.json');
          fs.writeFileSync(file, bytes);
          expect(readRegularFile(file)!.equals(bytes)).toBe(true);
          expect(Buffer.from(readTextFile(file)!, 'utf8').equals(bytes)).toBe(true);
        },
      ),
      { numRuns: 100 },
    );
  });

  test('any bytes: text exactly when they are UTF-8, else not-utf8 at the line of the first bad byte', () => {
    const bytesArb = fc.array(
      fc.oneof(
        fc.integer({ min: 0, max: 255 }),
        fc.constantFrom(10, 0x41, 0xc3, 0xa9, 0xed, 0xf0, 0x9f),
      ),
      { maxLength: 64 },
    );
    fc.assert(
      fc.property(bytesArb, (list) => {
        const bytes = Buffer.from(list);
        const bad = firstInvalidUtf8(bytes);
        expect(bad < 0).toBe(isUtf8(bytes));
        const file = fresh('b.json');
        fs.writeFileSync(file, bytes);
        if (bad < 0) {
          expect(Buffer.from(readTextFile(file)!, 'utf8').equals(bytes)).toBe(true);
          return;
        }
        const line = bytes.subarray(0, bad).filter((b) => b === 10).length + 1;
        expect(() => readTextFile(file)).toThrow(
          expect.objectContaining({
            code: 'not-utf8',
            message: expect.stringContaining(`${file}:${line}:`),
            hint: expect.stringContaining('UTF-8'),
          }),
        );
        expect(readRegularFile(file)!.equals(bytes)).toBe(true); // the raw bytes are still readable
      }),
      { numRuns: 300 },
    );
  });
});
