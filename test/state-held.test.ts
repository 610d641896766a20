import { describe, expect, test } from '@jest/globals';
import fc from 'fast-check';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AppliedFile, FileState, StateData } from '../src/state/contract.js';
import { StateStore } from '../src/state/store.js';

/**
 * During an apply the store appends one journal line per file (issue 17: rewriting state.json
 * and applies.json whole per file cost O(files x state)). Whatever the apply does between two
 * records, a reader (a fresh store) sees exactly the state and the record as they are in
 * memory; a kill at any point leaves what the next writer folds into the same; state.json and
 * applies.json are written only at the end, and each file's line costs O(that file).
 */

const key = fc.constantFrom(
  '/a.json#mcpServers',
  '/b.yaml#extensions',
  '/c.toml#mcp_servers',
  '__proto__',
);
const fileState = (k: string): fc.Arbitrary<FileState> =>
  fc
    .dictionary(
      fc.constantFrom('fs', 'git', 'constructor', 'x"y'),
      fc.constantFrom('h1', 'h2', 'h3'),
      { maxKeys: 3 },
    )
    .map((e) => ({
      path: k.split('#')[0]!,
      client: 'cursor',
      scope: 'user',
      entriesPath: [k.split('#')[1]!],
      entries: Object.fromEntries(
        Object.entries(e).map(([n, f]) => [n, { stack: '/s.yaml', fingerprint: f }]),
      ),
    }));
const step = fc.oneof(
  key.chain((k) => fc.option(fileState(k)).map((f) => ({ kind: 'file' as const, k, f }))),
  fc.constant({ kind: 'forget' as const }),
  fc.constant({ kind: 'mode' as const }),
);

const same = (x: unknown): unknown => JSON.parse(JSON.stringify(x));
const tmp = (): string => fs.mkdtempSync(path.join(os.tmpdir(), 'mcpo-held-'));
const setFile = (state: StateData, k: string, f: FileState | null): void => {
  if (f === null) delete state.files[k];
  else
    Object.defineProperty(state.files, k, {
      value: f,
      enumerable: true,
      configurable: true,
      writable: true,
    });
};
const applied = (i: number): AppliedFile => ({
  path: `/f${i}`,
  backup: null,
  digestAfter: `d${i}`,
  modeBefore: null,
});

