/**
 * The YAML format hands the parse of the text it just wrote (its own check of the edit) to the
 * next read of that same text, once: equal to a fresh parse, and never shared by two readers.
 */
import { describe, expect, jest, test } from '@jest/globals';

// Every parse of the format goes through the fast reader first: counted here.
const real = await import('../src/stack/yaml-fast.js');
const parses = jest.fn(real.fastYamlData);
jest.unstable_mockModule('../src/stack/yaml-fast.js', () => ({ ...real, fastYamlData: parses }));
const { yamlFormat } = await import('../src/formats/yaml.js');

const entry = { command: 'npx', args: ['-y', '@example/mcp-server-1'], env: { LOG_LEVEL: 'info' } };

describe('yaml format read-back', () => {
  test('the text just written is read from its check, once; then parsed again', () => {
    for (const format of [yamlFormat(), yamlFormat({ listKey: 'name' })]) {
      const path = ['extensions'];
      const text = format.writeEntries('other: 1\n', '/f.yaml', path, { a: entry, b: entry });
      parses.mockClear();
      {
        const first = format.readEntries(text, '/f.yaml', path);
        expect(parses).not.toHaveBeenCalled();
        const second = format.readEntries(text, '/f.yaml', path);
        expect(parses).toHaveBeenCalledTimes(1);
        expect(JSON.parse(JSON.stringify(first))).toEqual({ a: entry, b: entry });
        expect(second).toEqual(first);
        expect(second.a).not.toBe(first.a);
      }
    }
  });
});
