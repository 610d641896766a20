// The lock file's class properties, with generated cases (fast-check): the text round-trips and is
// the same whatever the order things were found in; nothing a reviewer cannot see is written raw;
// a package found in any runner's command line is pinned in place and found again; a lock made
// from a stack is fresh, and any change of one server's package makes exactly that one stale;
// the npm range subset agrees with node-semver.
import { describe, test, expect } from '@jest/globals';
import fc from 'fast-check';
import { createRequire } from 'node:module';
import { parseLock, renderLock } from '../src/lock/format.js';
import { packageOf, pinnedSpec, sourceOf } from '../src/lock/packages.js';
import { staleEntries } from '../src/lock/read.js';
import { compareSnapshot } from '../src/lock/compare.js';
import { maxSatisfying, satisfies } from '../src/lock/versions.js';
import { ociLocation } from '../src/lock/oci.js';
import type { ItemKind, LockFile, ServerLock, SnapshotItem } from '../src/lock/types.js';
import type { ServerSpec } from '../src/types.js';
import { McpoError } from '../src/errors.js';
import { stackOf } from './helpers/builders.js';

const semver = createRequire(import.meta.url)('semver') as {
  satisfies(v: string, r: string): boolean;
  maxSatisfying(v: string[], r: string): string | null;
};

const anyText = fc.string({ unit: 'binary', maxLength: 40 });
const hex32 = fc.stringMatching(/^[0-9a-f]{32}$/);
const item = fc.record({
  kind: fc.constantFrom<ItemKind>('tool', 'template', 'prompt'),
  name: fc.string({ unit: 'binary', minLength: 1, maxLength: 12 }),
  description: anyText,
  hash: hex32,
});
const items = fc.uniqueArray(item, { selector: (i) => `${i.kind}\0${i.name}`, maxLength: 6 });
// Names that are also Object.prototype members must be ordinary names in a lock.
const serverName = fc.oneof(
  fc.stringMatching(/^[a-z][a-z0-9_-]{0,10}$/),
  fc.constantFrom('constructor', 'toString', '__proto__'),
);
const source = fc.oneof(
  fc.constant('command'),
  fc.constant('remote'),
  fc
    .tuple(
      fc.constantFrom('npm', 'pypi', 'oci'),
      fc.string({ unit: 'binary', minLength: 1, maxLength: 20 }),
    )
    .map(([t, a]) => `${t} ${a}`),
);
const pin = fc.option(
  fc.record({
    version: fc.stringMatching(/^[\w.+-]{1,12}$/),
    integrity: fc.stringMatching(/^[\w+/=:-]{1,40}$/),
  }),
  { nil: undefined },
);
const lockArb: fc.Arbitrary<LockFile> = fc
  .uniqueArray(fc.record({ name: serverName, source, pin, items }), {
    selector: (s) => s.name,
    maxLength: 5,
  })
  .map((list) => ({
    servers: Object.fromEntries(
      list.map((s) => [
        s.name,
        (s.pin ? s : { name: s.name, source: s.source, items: s.items }) as ServerLock,
      ]),
    ),
  }));

const sortedItems = (l: SnapshotItem[]) =>
  [...l].sort((a, b) => `${a.kind}\0${a.name}`.localeCompare(`${b.kind}\0${b.name}`));
const normal = (l: LockFile) =>
  Object.fromEntries(
    Object.entries(l.servers).map(([k, s]) => [k, { ...s, items: sortedItems(s.items) }]),
  );

