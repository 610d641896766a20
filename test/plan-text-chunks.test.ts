import { describe, test, expect } from '@jest/globals';
import fc from 'fast-check';
import { buildPlan } from '../src/plan/build.js';
import { planTextChunks, renderPlanText } from '../src/render/plan-text.js';
import { diffFields } from '../src/plan/fields.js';
import { colorsFor } from '../src/render/colors.js';
import { secretToken } from '../src/secrets/tokens.js';
import { fingerprint, loaded, stackOf, stateWith, stdio } from './helpers/builders.js';

/**
 * Issue 17: a large plan's text is printed piece by piece as it is made (at 5000 servers x 18
 * clients the whole text, held at once, was a large share of apply's peak memory). The pieces
 * are the same text, each bounded whatever the plan's size.
 */
const kind = fc.constantFrom('absent', 'same', 'other', 'mine');

describe('the plan text in pieces', () => {
  test('joined, the pieces are the text; each ends a line and holds a bounded number of lines', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ kind, secret: fc.boolean() }), { minLength: 1, maxLength: 900 }),
        (servers) => {
          const named = servers.map((s, i) => ({ ...s, name: `s${i}` }));
          const specs = named.map((s) =>
            stdio(
              s.name,
              s.secret ? { env: { TOKEN: secretToken('tok') } } : { env: { LEVEL: 'info' } },
            ),
          );
          const entryOf = (s: (typeof named)[number]) => ({
            command: 'npx',
            args: ['-y', `pkg-${s.name}`],
            env: s.secret ? { TOKEN: 'v1' } : { LEVEL: 'info' },
          });
          const current = Object.fromEntries(
            named
              .filter((s) => s.kind !== 'absent')
              .map((s) => [s.name, s.kind === 'other' ? { command: 'other' } : entryOf(s)]),
          );
          const state = stateWith(
            Object.fromEntries(
              named.filter((s) => s.kind === 'mine').map((s) => [s.name, entryOf(s)]),
            ),
          );
          const stack = { ...stackOf(specs), secretNames: ['tok'] };
          const plan = buildPlan({
            stack,
            targets: [loaded(current, { servers: named.map((s) => s.name) })],
            state,
            fingerprint,
            secrets: (n) => (n === 'tok' ? 'v1' : undefined),
            force: false,
            now: 'now',
          });
          const chunks = [...planTextChunks(plan, colorsFor(false), '/h')];
          const text = chunks.join('');
          expect(text).toBe(renderPlanText(plan, colorsFor(false), '/h'));
          for (const c of chunks) {
            expect(c.endsWith('\n')).toBe(true);
            // 2000 lines, plus the lines of the one change that crossed the bound.
            expect(c.split('\n').length - 1).toBeLessThanOrEqual(2000 + 10);
          }
          // Every change that is shown is there once, in plan order; the summary ends the text.
          const shown = plan.targets[0]!.changes.filter(
            (ch) => ch.action !== 'noop' || ch.owner || ch.adopt,
          ).map((ch) => ch.server);
          const heads = [...text.matchAll(/^ {2}[=~+-] (s\d+)/gm)].map((m) => m[1]);
          expect(heads).toEqual(shown);
          expect(text).toMatch(/(No changes\.|Plan: .*\.)\n$/);
          if (text.split('\n').length > 2100) expect(chunks.length).toBeGreaterThan(1);
        },
      ),
      { numRuns: 15 },
    );
  });

  test('diffFields reports nothing for an entry already as desired, whatever its key order', () => {
    const value = fc.jsonValue({ maxDepth: 3 });
    fc.assert(
      fc.property(fc.dictionary(fc.string({ maxLength: 5 }), value, { maxKeys: 6 }), (entry) => {
        // The same entry with its keys in reverse order at every level, as a client file may hold it.
        const reorder = (v: unknown): unknown =>
          Array.isArray(v)
            ? v.map(reorder)
            : v && typeof v === 'object'
              ? Object.fromEntries(
                  Object.entries(v)
                    .reverse()
                    .map(([k, x]) => [k, reorder(x)]),
                )
              : v;
        const before = reorder(entry) as Record<string, never>;
        expect(
          diffFields(before, entry as Record<string, never>, entry as Record<string, never>),
        ).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });
});
