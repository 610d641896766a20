// The gateway's pure parts, over generated cases: the clash-prefix naming, the result cache, the
// duration syntax, the planner's one-entry rule for `via: gateway` targets, and the daemon's
// pool of shared backends.
import { describe, test, expect } from '@jest/globals';
import fc from 'fast-check';
import { routeNames } from '../src/gateway/names.js';
import { ResultCache } from '../src/gateway/result-cache.js';
import { durationMs } from '../src/stack/gateway-fields.js';
import { CallStats, percentile } from '../src/gateway/stats.js';
import { buildPlan } from '../src/plan/build.js';
import { gatewayServers } from '../src/gateway/target-servers.js';
import { SharedPool } from '../src/gateway/shared-pool.js';
import type { Backend } from '../src/gateway/backend.js';
import { emptyState, fingerprint, loaded, stackOf, stateWith, stdio } from './helpers/builders.js';
import type { Stack } from '../src/types.js';

// Small alphabets, so clashes (and names that look like prefixed ones) are frequent.
const server = fc.constantFrom('a', 'b', 'a__b', 'mem');
const tool = fc.constantFrom('echo', 'b', 'b__echo', 'a__echo', 'echo__2', 'x', 'a__b__echo');
const offers = fc.uniqueArray(fc.record({ server, names: fc.array(tool, { maxLength: 5 }) }), {
  selector: (o) => o.server,
  maxLength: 4,
});

describe('routeNames', () => {
  test('exposed names are unique, reach every offered tool exactly once, and unclashed names are kept', () => {
    fc.assert(
      fc.property(offers, (list) => {
        const routes = routeNames(list);
        const pairs = new Set(list.flatMap((o) => o.names.map((n) => `${o.server} ${n}`)));
        const reached = [...routes.values()].map((r) => `${r.server} ${r.name}`);
        expect(new Set(reached).size).toBe(reached.length);
        expect(new Set(reached)).toEqual(pairs);
        for (const o of list) {
          for (const n of o.names) {
            const owners = list.filter((x) => x.names.includes(n)).length;
            if (owners === 1) expect(routes.get(n)).toEqual({ server: o.server, name: n });
            else expect(routes.get(n)).toBeUndefined();
          }
        }
      }),
      { numRuns: 300 },
    );
  });
});

type Op =
  | { kind: 'set'; key: string; error: boolean; ttl: number }
  | { kind: 'get'; key: string }
  | { kind: 'tick'; ms: number };
const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({
    kind: fc.constant('set' as const),
    key: fc.constantFrom('k1', 'k2', 'k3', 'k4', 'k5'),
    error: fc.boolean(),
    ttl: fc.integer({ min: 1, max: 50 }),
  }),
  fc.record({
    kind: fc.constant('get' as const),
    key: fc.constantFrom('k1', 'k2', 'k3', 'k4', 'k5'),
  }),
  fc.record({ kind: fc.constant('tick' as const), ms: fc.integer({ min: 0, max: 30 }) }),
);

describe('ResultCache', () => {
  test('never holds more than its bound, never answers an error, and answers a kept value only within its ttl', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 4 }), fc.array(op, { maxLength: 60 }), (max, ops) => {
        let now = 0;
        const cache = new ResultCache(max, () => now);
        // The model: the last non-error value per key and when it expires (ignoring eviction).
        const model = new Map<string, { until: number; value: unknown }>();
        for (const o of ops) {
          if (o.kind === 'tick') now += o.ms;
          else if (o.kind === 'set') {
            const value = o.error ? { isError: true, n: now } : { n: now };
            cache.set(o.key, value, o.ttl);
            if (!o.error) model.set(o.key, { until: now + o.ttl, value });
          } else {
            const got = cache.get(o.key);
            const m = model.get(o.key);
            if (got !== undefined) {
              expect((got as { isError?: boolean }).isError).toBeUndefined();
              expect(m && m.until > now && m.value === got).toBe(true);
            } else if (m && m.until > now) model.delete(o.key); // evicted: the model forgets it too
          }
          expect(cache.size).toBeLessThanOrEqual(max);
        }
      }),
      { numRuns: 300 },
    );
  });

  test('the key does not depend on the order of argument properties', () => {
    fc.assert(
      fc.property(
        fc.dictionary(fc.string({ maxLength: 4 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 5 }),
        (args) => {
          const reversed = Object.fromEntries(Object.entries(args).reverse());
          expect(ResultCache.key('s', 't', reversed)).toBe(ResultCache.key('s', 't', args));
        },
      ),
    );
  });
});

