// Class 10 of issue 11: a process killed (SIGKILL) anywhere inside replaceFile leaves the file
// whole (old or new version) and at most a temp file `.<name>.mcpo-<pid>-<hex>.tmp` (0600, ours);
// the next replaceFile in that folder removes every such file whose process is gone, and
// nothing else (another program's files, a live process's temp file).
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { replaceFile } from '../src/fs/files.js';
import { bundleFiles } from './helpers/fs-bundle.js';

const fixtures = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures', 'fs');
const { content } = createRequire(import.meta.url)(path.join(fixtures, 'loop-content.cjs')) as {
  content: (seq: number) => string;
};
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'mcpo-fs-kill-'));
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));
let bundle: string;
beforeAll(async () => {
  bundle = await bundleFiles(work);
});

const TRIALS = 20;
const TEMP_RE = /^\.mcp\.json\.mcpo-(\d+)-[0-9a-f]{8}\.tmp$/;

/** Starts the loop writer, SIGKILLs it after it reported `after` writes (somewhere in a later one). */
async function killAfter(file: string, after: number): Promise<number> {
  const child = spawn(process.execPath, [path.join(fixtures, 'loop-writer.cjs'), bundle, file], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise<NodeJS.Signals | null>((resolve) =>
    child.on('exit', (_code, signal) => resolve(signal)),
  );
  let out = '';
  await new Promise<void>((resolve) =>
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.split('\n').filter((l) => l.startsWith('w ')).length >= after) resolve();
    }),
  );
  // Anywhere in the next replace: a random point over the few ms one replace of 1 MB takes.
  await new Promise((resolve) => setTimeout(resolve, Math.random() * 8));
  child.kill('SIGKILL');
  // Reaped: its pid is gone (a zombie would still answer kill(pid, 0)).
  expect(await exited).toBe('SIGKILL');
  return child.pid!;
}

describe('a replaceFile killed mid-way', () => {
  test(`leaves a whole file, and the next replaceFile removes its temp files (${TRIALS} kills)`, async () => {
    const dir = path.join(work, 'client');
    fs.mkdirSync(dir);
    const file = path.join(dir, 'mcp.json');
    fs.writeFileSync(file, content(0));
    // Not ours to remove: another program's file, and a name like ours whose process is alive.
    const foreign = path.join(dir, '.mcp.json.tmp.1234');
    const live = path.join(dir, `.mcp.json.mcpo-${process.ppid}-0badc0de.tmp`);
    fs.writeFileSync(foreign, 'theirs');
    fs.writeFileSync(live, 'a live process');
    let leftBehind = 0;
    for (let trial = 0; trial < TRIALS; trial++) {
      const pid = await killAfter(file, 1 + (trial % 3));
      const text = fs.readFileSync(file, 'utf8');
      expect(text).toBe(content((JSON.parse(text) as { seq: number }).seq));
      const temps = fs.readdirSync(dir).filter((n) => TEMP_RE.test(n) && n !== path.basename(live));
      for (const t of temps) {
        expect(TEMP_RE.exec(t)![1]).toBe(String(pid));
        expect(fs.statSync(path.join(dir, t)).mode & 0o777).toBe(0o600);
      }
      leftBehind += temps.length;
      // The next run cleans up before it writes.
      await replaceFile(file, (t) => t!);
      expect(fs.readdirSync(dir).sort()).toEqual(
        [path.basename(foreign), path.basename(live), 'mcp.json'].sort(),
      );
    }
    console.info(
      `fs-kill: ${TRIALS} kills left ${leftBehind} temp files, all removed by the next replaceFile`,
    );
    // The kills did land inside writes (else this test would not test the clean-up).
    expect(leftBehind).toBeGreaterThan(0);
  }, 120_000);
});
