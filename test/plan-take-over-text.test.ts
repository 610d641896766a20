import { describe, test, expect } from '@jest/globals';
import fc from 'fast-check';
import { buildPlan } from '../src/plan/build.js';
import { renderPlanText } from '../src/render/plan-text.js';
import { renderPlanJson } from '../src/render/plan-json.js';
import { colorsFor } from '../src/render/colors.js';
import { secretToken } from '../src/secrets/tokens.js';
import { fingerprint, loaded, stackOf, stateWith, stdio } from './helpers/builders.js';

/**
 * Issue 13: the plain-text plan shows every take-over that --json shows, also the ones that
 * change nothing in the file (the user's own same-name entry), and also before a secret exists.
 */
const name = fc.stringMatching(/^[a-z][a-z0-9-]{0,8}$/);

describe('take-overs in the plain-text plan', () => {
  test('each entry --json marks adopt is named in the text with "will be taken over"', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(
          fc.record({
            name,
            kind: fc.constantFrom('mine', 'theirs-same', 'theirs-other', 'absent'),
            secret: fc.boolean(),
          }),
          {
            minLength: 1,
            maxLength: 6,
            selector: (s) => s.name,
          },
        ),
        fc.boolean(),
        (servers, secretKnown) => {
          const specs = servers.map((s) =>
            stdio(s.name, s.secret ? { env: { TOKEN: secretToken('tok') } } : {}),
          );
          const entryOf = (s: (typeof servers)[number]) => ({
            command: 'npx',
            args: ['-y', `pkg-${s.name}`],
            ...(s.secret ? { env: { TOKEN: 'v1' } } : {}),
          });
          const current = Object.fromEntries(
            servers
              .filter((s) => s.kind !== 'absent')
              .map((s) => [s.name, s.kind === 'theirs-other' ? { command: 'other' } : entryOf(s)]),
          );
          const state = stateWith(
            Object.fromEntries(
              servers.filter((s) => s.kind === 'mine').map((s) => [s.name, entryOf(s)]),
            ),
          );
          const stack = { ...stackOf(specs), secretNames: ['tok'] };
          const plan = buildPlan({
            stack,
            targets: [loaded(current, { servers: specs.map((s) => s.name) })],
            state,
            fingerprint,
            secrets: (n) => (secretKnown && n === 'tok' ? 'v1' : undefined),
            force: false,
            now: 'now',
          });
          const json = JSON.parse(renderPlanJson(plan)) as {
            targets: { changes: { server: string; adopt: boolean }[] }[];
          };
          const adopted = json.targets.flatMap((t) =>
            t.changes.filter((c) => c.adopt).map((c) => c.server),
          );
          const text = renderPlanText(plan, colorsFor(false), '/h');
          for (const s of adopted)
            expect(text).toMatch(new RegExp(`^  [=~+] ${s}  \\(.*will be taken over`, 'm'));
          if (adopted.length) expect(text).not.toMatch(/^No changes\.$/m);
          // Every server the user made with the same name is adopted: none is missed.
          expect(adopted.sort()).toEqual(
            servers
              .filter((s) => s.kind.startsWith('theirs'))
              .map((s) => s.name)
              .sort(),
          );
        },
      ),
      { numRuns: 150 },
    );
  });
});