describe('StateStore during an apply', () => {
  test('after each step a reader sees the state and record in memory; a kill anywhere is folded in by the next writer', () => {
    fc.assert(
      fc.property(
        fc.array(step, { maxLength: 12 }),
        fc.integer({ min: 0, max: 3 }),
        (steps, earlier) => {
          const dir = tmp();
          try {
            const store = new StateStore(dir);
            const before: StateData = { version: 1, files: {} };
            setFile(before, '/a.json#mcpServers', {
              path: '/a.json',
              client: 'cursor',
              scope: 'user',
              entriesPath: ['mcpServers'],
              entries: {},
            });
            store.save(before);
            const stateBefore = fs.readFileSync(store.statePath, 'utf8');
            for (let i = 0; i < earlier; i++)
              store.recordApply({
                id: `old-${i}`,
                time: 't',
                stack: '/s.yaml',
                files: [],
                stateBefore: `s${i}`,
              });
            const journal = store.beginApply({ id: 'now', time: 't', stack: '/s.yaml' });
            const state: StateData = store.load();
            const files: AppliedFile[] = [];
            const cuts: { size: number; state: unknown; files: unknown }[] = [];
            for (const s of steps) {
              if (s.kind === 'file') {
                setFile(state, s.k, s.f);
                files.push(applied(files.length));
                journal.file(files.length - 1, files.at(-1)!, { [s.k]: s.f });
              } else if (s.kind === 'mode' && files.length) {
                files.at(-1)!.modeBefore = 0o644;
                journal.file(files.length - 1, files.at(-1)!, {});
              } else if (s.kind === 'forget' && files.length) {
                files.length -= 1;
                setFile(state, '/a.json#mcpServers', null);
                journal.forget(files.length, { '/a.json#mcpServers': null });
              }
              const reader = new StateStore(dir);
              expect(same(reader.load())).toEqual(same(state));
              const last = reader.readApplies().at(-1);
              if (files.length)
                expect(last).toEqual(
                  same({ id: 'now', time: 't', stack: '/s.yaml', files, stateBefore }),
                );
              else expect(last?.id).not.toBe('now');
              // Nothing but the journal is written before the end.
              expect(fs.readFileSync(store.statePath, 'utf8')).toBe(stateBefore);
              cuts.push({
                size: fs.statSync(store.journalPath).size,
                state: same(state),
                files: same(files),
              });
            }
            const journalText = fs.readFileSync(store.journalPath);
            // Killed after any step, even in the middle of the next line: the next writer (here a
            // save of what it loaded) folds the journal in, exactly once.
            for (const cut of cuts) {
              const copy = tmp();
              try {
                fs.cpSync(dir, copy, { recursive: true });
                const partial = journalText.subarray(
                  0,
                  cut.size + Math.min(5, journalText.length - cut.size),
                );
                fs.writeFileSync(path.join(copy, 'apply.journal'), partial);
                const next = new StateStore(copy);
                next.save(next.load());
                expect(fs.existsSync(next.journalPath)).toBe(false);
                expect(same(next.load())).toEqual(cut.state);
                const recs = next.readApplies().filter((r) => r.id === 'now');
                expect(recs).toEqual(
                  (cut.files as unknown[]).length
                    ? [
                        same({
                          id: 'now',
                          time: 't',
                          stack: '/s.yaml',
                          files: cut.files,
                          stateBefore,
                        }),
                      ]
                    : [],
                );
              } finally {
                fs.rmSync(copy, { recursive: true, force: true });
              }
            }
            journal.finish(files, state);
            expect(fs.existsSync(store.journalPath)).toBe(false);
            const reader = new StateStore(dir);
            expect(same(reader.load())).toEqual(same(state));
            expect(reader.readApplies().map((r) => r.id)).toEqual([
              ...Array.from({ length: earlier }, (_, i) => `old-${i}`),
              ...(files.length ? ['now'] : []),
            ]);
            for (const f of [store.statePath, store.appliesPath].filter((p) => fs.existsSync(p))) {
              expect(fs.readFileSync(f, 'utf8')).not.toMatch(/\n /);
            }
          } finally {
            fs.rmSync(dir, { recursive: true, force: true });
          }
        },
      ),
      { numRuns: 100 },
    );
  });

  test("recording a file costs O(that file): the journal grows by the same bytes whatever the state's size", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2000 }), (others) => {
        const dir = tmp();
        try {
          const store = new StateStore(dir);
          const big: StateData = { version: 1, files: {} };
          for (let i = 0; i < others; i++) {
            setFile(big, `/o${i}.json#mcpServers`, {
              path: `/o${i}.json`,
              client: 'cursor',
              scope: 'user',
              entriesPath: ['mcpServers'],
              entries: { s: { stack: '/s.yaml', fingerprint: 'h' } },
            });
          }
          store.save(big);
          const statMs = fs.statSync(store.statePath).mtimeMs;
          const journal = store.beginApply({ id: 'now', time: 't', stack: '/s.yaml' });
          const start = fs.statSync(store.journalPath).size;
          const mine: FileState = {
            path: '/m.json',
            client: 'cursor',
            scope: 'user',
            entriesPath: ['mcpServers'],
            entries: { m: { stack: '/s.yaml', fingerprint: 'h' } },
          };
          journal.file(0, applied(0), { '/m.json#mcpServers': mine });
          const grown = fs.statSync(store.journalPath).size - start;
          expect(grown).toBe(
            Buffer.byteLength(
              JSON.stringify({
                file: 0,
                record: applied(0),
                state: { '/m.json#mcpServers': mine },
              }),
            ) + 1,
          );
          expect(fs.statSync(store.statePath).mtimeMs).toBe(statMs);
          expect(fs.existsSync(store.appliesPath)).toBe(false);
        } finally {
          fs.rmSync(dir, { recursive: true, force: true });
        }
      }),
      { numRuns: 20 },
    );
  });

  test('load parses the state once while its files are unchanged, and sees every change made by any process', () => {
    const op = fc.oneof(
      fc.record({
        kind: fc.constant('save' as const),
        other: fc.boolean(),
        k: key,
        f: fc.option(key.chain(fileState)),
      }),
      fc.record({ kind: fc.constant('mutate' as const), k: key }),
      fc.record({
        kind: fc.constant('journal' as const),
        k: key,
        f: fc.option(key.chain(fileState)),
      }),
    );
    fc.assert(
      fc.property(fc.array(op, { maxLength: 10 }), (ops) => {
        const dir = tmp();
        try {
          const store = new StateStore(dir);
          let journal: ReturnType<StateStore['beginApply']> | undefined;
          for (const o of ops) {
            if (o.kind === 'save') {
              journal = undefined;
              const writer = o.other ? new StateStore(dir) : store;
              const next = writer.load();
              setFile(next, o.k, o.f);
              writer.save(next);
            } else if (o.kind === 'mutate') {
              // What a caller does with its copy never reaches the next load.
              setFile(store.load(), o.k, null);
            } else {
              journal ??= new StateStore(dir).beginApply({ id: 'j', time: 't', stack: '/s.yaml' });
              journal.file(0, applied(0), { [o.k]: o.f });
            }
            expect(same(store.load())).toEqual(same(new StateStore(dir).load()));
          }
          // Unchanged files: the same records, not parsed again (FileStates are shared, never edited).
          const a = store.load();
          const b = store.load();
          expect(a).not.toBe(b);
          for (const k of Object.keys(a.files)) expect(a.files[k]).toBe(b.files[k]);
        } finally {
          fs.rmSync(dir, { recursive: true, force: true });
        }
      }),
      { numRuns: 100 },
    );
  });
});
