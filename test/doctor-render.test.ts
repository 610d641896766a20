// The doctor's progress views: plain lines as checks end (pipes, CI logs), and on a terminal a
// block with one line per server rewritten in place (cursor up, clear line, back down).
import { test, expect } from '@jest/globals';
import { progressPrinter, renderDetails, statusLine } from '../src/doctor/render.js';
import { colorsFor } from '../src/render/colors.js';
import type { ServerReport } from '../src/doctor/report.js';

const c = colorsFor(false);
const ok: ServerReport = { server: 'memory', transport: 'stdio', ok: true, serverInfo: { name: 'memory-server', version: '0.6.3' }, protocolVersion: '2025-11-25', counts: { tools: 9, resources: 1, prompts: 0 }, readyMs: 412, totalMs: 450, warnings: [] };
const bad: ServerReport = { server: 'crash', transport: 'stdio', ok: false, totalMs: 90, warnings: [], failure: { kind: 'exited-early', message: 'The server exited with code 3.', fix: 'read the stderr lines', exitCode: 3, stderr: ['boom'] } };

test('status lines: ok with name, version, protocol, counts and time to ready; FAIL with kind and message', () => {
  expect(statusLine(ok, c)).toBe('ok   memory  memory-server 0.6.3 · protocol 2025-11-25 · 9 tools, 1 resource, 0 prompts · ready in 412 ms');
  expect(statusLine(bad, c)).toBe('FAIL crash  exited-early: The server exited with code 3.');
});

test('not a terminal: one plain line per finished check, in finishing order', () => {
  const out: string[] = [];
  const p = progressPrinter(['memory', 'crash'], (t) => out.push(t), false, c);
  p.started(0);
  p.started(1);
  p.finished(1, bad);
  p.finished(0, ok);
  expect(out).toEqual([statusLine(bad, c) + '\n', statusLine(ok, c) + '\n']);
});

test('terminal: the block is printed once, then each line is rewritten in place and shortened to the width', () => {
  const out: string[] = [];
  const p = progressPrinter(['memory', 'crash'], (t) => out.push(t), true, c, 40);
  p.started(0);
  p.started(1);
  p.finished(0, ok);
  p.finished(1, bad);
  expect(out[0]).toBe('...  memory  checking\n...  crash  checking\n');
  expect(out[1]).toBe(`\x1b[2A\r\x1b[2K${statusLine(ok, c).slice(0, 38)}…\x1b[1B`);
  expect(out[2]).toBe(`\x1b[1A\r\x1b[2K${statusLine(bad, c).slice(0, 38)}…`);
  expect(out).toHaveLength(3);
});

test('details: each failure with its stderr and fix, warnings, and the count of failed checks', () => {
  const text = renderDetails({ ok: false, servers: [ok, { ...bad }, { ...ok, server: 'shim', warnings: ['node resolves through nvm'] }], clientFiles: [] }, c);
  expect(text).toBe(['✗ crash: The server exited with code 3.', '    stderr | boom', '    Fix: read the stderr lines.', '! shim: node resolves through nvm.', '1 check failed.', ''].join('\n'));
});