describe('durations', () => {
  test('a number is seconds; text carries its unit', () => {
    const unit = fc.constantFrom(
      ['ms', 1],
      ['s', 1000],
      ['m', 60_000],
      ['h', 3_600_000],
    ) as fc.Arbitrary<[string, number]>;
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10_000 }), unit, (n, [u, ms]) => {
        expect(durationMs(`${n}${u}`)).toBe(n * ms);
        expect(durationMs(n)).toBe(n * 1000);
      }),
    );
    expect(durationMs('10 m')).toBeUndefined();
    expect(durationMs(0)).toBeUndefined();
  });
});

describe('planning a gateway target', () => {
  const names = fc.uniqueArray(fc.stringMatching(/^[a-z][a-z0-9-]{0,6}$/), {
    minLength: 1,
    maxLength: 6,
  });
  test('writes exactly one `mcpo` entry whatever servers the target has, and the gateway serves exactly them', () => {
    fc.assert(
      fc.property(names, fc.boolean(), (list, previouslyDirect) => {
        const servers = list.map((n) => stdio(n));
        const stack: Stack = stackOf(servers, [{ via: 'gateway' }]);
        // A target switched from direct to gateway: entries mcpo wrote before are removed.
        const current = previouslyDirect
          ? Object.fromEntries(list.map((n) => [n, { command: 'npx' }]))
          : {};
        const t = loaded(current, { via: 'gateway', servers: list });
        const state = previouslyDirect ? stateWith(current) : emptyState;
        const plan = buildPlan({
          stack,
          targets: [t],
          state,
          fingerprint,
          secrets: () => undefined,
          force: false,
          now: 'now',
          launcher: { node: '/n', entry: '/e' },
        });
        expect(plan.errors).toEqual([]);
        const kept = plan.targets[0]!.changes.filter((c) => c.action !== 'delete');
        expect(kept.map((c) => c.server)).toEqual(['mcpo']);
        expect(kept[0]!.after).toEqual({
          command: '/n',
          args: ['/e', 'gateway', '--stack', stack.file, '--target', 'fake:user'],
        });
        const deleted = plan.targets[0]!.changes.filter((c) => c.action === 'delete').map(
          (c) => c.server,
        );
        expect(deleted.sort()).toEqual(previouslyDirect ? [...list].sort() : []);
        expect(gatewayServers(stack, stack.targets[0]!, servers).map((s) => s.name)).toEqual(list);
      }),
      { numRuns: 100 },
    );
  });
});

describe('call figures', () => {
  test('p50 <= p95, both among the recorded latencies of the last 1000 calls', () => {
    fc.assert(
      fc.property(
        fc.array(fc.float({ min: 0, max: 1e4, noNaN: true }), { minLength: 1, maxLength: 1500 }),
        (xs) => {
          const stats = new CallStats();
          for (const x of xs) stats.record(x);
          const { p50Ms, p95Ms, calls } = stats.summary();
          const window = xs.slice(-1000);
          expect(calls).toBe(xs.length);
          expect(window).toContain(p50Ms);
          expect(window).toContain(p95Ms);
          expect(p50Ms!).toBeLessThanOrEqual(p95Ms!);
        },
      ),
      { numRuns: 100 },
    );
    expect(percentile([], 50)).toBeNull();
    expect(percentile([3, 1, 2], 50)).toBe(2);
  });
});

describe('SharedPool', () => {
  test('a shared server is one backend while any session holds it; any other is one per session', () => {
    const hooks = {
      resolve: async (s: never) => s,
      env: {},
      onListChanged: () => {},
      onStarted: () => {},
    };
    const op = fc.record({ user: fc.nat(2), server: fc.nat(2), acquire: fc.boolean() });
    fc.assert(
      fc.property(
        fc.array(fc.boolean(), { minLength: 3, maxLength: 3 }),
        fc.array(op, { maxLength: 30 }),
        (shared, ops) => {
          const pool = new SharedPool(() => undefined);
          const users = [{}, {}, {}];
          const specs = shared.map((sh, i) => ({
            ...stdio(`s${i}`),
            ...(sh ? { shared: true } : {}),
          }));
          const held = new Map<string, Backend>();
          for (const o of ops) {
            const k = `${o.user} ${o.server}`;
            if (o.acquire && !held.has(k))
              held.set(k, pool.acquire(specs[o.server]!, hooks as never, users[o.user]!));
            else if (!o.acquire && held.has(k)) {
              pool.release(held.get(k)!, users[o.user]!);
              held.delete(k);
            }
          }
          const byServer = (i: number) =>
            [...held].filter(([k]) => k.endsWith(` ${i}`)).map(([, b]) => b);
          for (let i = 0; i < 3; i++)
            expect(new Set(byServer(i)).size).toBe(
              shared[i] ? Math.min(1, byServer(i).length) : byServer(i).length,
            );
          expect(pool.size).toBe(shared.filter((sh, i) => sh && byServer(i).length > 0).length);
        },
      ),
    );
  });
});
