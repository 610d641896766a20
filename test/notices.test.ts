// Plan notices (src/plan/notices.ts) over generated cases: a secret value in a file is reported
// exactly where the entry mcpo writes holds no such value, and a notice never carries the value.
import { describe, test, expect } from '@jest/globals';
import fc from 'fast-check';
import { buildPlan } from '../src/plan/build.js';
import { renderPlanJson } from '../src/render/plan-json.js';
import { secretToken } from '../src/secrets/tokens.js';
import { fingerprint, loaded, stackOf, stdio } from './helpers/builders.js';
import type { Stack } from '../src/types.js';

const secretValue = fc.stringMatching(/^[A-Za-z0-9]{8,16}$/);
const word = fc.stringMatching(/^[a-z]{1,6}$/);

describe('notices', () => {
  test('a secret value in a changed entry is noticed, by secret and field, only where mcpo writes no value; never printed', () => {
    fc.assert(
      fc.property(
        secretValue,
        fc.dictionary(fc.stringMatching(/^[A-Z]{1,5}$/), fc.boolean(), { minKeys: 1, maxKeys: 4 }),
        word,
        (value, keys, other) => {
          // env keys: true = the file holds the value (expanded), false = an unrelated string.
          const current = Object.fromEntries(
            Object.entries(keys).map(([k, held]) => [k, held ? `x${value}` : other]),
          );
          const desired = Object.fromEntries(Object.keys(keys).map((k) => [k, '${VAR}']));
          const stack: Stack = {
            ...stackOf([stdio('s', { env: desired })], [{ scope: 'project' }]),
            secretNames: ['TOKEN'],
          };
          const t = {
            ...loaded(
              { s: { command: 'npx', args: ['-y', 'pkg-s'], env: current } },
              { scope: 'project', servers: ['s'] },
            ),
            scope: 'project' as const,
          };
          const plan = buildPlan({
            stack,
            targets: [t],
            state: { version: 1, files: {} },
            fingerprint,
            secrets: (n) => (n === 'TOKEN' ? value : undefined),
            force: true,
            now: 'now',
          });
          const held = Object.entries(keys)
            .filter(([, h]) => h)
            .map(([k]) => `env.${k}`);
          if (held.length) {
            expect(plan.notices).toEqual([
              expect.objectContaining({
                code: 'secret-value-in-file',
                server: 's',
                client: 'fake',
              }),
            ]);
            expect(plan.notices![0]!.message).toContain(
              `secret TOKEN in plain text (server s, ${held.join(', ')})`,
            );
          } else {
            expect(plan.notices).toEqual([]);
          }
          expect(renderPlanJson(plan)).not.toContain(value);
        },
      ),
      { numRuns: 100 },
    );
  });

  test('a value mcpo itself writes (inline delivery) is not noticed, the same value expanded beside it is', () => {
    fc.assert(
      fc.property(secretValue, (value) => {
        const stack: Stack = {
          ...stackOf(
            [stdio('s', { env: { K: secretToken('TOKEN'), L: '${VAR}' } })],
            [{ scope: 'project' }],
          ),
          secretNames: ['TOKEN'],
        };
        // K holds the value mcpo writes there; L the value where mcpo writes a reference.
        const t = loaded(
          { s: { command: 'npx', args: ['-y', 'pkg-s'], env: { K: value, L: value } } },
          { scope: 'project', servers: ['s'] },
        );
        const plan = buildPlan({
          stack,
          targets: [t],
          state: { version: 1, files: {} },
          fingerprint,
          secrets: () => value,
          force: true,
          now: 'now',
        });
        expect(plan.targets[0]!.changes[0]!.action).toBe('update');
        expect(plan.notices!.map((n) => n.message.match(/\(server s, ([^)]*)\)/)?.[1])).toEqual([
          'env.L',
        ]);
      }),
      { numRuns: 30 },
    );
  });

  test('servers the client turned off are noticed for the managed ones only', () => {
    fc.assert(
      fc.property(
        fc
          .uniqueArray(word, { minLength: 1, maxLength: 5 })
          .chain((servers) =>
            fc.tuple(
              fc.constant(servers),
              fc.subarray(servers),
              fc.uniqueArray(word, { maxLength: 2 }),
            ),
          ),
        ([servers, picked, extra]) => {
          const off = [...picked, ...extra];
          const stack = stackOf(servers.map((n) => stdio(n)));
          const t = {
            ...loaded({}, { servers }),
            clientDisabled: { path: '/h/settings.json', names: off },
          };
          const plan = buildPlan({
            stack,
            targets: [t],
            state: { version: 1, files: {} },
            fingerprint,
            secrets: () => undefined,
            force: true,
            now: 'now',
          });
          expect(plan.notices!.map((n) => n.server)).toEqual(
            servers.filter((s) => off.includes(s)),
          );
          for (const n of plan.notices!)
            expect(n).toMatchObject({
              code: 'disabled-by-client',
              client: 'fake',
              path: '/h/.fake.json',
            });
        },
      ),
      { numRuns: 60 },
    );
  });
});
