import { describe, expect, test } from '@jest/globals';
import fc from 'fast-check';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { canonicalJson, createFingerprinter } from '../src/state/digest.js';
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

describe('fingerprinter', () => {
  const salt = Buffer.alloc(32, 1);

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
