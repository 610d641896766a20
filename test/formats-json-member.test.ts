import { describe, expect, test } from '@jest/globals';
import fc from 'fast-check';
import { applyEdits, parseTree } from 'jsonc-parser';
import { jsonFormat, jsoncFormat, withTopLevelMember } from '../src/formats/json.js';
import { detectStyle, insertFirstMember } from '../src/formats/json-edit.js';
import type { NativeEntry } from '../src/types.js';

/**
 * A top-level member such as opencode's `$schema` in a file mcpo creates whole is spliced into the
 * new text; it must read exactly as the way that parses the text into a tree and inserts it.
 */
const BOM = '\uFEFF';
const FILE = '/home/u/.config/opencode/opencode.json';

/** The parse-and-insert way, for a created file (text: the format's own output). */
function byTree(after: string, key: string, value: unknown): string {
  const bom = after.startsWith(BOM) ? BOM : '';
  const text = after.slice(bom.length);
  const root = parseTree(text)!;
  const has = (root.children ?? []).some((p) => p.children?.[0]?.value === key);
  if (has) return after;
  return bom + applyEdits(text, insertFirstMember(text, root, root, key, value, detectStyle(text)));
}

const word = fc.oneof(
  fc.string({ maxLength: 5 }),
  fc.constantFrom('$schema', '__proto__', 'constructor', '1', '0', 'mcp', 'é', '"q"', 'a\nb'),
);
const entry: fc.Arbitrary<NativeEntry> = fc.record({
  type: fc.constantFrom('local', 'remote'),
  command: fc.array(word, { maxLength: 3 }),
  environment: fc.dictionary(word, word, { maxKeys: 3 }),
});
const changes = fc
  .array(fc.tuple(word, fc.option(entry, { nil: undefined })), { maxLength: 6 })
  .map((pairs) => {
    const out: Record<string, NativeEntry | undefined> = {};
    for (const [k, v] of pairs)
      Object.defineProperty(out, k, { value: v, enumerable: true, writable: true });
    return out;
  });
const blank = fc.constantFrom('', '\n', '\r\n', '  ', BOM, `${BOM}\r\n`, '\t\n');
const memberValue = fc.oneof(
  fc.constant('https://opencode.ai/config.json'),
  word,
  fc.dictionary(word, word, { maxKeys: 2 }),
  fc.array(word, { maxLength: 2 }),
);

describe('withTopLevelMember, a file created whole', () => {
  test('the member spliced in reads as parsing the new text and inserting it', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(jsonFormat, jsoncFormat),
        blank,
        fc.array(word, { maxLength: 2 }),
        changes,
        word,
        memberValue,
        (format, before, entriesPath, ch, key, value) => {
          const plain = format.writeEntries(before, FILE, entriesPath, ch);
          const got = withTopLevelMember(format, key, value).writeEntries(
            before,
            FILE,
            entriesPath,
            ch,
          );
          expect(got).toBe(plain === before ? before : byTree(plain, key, value));
          if (got !== before) {
            const data = JSON.parse(got.replace(BOM, '')) as Record<string, unknown>;
            expect(Object.keys(data)).toContain(key);
          }
        },
      ),
      { numRuns: 500 },
    );
  });
});
