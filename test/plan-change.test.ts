import { describe, expect, test } from '@jest/globals';
import fc from 'fast-check';
import { changeOf } from '../src/plan/change.js';
import { dropShownFields } from '../src/apply/shown.js';
import { createFingerprinter } from '../src/state/digest.js';
import type { Fingerprinter } from '../src/state/contract.js';
import type { FieldChange, NativeEntry, Plan, ServerChange } from '../src/types.js';

/** A fingerprinter that counts its digests. */
function counting(): { fp: Fingerprinter; calls: () => number } {
  const inner = createFingerprinter(Buffer.alloc(32, 7));
  let n = 0;
  return {
    fp: { entry: (e) => (n++, inner.entry(e)), text: inner.text },
    calls: () => n,
  };
}

const entryArb: fc.Arbitrary<NativeEntry> = fc.record(
  {
    command: fc.string({ maxLength: 6 }),
    args: fc.array(fc.string({ maxLength: 4 }), { maxLength: 3 }),
    env: fc.dictionary(fc.string({ maxLength: 3 }), fc.string({ maxLength: 4 }), { maxKeys: 3 }),
  },
  { requiredKeys: ['command'] },
);
const fieldArb: fc.Arbitrary<FieldChange> = fc.record({
  path: fc.string({ maxLength: 5 }),
  sensitive: fc.boolean(),
  after: fc.string({ maxLength: 4 }),
});
const inputArb = fc.record({
  action: fc.constantFrom('create', 'update', 'delete', 'noop') as fc.Arbitrary<
    ServerChange['action']
  >,
  server: fc.string({ maxLength: 6 }),
  adopt: fc.boolean(),
  other: fc.option(fc.string({ maxLength: 6 }), { nil: undefined }),
  after: fc.option(entryArb, { nil: undefined }),
  fields: fc.array(fieldArb, { maxLength: 3 }),
});

type Input = typeof inputArb extends fc.Arbitrary<infer T> ? T : never;

/** The change as a plain literal, `drift` a value: what JSON and every reader must see. */
function plain(c: Input, drift: boolean): ServerChange {
  return {
    action: c.action,
    server: c.server,
    drift,
    adopt: c.adopt,
    ...(c.other === undefined ? {} : { owner: c.other }),
    ...(c.after && { after: c.after }),
    fields: c.fields,
  };
}

describe('changeOf', () => {
  test('reads and serialises as the plain change, drift digested once and only when read', () => {
    fc.assert(
      fc.property(
        inputArb,
        entryArb,
        fc.boolean(),
        fc.option(entryArb, { nil: undefined }),
        (c, before, same, other) => {
          const { fp, calls } = counting();
          const reference = createFingerprinter(Buffer.alloc(32, 7));
          // The state's record: the file's entry as mcpo wrote it, or another one (drift).
          const recorded = reference.entry(same ? before : (other ?? { command: '\u0000' }));
          const drift = reference.entry(before) !== recorded;
          const ch = changeOf(c, fp, before, recorded);
          expect(calls()).toBe(0);
          // What a saved plan holds: the same text as the plain literal, key order included.
          expect(JSON.stringify(ch)).toBe(JSON.stringify(plain(c, drift)));
          expect(calls()).toBe(1);
          expect([ch.action, ch.server, ch.adopt, ch.owner, ch.after, ch.fields]).toEqual([
            c.action,
            c.server,
            c.adopt,
            c.other,
            c.after,
            c.fields,
          ]);
          expect([ch.drift, ch.drift]).toEqual([drift, drift]);
          expect(calls()).toBe(1);
        },
      ),
      { numRuns: 300 },
    );
  });

  test('without a record to compare, a change is a plain literal with no drift', () => {
    fc.assert(
      fc.property(inputArb, (c) => {
        const ch = changeOf(c);
        expect(ch).toStrictEqual(plain(c, false));
        expect(JSON.stringify(ch)).toBe(JSON.stringify(plain(c, false)));
      }),
      { numRuns: 200 },
    );
  });
});

describe('dropShownFields', () => {
  test('empties every field list, leaves the rest as it was, and reads no drift', () => {
    fc.assert(
      fc.property(fc.array(fc.array(inputArb, { maxLength: 5 }), { maxLength: 4 }), (targets) => {
        const { fp, calls } = counting();
        const before: NativeEntry = { command: 'x' };
        const plan = {
          targets: targets.map((cs) => ({
            changes: cs.map((c, i) => (i % 2 ? changeOf(c) : changeOf(c, fp, before, 'd'))),
          })),
        } as unknown as Plan;
        dropShownFields(plan);
        expect(calls()).toBe(0);
        plan.targets.forEach((t, i) =>
          t.changes.forEach((ch, j) => {
            const c = targets[i]![j]!;
            expect(ch.fields).toEqual([]);
            expect([ch.action, ch.server, ch.adopt, ch.owner, ch.after]).toEqual([
              c.action,
              c.server,
              c.adopt,
              c.other,
              c.after,
            ]);
          }),
        );
      }),
      { numRuns: 200 },
    );
  });
});
