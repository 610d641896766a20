/**
 * The YAML format hands the parse of the text it just wrote (its own check of the edit) to the
 * next read of that same text, once: equal to a fresh parse, and never shared by two readers.
 */
import { describe, expect, jest, test } from '@jest/globals';
import fc from 'fast-check';
import { stringify } from 'yaml';
import { canonicalJson } from '../src/state/digest.js';
import { scalarArb, word } from './helpers/yaml-words.js';

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

  test("a file created whole is yaml's text for the entries, and reads back as a parse of it reads, with no parse", () => {
    // Entries with tricky names and values, nested a little; into Goose's map and Continue's list.
    const value = fc.letrec((tie) => ({
      v: fc.oneof(
        { depthSize: 'small' },
        scalarArb,
        fc.array(tie('v'), { maxLength: 3 }),
        fc.dictionary(word, tie('v'), { maxKeys: 3 }),
      ),
    })).v;
    const entry = fc.dictionary(word, value, { minKeys: 1, maxKeys: 4 });
    const shapes = [
      { opts: {}, path: ['extensions'] },
      {
        opts: { listKey: 'name', created: { name: 'mcpo', version: '0.0.1', schema: 'v1' } },
        path: ['mcpServers'],
      },
    ];
    const run = fc.record({
      shape: fc.constantFrom(...shapes),
      changes: fc.dictionary(word, fc.option(entry, { nil: undefined }), {
        minKeys: 1,
        maxKeys: 5,
      }),
      blank: fc.constantFrom('', '\n', '  \n\n'),
    });
    fc.assert(
      fc.property(run, ({ shape, changes, blank }) => {
        const { opts, path } = shape;
        const sets = Object.entries(changes).filter(([, e]) => e !== undefined);
        fc.pre(sets.length > 0);
        const format = yamlFormat(opts);
        parses.mockClear();
        const text = format.writeEntries(blank, '/f.yaml', path, changes);
        const read = format.readEntries(text, '/f.yaml', path);
        expect(parses).not.toHaveBeenCalled();
        // The bytes yaml itself writes for the file (as the general path wrote them).
        const listKey = 'listKey' in opts ? opts.listKey : undefined;
        const items = sets.map(([n, e]) =>
          listKey ? { [listKey]: n, ...omit(e!, listKey) } : [n, e],
        );
        const data = {
          ...('created' in opts ? opts.created : {}),
          [path[0]!]: listKey ? items : Object.fromEntries(items as [string, unknown][]),
        };
        expect(text).toBe(stringify(data, { lineWidth: 0 }));
        // The read-back is what a real parse of that text reads.
        const parsed = yamlFormat(opts).readEntries(text, '/f.yaml', path);
        expect(canonicalJson(read)).toBe(canonicalJson(parsed));
      }),
      { numRuns: 400 },
    );
  });
});

function omit(e: Record<string, unknown>, key: string): Record<string, unknown> {
  const { [key]: _, ...rest } = e;
  return rest;
}