describe('lock text', () => {
  test('parse(render(lock)) is the lock, for any names, sources and descriptions', () => {
    fc.assert(
      fc.property(lockArb, (lock) => {
        expect(normal(parseLock(renderLock(lock), '/p/mcp.stack.lock'))).toEqual(normal(lock));
      }),
      { numRuns: 300 },
    );
  });

  test('the same lock gives the same bytes whatever order servers and items came in', () => {
    fc.assert(
      fc.property(lockArb, fc.integer(), (lock, seed) => {
        const shuffle = <T>(a: T[]) =>
          a
            .map((x, i) => ({ x, k: (i * 7919 + seed) % 101 }))
            .sort((p, q) => p.k - q.k)
            .map((p) => p.x);
        const other: LockFile = {
          servers: Object.fromEntries(
            shuffle(Object.entries(lock.servers)).map(([k, s]) => [
              k,
              { ...s, items: shuffle(s.items) },
            ]),
          ),
        };
        expect(renderLock(other)).toBe(renderLock(lock));
      }),
      { numRuns: 200 },
    );
  });

  test('no control, format or line-separator character is written raw (they hide injected text)', () => {
    fc.assert(
      fc.property(lockArb, (lock) => {
        expect(renderLock(lock).replace(/\n/g, '')).not.toMatch(
          /[\p{Cc}\p{Cf}\p{Co}\p{Cs}\p{Zl}\p{Zp}]/u,
        );
      }),
      { numRuns: 300 },
    );
  });

  test('a damaged lock is refused with its file and line, never half-read', () => {
    fc.assert(
      fc.property(
        lockArb.filter((l) => Object.keys(l.servers).length > 0),
        fc.constantFrom('  bogus line', '      | misplaced', '<<<<<<< HEAD', '  tool x nothex'),
        fc.nat(),
        (lock, junk, at) => {
          const lines = renderLock(lock).split('\n');
          const first = lines.findIndex((l) => l.startsWith('server '));
          const i = first + 1 + (at % (lines.length - first - 1));
          lines.splice(i, 0, junk);
          try {
            parseLock(lines.join('\n'), '/p/mcp.stack.lock');
            throw new Error('accepted');
          } catch (e) {
            expect(e).toBeInstanceOf(McpoError);
            expect((e as McpoError).message).toMatch(/^\/p\/mcp\.stack\.lock:\d+: /);
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});

const npmName = fc
  .tuple(
    fc.option(fc.stringMatching(/^[a-z][a-z0-9-]{0,8}$/), { nil: undefined }),
    fc.stringMatching(/^[a-z][a-z0-9.-]{0,10}[a-z0-9]$/),
  )
  .map(([scope, n]) => (scope ? `@${scope}/${n}` : n));
const wanted = fc.constantFrom('', '1.2.3', '^1.0.0', '~2.1', 'latest', 'next', '3.x');
/** A server of each runner with options before the package, as people write them. */
const packageServer = fc
  .oneof(
    fc
      .tuple(
        npmName,
        wanted,
        fc.constantFrom([], ['-y'], ['--yes', '-q'], ['--registry', 'http://r']),
      )
      .map(([n, w, opts]) => ({
        type: 'npm',
        name: n,
        spec: { command: 'npx', args: [...opts, w ? `${n}@${w}` : n, '--flag', 'x'] },
      })),
    fc
      .tuple(
        fc.stringMatching(/^[a-z][a-z0-9_-]{0,10}[a-z0-9]$/),
        fc.constantFrom('', '==1.2.3', '@0.4.0'),
        fc.constantFrom([], ['--python', '3.12'], ['-q']),
      )
      .map(([n, w, opts]) => ({
        type: 'pypi',
        name: n,
        spec: { command: '/usr/bin/uvx', args: [...opts, `${n}${w}`, 'serve'] },
      })),
    fc
      .tuple(
        fc.constantFrom('ghcr.io/acme/db', 'mcp/fetch', 'localhost:5000/x/y', 'alpine'),
        fc.constantFrom('', ':v1', ':1.2'),
      )
      .map(([n, t]) => ({
        type: 'oci',
        name: n,
        spec: {
          command: 'docker',
          args: ['run', '-i', '--rm', '-e', 'TOKEN', '-v', '/a:/b', `${n}${t}`, 'stdio'],
        },
      })),
  )
  .map((p) => ({ ...p, spec: { name: 's', transport: 'stdio', ...p.spec } as ServerSpec }));
const pinArb = fc.record({
  version: fc.stringMatching(/^\d{1,3}\.\d{1,3}\.\d{1,3}$/),
  integrity: fc.stringMatching(/^[a-f0-9]{64}$/).map((h) => `sha256:${h}`),
});

describe('packages on a command line', () => {
  test('found for every runner; the pin replaces only that argument and is found again', () => {
    fc.assert(
      fc.property(packageServer, pinArb, (p, pin) => {
        const ref = packageOf(p.spec)!;
        expect(ref).toMatchObject({ type: p.type, name: p.name });
        const pinned = pinnedSpec(p.spec, pin);
        const again = packageOf(pinned)!;
        expect(again).toMatchObject({ type: p.type, name: p.name, index: ref.index });
        expect(again.wanted).toBe(p.type === 'oci' ? pin.integrity : pin.version);
        pinned.args!.forEach((a, i) => i !== ref.index && expect(a).toBe(p.spec.args![i]));
      }),
      { numRuns: 300 },
    );
  });

  test("a lock made from a stack is fresh; changing one server's package makes exactly that one stale", () => {
    const servers = fc.uniqueArray(fc.tuple(serverName, packageServer), {
      selector: ([n]) => n,
      minLength: 1,
      maxLength: 5,
    });
    fc.assert(
      fc.property(servers, fc.nat(), packageServer, (list, k, replacement) => {
        const specs = list.map(([n, p]) => ({ ...p.spec, name: n }));
        const stack = stackOf(specs);
        const lock: LockFile = {
          servers: Object.fromEntries(
            specs.map((s) => [s.name, { name: s.name, source: sourceOf(s), items: [] }]),
          ),
        };
        expect(staleEntries(stack, lock)).toEqual([]);
        const victim = specs[k % specs.length]!;
        const changed = { ...replacement.spec, name: victim.name };
        const stale = staleEntries(stackOf(specs.map((s) => (s === victim ? changed : s))), lock);
        expect(stale.map((e) => e.server)).toEqual(
          sourceOf(changed) === sourceOf(victim) ? [] : [victim.name],
        );
      }),
      { numRuns: 300 },
    );
  });
});

describe('what is not a registry package, and where an image lives', () => {
  test('local commands, git URLs, paths and remotes pin nothing', () => {
    const srv = (command: string, args: string[]): ServerSpec => ({
      name: 's',
      transport: 'stdio',
      command,
      args,
    });
    for (const s of [
      srv('node', ['server.js']),
      srv('npx', ['-y', 'github:acme/server']),
      srv('npx', ['-y', './local']),
      srv('npx', ['-y', 'git+https://x/y.git']),
      srv('uvx', ['--from', 'git+https://x/y', 'y']),
      srv('docker', ['ps']),
      srv('docker', ['run', '-i', '--rm']),
    ])
      expect([s.args, packageOf(s)]).toEqual([s.args, null]);
    expect(sourceOf({ name: 'r', transport: 'http', url: 'https://x/mcp' })).toBe('remote');
    expect(sourceOf(srv('node', ['server.js']))).toBe('command');
  });

  test('image names find their registry as docker reads them', () => {
    expect(ociLocation('alpine')).toEqual({
      base: 'https://registry-1.docker.io',
      repo: 'library/alpine',
    });
    expect(ociLocation('mcp/fetch')).toEqual({
      base: 'https://registry-1.docker.io',
      repo: 'mcp/fetch',
    });
    expect(ociLocation('ghcr.io/github/github-mcp-server')).toEqual({
      base: 'https://ghcr.io',
      repo: 'github/github-mcp-server',
    });
    expect(ociLocation('localhost:5000/a/b')).toEqual({
      base: 'http://localhost:5000',
      repo: 'a/b',
    });
  });
});

describe('snapshot comparison', () => {
  test('comparing a snapshot with itself finds nothing; with another, one change per differing name', () => {
    fc.assert(
      fc.property(items, items, (a, b) => {
        expect(compareSnapshot('s', a, a)).toEqual([]);
        const key = (i: SnapshotItem) => `${i.kind}\0${i.name}`;
        const ka = new Map(a.map((i) => [key(i), i]));
        const kb = new Map(b.map((i) => [key(i), i]));
        const differing = [...new Set([...ka.keys(), ...kb.keys()])].filter((k) => {
          const x = ka.get(k);
          const y = kb.get(k);
          return !x || !y || x.description !== y.description || x.hash !== y.hash;
        });
        expect(compareSnapshot('s', a, b)).toHaveLength(differing.length);
      }),
      { numRuns: 300 },
    );
  });
});

describe('npm ranges', () => {
  const version = fc
    .tuple(fc.nat(3), fc.nat(3), fc.nat(3), fc.constantFrom('', '-rc.1'))
    .map(([a, b, c, p]) => `${a}.${b}.${c}${p}`);
  const range = fc.oneof(
    version,
    fc
      .tuple(
        fc.constantFrom('^', '~', '>=', ''),
        fc.nat(3),
        fc.option(fc.nat(3), { nil: undefined }),
        fc.option(fc.nat(3), { nil: undefined }),
      )
      .map(
        ([op, a, b, c]) =>
          `${op}${a}${b === undefined ? '' : `.${b}${c === undefined ? '' : `.${c}`}`}`,
      ),
    fc.constantFrom('*', '1.x', '0.x', '2.1.x'),
  );
  test('satisfies and maxSatisfying agree with node-semver on the subset mcpo reads', () => {
    fc.assert(
      fc.property(fc.uniqueArray(version, { maxLength: 8 }), range, (versions, r) => {
        for (const v of versions)
          expect([v, r, satisfies(v, r)]).toEqual([v, r, semver.satisfies(v, r)]);
        expect(maxSatisfying(versions, r) ?? null).toBe(semver.maxSatisfying(versions, r));
      }),
      { numRuns: 500 },
    );
  });
});
