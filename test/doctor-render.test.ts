// The doctor's progress views: plain lines as checks end (pipes, CI logs), and on a terminal a
// spinner naming the servers in flight, with each result printed above it.
import { test, expect } from '@jest/globals';
import { PassThrough } from 'node:stream';
import fc from 'fast-check';
import { renderDetails, statusLine } from '../src/doctor/render.js';
import { inFlightText, liveProgress, plainProgress } from '../src/doctor/progress.js';
import { colorsFor } from '../src/render/colors.js';
import type { ServerReport } from '../src/doctor/report.js';

const c = colorsFor(false);
const ok: ServerReport = {
  server: 'memory',
  transport: 'stdio',
  ok: true,
  serverInfo: { name: 'memory-server', version: '0.6.3' },
  protocolVersion: '2025-11-25',
  counts: { tools: 9, resources: 1, prompts: 0 },
  readyMs: 412,
  totalMs: 450,
  warnings: [],
};
const bad: ServerReport = {
  server: 'crash',
  transport: 'stdio',
  ok: false,
  totalMs: 90,
  warnings: [],
  failure: {
    kind: 'exited-early',
    message: 'The server exited with code 3.',
    fix: 'read the stderr lines',
    exitCode: 3,
    stderr: ['boom'],
  },
};

test('status lines: ok with name, version, protocol, counts and time to ready; FAIL with kind and message', () => {
  expect(statusLine(ok, c)).toBe(
    'ok   memory  memory-server 0.6.3 · protocol 2025-11-25 · 9 tools, 1 resource, 0 prompts · ready in 412 ms',
  );
  expect(statusLine(bad, c)).toBe('FAIL crash  exited-early: The server exited with code 3.');
});

test('not a terminal: one plain line per finished check, in finishing order, names padded to one width', () => {
  const out: string[] = [];
  const p = plainProgress(['memory', 'crash'], (t) => out.push(t), c);
  p.started(0);
  p.started(1);
  p.finished(1, bad);
  p.finished(0, ok);
  expect(out).toEqual([statusLine(bad, c, 6) + '\n', statusLine(ok, c, 6) + '\n']);
  expect(out[0]).toMatch(/^FAIL crash {3}exited-early/);
});

test('columns line up: whatever the names, the text after them starts at one column', () => {
  fc.assert(
    fc.property(
      fc.array(fc.stringMatching(/^[a-z][a-z0-9-]{0,20}$/), { minLength: 1, maxLength: 8 }),
      (names) => {
        const width = Math.max(...names.map((n) => n.length));
        const starts = names.map((n) =>
          statusLine({ ...ok, server: n }, c, width).indexOf('memory-server'),
        );
        expect(new Set(starts).size).toBe(1);
      },
    ),
  );
});

test('the spinner text names the servers in flight with their seconds, cut between names to the width', () => {
  const running = new Map([
    ['github', 0],
    ['memory', 1000],
    ['filesystem', 2500],
  ]);
  expect(inFlightText(running, 3600, 80)).toBe('checking github 3s, memory 2s, filesystem 1s');
  expect(inFlightText(running, 3600, 40)).toBe('checking github 3s, memory 2s, …');
  fc.assert(
    fc.property(
      fc.array(fc.tuple(fc.stringMatching(/^[a-z]{1,30}$/), fc.nat(60_000))),
      fc.integer({ min: 20, max: 200 }),
      (entries, columns) => {
        const text = inFlightText(new Map(entries), 60_000, columns);
        expect(text.length).toBeLessThanOrEqual(Math.max(columns - 3, 11));
      },
    ),
  );
});

test('terminal: a library spinner shows the servers in flight; each result line is printed whole, in colour', async () => {
  const chunks: string[] = [];
  // What a tty.WriteStream adds to a stream, writing the same escape codes Node's tty does.
  const pass = new PassThrough();
  const tty = {
    isTTY: true,
    columns: 60,
    cursorTo: (x: number) => pass.write(`\x1b[${x + 1}G`),
    clearLine: () => pass.write('\x1b[2K'),
    moveCursor: (_dx: number, dy: number) =>
      pass.write(dy < 0 ? `\x1b[${-dy}A` : dy > 0 ? `\x1b[${dy}B` : ''),
  };
  const stream = Object.assign(pass, tty) as unknown as NodeJS.WriteStream;
  (stream as unknown as PassThrough).on('data', (d: Buffer) => chunks.push(d.toString()));
  const ci = process.env.CI;
  delete process.env.CI; // yocto-spinner stays quiet under CI, as it should in CI logs
  try {
    const colour = colorsFor(true);
    const p = await liveProgress(['memory', 'crash'], stream, colour);
    try {
      p.started(0);
      p.started(1);
      p.finished(1, bad);
      p.finished(0, ok);
    } finally {
      p.done();
    }
    await new Promise((r) => setImmediate(r));
    const all = chunks.join('');
    expect(all).toMatch(/[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏].*checking memory 0s, crash 0s/);
    expect(all).toContain(statusLine(bad, colour, 6) + '\n');
    expect(all).toContain(statusLine(ok, colour, 6) + '\n');
    expect(all).toContain('\x1b[31mFAIL');
  } finally {
    if (ci !== undefined) process.env.CI = ci;
  }
});

test('details: a stderr line the message already quotes is not printed twice; the others are', () => {
  const quoted = {
    ...bad,
    failure: {
      ...bad.failure!,
      message: 'The server exited with code 3; its last stderr line: boom.',
      stderr: ['starting', 'boom'],
    },
  };
  const text = renderDetails({ ok: false, servers: [quoted], clientFiles: [] }, c);
  expect(text.match(/boom/g)).toHaveLength(1);
  expect(text).toContain('    stderr | starting');
});

test('details: each failure with its stderr and fix, warnings, and the count of failed checks', () => {
  const text = renderDetails(
    {
      ok: false,
      servers: [ok, { ...bad }, { ...ok, server: 'shim', warnings: ['node resolves through nvm'] }],
      clientFiles: [],
    },
    c,
  );
  expect(text).toBe(
    [
      '✗ crash: The server exited with code 3.',
      '    stderr | boom',
      '    Fix: read the stderr lines.',
      '! shim: node resolves through nvm.',
      '1 check failed.',
      '',
    ].join('\n'),
  );
});
