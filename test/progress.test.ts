// Long work shows progress on a terminal, and only when it is long: src/progress.ts.
import { test, expect } from '@jest/globals';
import { PassThrough } from 'node:stream';
import { delayedProgress } from '../src/progress.js';

/** A stream that answers like a terminal (the escape codes Node's tty writes), and records. */
function fakeTty(isTTY = true): { stream: NodeJS.WriteStream; text: () => string } {
  const pass = new PassThrough();
  const chunks: string[] = [];
  pass.on('data', (d: Buffer) => chunks.push(d.toString()));
  const tty = {
    isTTY,
    columns: 50,
    cursorTo: (x: number) => pass.write(`\x1b[${x + 1}G`),
    clearLine: () => pass.write('\x1b[2K'),
    moveCursor: () => true,
  };
  return {
    stream: Object.assign(pass, tty) as unknown as NodeJS.WriteStream,
    text: () => chunks.join(''),
  };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function withoutCi<T>(f: () => Promise<T>): Promise<T> {
  const ci = process.env.CI;
  delete process.env.CI; // a user's terminal has no CI variable; in CI logs nothing is shown
  try {
    return await f();
  } finally {
    if (ci !== undefined) process.env.CI = ci;
  }
}

test('quick work shows nothing; slow work shows a spinner with the latest text, cut to the width', () =>
  withoutCi(async () => {
    const quick = fakeTty();
    const p1 = delayedProgress('writing', 40, quick.stream);
    await sleep(5);
    p1.stop();
    await sleep(60);
    expect(quick.text()).toBe('');

    const slow = fakeTty();
    const p2 = delayedProgress('writing the client files', 10, slow.stream);
    await sleep(80);
    p2.update(`writing 2 of 18 files: ${'/very/long/path/'.repeat(6)}mcp.json`);
    await sleep(150);
    p2.stop();
    await sleep(5);
    const out = slow.text().replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '');
    expect(out).toMatch(/[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏] writing the client files/);
    expect(out).toContain('writing 2 of 18 files: /very/long/path/');
    expect(out).not.toContain('mcp.json'); // cut to fit one line of 50 columns
  }));

test('off a terminal, or in CI, nothing is printed however long the work takes', async () => {
  const pipe = fakeTty(false);
  await withoutCi(async () => {
    const p = delayedProgress('writing', 5, pipe.stream);
    await sleep(40);
    p.stop();
  });
  const ci = fakeTty();
  const before = process.env.CI;
  process.env.CI = before ?? 'true';
  try {
    const p = delayedProgress('writing', 5, ci.stream);
    await sleep(40);
    p.stop();
  } finally {
    if (before === undefined) delete process.env.CI;
  }
  expect(pipe.text() + ci.text()).toBe('');
});
