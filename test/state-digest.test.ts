import { describe, expect, test } from '@jest/globals';
import fc from 'fast-check';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createHmac } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import { canonicalJson, createFingerprinter, sameJson } from '../src/state/digest.js';
import { StateStore } from '../src/state/store.js';

const tmp = (): string => fs.mkdtempSync(path.join(os.tmpdir(), 'mcpo-'));

/** The plain definition canonicalJson must match: sorted keys at every level, else JSON.stringify. */
function reference(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(reference).join(',')}]`;
  if (v !== null && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    return `{${Object.keys(o)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${reference(o[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(v);
}

describe('canonicalJson', () => {
  test('matches the plain definition on any JSON value, whatever the number and order of keys', () => {
    const keys = fc.oneof(
      fc.string({ maxLength: 4 }),
      fc.constantFrom('a', 'B', '_', '10', '9', 'é', '\u{1F600}', 'ab', 'a\u0000'),
    );
    const value = fc.letrec((tie) => ({
      v: fc.oneof(
        { depthSize: 'small' },
        fc.jsonValue({ maxDepth: 1 }),
        fc.array(tie('v'), { maxLength: 4 }),
        fc.dictionary(keys, tie('v'), { maxKeys: 24 }),
      ),
    })).v;
    fc.assert(
      fc.property(value, (v) => expect(canonicalJson(v)).toBe(reference(v))),
      { numRuns: 500 },
    );
  });

  test('sorts keys at every level and keeps array order', () => {
    expect(canonicalJson({ b: 1, a: { d: [2, 1], c: null } })).toBe(
      '{"a":{"c":null,"d":[2,1]},"b":1}',
    );
  });

  test('drops undefined members like JSON.stringify', () => {
    expect(canonicalJson({ a: undefined, b: [undefined] })).toBe('{"b":[null]}');
  });

  test('is deterministic for integer-like keys', () => {
    expect(canonicalJson({ '10': 1, '2': 2, a: 3 })).toBe(canonicalJson({ a: 3, '2': 2, '10': 1 }));
  });
});

/** Any JSON value, objects with keys that sort in surprising ways. */
const jsonish = (() => {
  const keys = fc.oneof(fc.string({ maxLength: 3 }), fc.constantFrom('a', 'B', '10', '9', 'é'));
  return fc.letrec((tie) => ({
    v: fc.oneof(
      { depthSize: 'small' },
      fc.jsonValue({ maxDepth: 1 }),
      fc.array(tie('v'), { maxLength: 3 }),
      fc.dictionary(keys, tie('v'), { maxKeys: 6 }),
    ),
  })).v;
})();

/** `v` with the keys of every object in another order (reversed). */
function reordered(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(reordered);
  if (v === null || typeof v !== 'object') return v;
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(v).reverse())
    Object.defineProperty(out, k, {
      value: reordered((v as Record<string, unknown>)[k]),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  return out;
}

describe('sameJson', () => {
  test('answers as a deep comparison of the two JSON round trips, for any pair of values', () => {
    const pair = fc.oneof(
      fc.tuple(jsonish, jsonish),
      jsonish.map((v) => [v, reordered(v)] as const),
    );
    fc.assert(
      fc.property(pair, ([a, b]) => {
        const round = (v: unknown): unknown => JSON.parse(JSON.stringify(v) ?? 'null');
        expect(sameJson(a, b)).toBe(isDeepStrictEqual(round(a), round(b)));
      }),
      { numRuns: 500 },
    );
  });

  test('key order does not matter, array order and values do', () => {
    expect(sameJson({ a: 1, b: [1, 2] }, { b: [1, 2], a: 1 })).toBe(true);
    expect(sameJson({ b: [1, 2] }, { b: [2, 1] })).toBe(false);
    expect(sameJson({ a: '1' }, { a: 1 })).toBe(false);
  });
});

describe('fingerprinter', () => {
  const salt = Buffer.alloc(32, 1);

  test('each entry digest is the HMAC of its canonical JSON, however often entries repeat and the memo of digests is emptied', () => {
    const hmac = (v: unknown): string =>
      `hmac-sha256:${createHmac('sha256', salt).update(canonicalJson(v), 'utf8').digest('hex')}`;
    // A few distinct entries asked for in any order, each under varying key orders, against
    // memos that hold 1 to 4 digests (so that the memo is emptied again and again).
    const run = fc.record({
      entries: fc.array(jsonish, { minLength: 1, maxLength: 5 }),
      order: fc.array(fc.tuple(fc.nat(), fc.boolean()), { minLength: 1, maxLength: 30 }),
      limit: fc.integer({ min: 1, max: 4 }),
    });
    fc.assert(
      fc.property(run, ({ entries, order, limit }) => {
        const fp = createFingerprinter(salt, limit);
        for (const [i, flip] of order) {
          const e = entries[i % entries.length];
          expect(fp.entry(flip ? reordered(e) : e)).toBe(hmac(e));
        }
      }),
      { numRuns: 300 },
    );
  });

  test('is stable across key order', () => {
    const fp = createFingerprinter(salt);
    expect(fp.entry({ command: 'npx', env: { A: '1', B: '2' } })).toBe(
      fp.entry({ env: { B: '2', A: '1' }, command: 'npx' }),
    );
    expect(fp.entry({ a: 1 })).toMatch(/^hmac-sha256:[0-9a-f]{64}$/);
  });

  test('differs across salts and never contains the value', () => {
    const a = createFingerprinter(salt).text('sk-secret');
    const b = createFingerprinter(Buffer.alloc(32, 2)).text('sk-secret');
    expect(a).not.toBe(b);
    expect(a).not.toContain('sk-secret');
  });

  test('the store creates the salt once (only when asked to persist it), mode 0600, and reuses it', () => {
    const dir = path.join(tmp(), 'state');
    // Reading (plan) writes nothing: the salt lives in memory until a command that writes asks.
    const store = new StateStore(dir);
    const planned = store.fingerprinter().text('x');
    expect(fs.existsSync(dir)).toBe(false);
    const first = store.fingerprinter({ persist: true }).text('x');
    expect(first).toBe(planned); // the same salt, so a plan's digests match what apply checks
    const saltFile = path.join(dir, 'salt');
    expect(fs.statSync(saltFile).mode & 0o777).toBe(0o600);
    expect(fs.statSync(dir).mode & 0o777).toBe(0o700);
    const saltBefore = fs.readFileSync(saltFile, 'utf8');
    expect(new StateStore(dir).fingerprinter().text('x')).toBe(first);
    expect(fs.readFileSync(saltFile, 'utf8')).toBe(saltBefore);
    expect(new StateStore(path.join(tmp(), 'state')).fingerprinter().text('x')).not.toBe(first);
  });

  test('a damaged salt is reported, not silently replaced', () => {
    const dir = tmp();
    fs.writeFileSync(path.join(dir, 'salt'), 'nope');
    expect(() => new StateStore(dir).fingerprinter()).toThrow(
      expect.objectContaining({ code: 'state-corrupt' }),
    );
  });
});
