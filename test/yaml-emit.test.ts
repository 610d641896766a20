/**
 * The YAML emitter of the writers (src/formats/yaml-emit.ts) must give exactly `yaml`'s
 * `stringify(value, { lineWidth: 0 })`, or give up so `yaml` writes: checked on real entries
 * (where it must not give up) and on arbitrary data with tricky words and scalars.
 */
import { describe, expect, test } from '@jest/globals';
import fc from 'fast-check';
import { stringify } from 'yaml';
import { emitYaml } from '../src/formats/yaml-emit.js';
import { scalarArb, word } from './helpers/yaml-words.js';

const yamlOf = (v: unknown): string => stringify(v, { lineWidth: 0 });

const dataArb = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: 'small' }, scalarArb, tie('list'), tie('map')),
  list: fc.array(tie('value'), { maxLength: 4 }),
  map: fc.oneof(
    fc.dictionary(word, tie('value'), { maxKeys: 4 }),
    fc
      .dictionary(word, tie('value'), { maxKeys: 4 })
      .map((d) => Object.assign(Object.create(null) as object, d)),
  ),
}));

describe('emitYaml', () => {
  test('writes real entries itself, as yaml does', () => {
    const entry = {
      command: 'npx',
      args: ['-y', '@example/mcp-server-1', '--port', '8080'],
      env: { LOG_LEVEL: 'info', TOKEN: 'abc:def #1' },
      enabled: true,
      timeout: 300,
      envs: {},
      x: [],
      gone: null,
    };
    const shapes = [
      { extensions: { 'server-01': entry, 'server-02': { cmd: 'uvx', args: [] } } },
      { name: 'x', version: '0.0.1', schema: 'v1', mcpServers: [{ name: 'server-01', ...entry }] },
      [{ name: 'server-01', ...entry }],
      [{ a: [{ b: 1 }], c: { d: [1, 2] } }],
    ];
    for (const v of shapes) {
      expect(emitYaml(v)).toBeDefined();
      expect(emitYaml(v)).toBe(yamlOf(v));
    }
  });

  test('gives exactly what yaml gives, or gives up', () => {
    fc.assert(
      fc.property(fc.oneof(dataArb.map, dataArb.list), (v) => {
        const fast = emitYaml(v);
        if (fast !== undefined) expect(fast).toBe(yamlOf(v));
      }),
      { numRuns: 3000 },
    );
  });
});
