import { describe, expect, test } from '@jest/globals';
import fc from 'fast-check';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ApplyRecord, FileState, StateData } from '../src/state/contract.js';
import { StateStore } from '../src/state/store.js';

/**
 * During an apply the store keeps the apply list in memory and reuses the JSON of what did not
 * change (issue 17). Whatever the apply does between two records, what is on disk after each
 * record must be exactly the state and the list as they are in memory, written compactly.
 */

const key = fc.constantFrom('/a.json#mcpServers', '/b.yaml#extensions', '/c.toml#mcp_servers', '__proto__');
const fileState = (k: string): fc.Arbitrary<FileState> =>
  fc.dictionary(fc.constantFrom('fs', 'git', 'constructor', 'x"y'), fc.constantFrom('h1', 'h2', 'h3'), { maxKeys: 3 }).map((e) => ({
    path: k.split('#')[0]!, client: 'cursor', scope: 'user', entriesPath: [k.split('#')[1]!],
    entries: Object.fromEntries(Object.entries(e).map(([n, f]) => [n, { stack: '/s.yaml', fingerprint: f }])),
  }));
const step = fc.oneof(
  key.chain((k) => fileState(k).map((f) => ({ kind: 'set' as const, k, f }))),
  key.map((k) => ({ kind: 'delete' as const, k })),
  fc.constantFrom('/a.json', '/b.yaml').map((p) => ({ kind: 'file' as const, p })),
);

const read = (file: string): unknown => JSON.parse(fs.readFileSync(file, 'utf8'));
const same = (x: unknown): unknown => JSON.parse(JSON.stringify(x));

describe('StateStore during an apply', () => {
  test('each record and state on disk is the one in memory; compact JSON', () => {
    fc.assert(
      fc.property(fc.array(step, { maxLength: 12 }), fc.integer({ min: 0, max: 3 }), fc.string({ maxLength: 20 }), (steps, earlier, before) => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mcpo-held-'));
        try {
          const store = new StateStore(dir);
          for (let i = 0; i < earlier; i++) store.recordApply({ id: `old-${i}`, time: 't', stack: '/s.yaml', files: [], stateBefore: `s${i}` });
          const release = store.holdForApply();
          const state: StateData = store.load();
          const rec: ApplyRecord = { id: 'now', time: 't', stack: '/s.yaml', files: [], stateBefore: before };
          for (const s of steps) {
            // As apply does: a changed file's state is a new object, never edited in place.
            if (s.kind === 'set') Object.defineProperty(state.files, s.k, { value: s.f, enumerable: true, configurable: true, writable: true });
            else if (s.kind === 'delete') delete state.files[s.k];
            else rec.files.push({ path: s.p, backup: null, digestAfter: `d${rec.files.length}` });
            store.recordApply(rec);
            store.save(state);
            expect(read(store.statePath)).toEqual(same(state));
            expect(read(store.appliesPath)).toEqual(same([...store.readApplies()]));
            expect((read(store.appliesPath) as ApplyRecord[]).map((r) => r.id).at(-1)).toBe('now');
            expect((read(store.appliesPath) as ApplyRecord[]).at(-1)).toEqual(same(rec));
          }
          release();
          expect(same(new StateStore(dir).load())).toEqual(same(state));
          for (const f of [store.statePath, store.appliesPath].filter((p) => fs.existsSync(p))) {
            expect(fs.readFileSync(f, 'utf8')).not.toMatch(/\n /);
          }
        } finally {
          fs.rmSync(dir, { recursive: true, force: true });
        }
      }),
      { numRuns: 150 },
    );
  });
});
