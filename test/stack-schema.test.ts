import { describe, expect, test } from '@jest/globals';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import validate, { objectKeys } from '../src/stack/validate.generated.js';
import { repoRoot } from '../src/stack/sources.js';
import { didYouMean } from '../src/stack/suggest.js';

const ROOT = repoRoot();
const schema = JSON.parse(readFileSync(join(ROOT, 'schemas/stack.schema.json'), 'utf8')) as Record<
  string,
  unknown
>;

/** Every schema under a `properties` map, with its pointer. */
function propertySchemas(node: unknown, path = '#'): [string, Record<string, unknown>][] {
  if (!node || typeof node !== 'object') return [];
  const out: [string, Record<string, unknown>][] = [];
  for (const [k, v] of Object.entries(node)) {
    if (k === 'properties' && v && typeof v === 'object') {
      for (const [name, sub] of Object.entries(v)) {
        if (sub && typeof sub === 'object')
          out.push([`${path}/properties/${name}`, sub as Record<string, unknown>]);
      }
    }
    out.push(...propertySchemas(v, `${path}/${k}`));
  }
  return out;
}

describe('stack schema', () => {
  test('is JSON Schema 2020-12 with an $id', () => {
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(typeof schema.$id).toBe('string');
  });

  test('every property an editor can complete has a description', () => {
    const top = propertySchemas(schema).filter(
      ([p]) => !p.includes('/then/') && !p.includes('/allOf/'),
    );
    expect(top.length).toBeGreaterThan(25);
    expect(top.filter(([, s]) => typeof s.description !== 'string').map(([p]) => p)).toEqual([]);
  });

  test('the generated validator needs no ajv runtime and knows the closed objects', () => {
    const code = readFileSync(join(ROOT, 'src/stack/validate.generated.js'), 'utf8');
    expect(code).not.toMatch(/\brequire\(/);
    expect(code).not.toMatch(/^import /m);
    expect(Object.keys(objectKeys).sort()).toEqual(['root', 'server', 'stack', 'target']);
  });

  test("the repo's stack files are valid", () => {
    const files = [
      'mcp.stack.yaml',
      ...readdirSync(join(ROOT, 'stacks')).map((f) => `stacks/${f}`),
    ];
    for (const f of files) {
      const ok = validate(parse(readFileSync(join(ROOT, f), 'utf8')));
      expect({ f, errors: ok ? null : validate.errors }).toEqual({ f, errors: null });
    }
  });

  test('built-in stacks define no clients', () => {
    for (const f of readdirSync(join(ROOT, 'stacks'))) {
      expect(
        (parse(readFileSync(join(ROOT, 'stacks', f), 'utf8')) as Record<string, unknown>).clients,
      ).toBeUndefined();
    }
  });
});

describe('didYouMean', () => {
  test('suggests close names only', () => {
    expect(didYouMean('comand', ['command', 'args'])).toBe('command');
    expect(didYouMean('claude-desktp', ['claude-desktop', 'claude-code'])).toBe('claude-desktop');
    expect(didYouMean('Cursor', ['cursor'])).toBe('cursor');
    expect(didYouMean('xy', ['ab'])).toBeUndefined();
    expect(didYouMean('filesystem', ['github'])).toBeUndefined();
  });
});
