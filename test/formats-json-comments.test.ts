// Class 9 of issue 11: after writeEntries, every byte of a JSON/JSONC file outside the changed
// entries is identical: comments stay on the line of what they follow (a comment after an entry
// no longer jumps onto the next entry's line), BOM, CRLF, unicode and trailing commas survive.
// An entry that has its line to itself owns its trailing same-line comment (it goes with it).
import { describe, expect, test } from '@jest/globals';
import fc from 'fast-check';
import { parseTree, type Node } from 'jsonc-parser';
import { jsonFormat, jsoncFormat } from '../src/formats/json.js';
import type { NativeEntry } from '../src/types.js';

const FILE = '/home/u/.config/app/mcp.json';
const name = fc.stringMatching(/^[a-z][a-z0-9-]{0,5}$/);
// Unicode in strings and comments; no newline, and no `*/` that would end a block comment.
const words = fc
  .string({ unit: 'binary', maxLength: 12 })
  .map((s) => s.replace(/[\r\n\u2028\u2029]|\*\//g, ' '));
const entry = fc.record({ command: words, args: fc.array(words, { maxLength: 2 }) });

interface Shape {
  jsonc: boolean;
  bom: boolean;
  eol: string;
  indent: string;
  members: {
    name: string;
    value: { command: string; args: string[] };
    multiline: boolean;
    comment: string | null;
  }[];
  notes: (string | null)[];
  trailingComma: boolean;
  other: string;
}

const shape = (jsonc: boolean): fc.Arbitrary<Shape> =>
  fc.uniqueArray(name, { minLength: 1, maxLength: 5 }).chain((names) =>
    fc.record({
      jsonc: fc.constant(jsonc),
      bom: fc.boolean(),
      eol: fc.constantFrom('\n', '\r\n'),
      indent: fc.constantFrom('  ', '    ', '\t'),
      members: fc.tuple(
        ...names.map((n) =>
          fc.record({
            name: fc.constant(n),
            value: entry,
            multiline: fc.boolean(),
            comment: jsonc ? fc.option(comment()) : fc.constant(null),
          }),
        ),
      ),
      notes: fc.array(jsonc ? fc.option(comment()) : fc.constant(null), {
        minLength: names.length + 1,
        maxLength: names.length + 1,
      }),
      trailingComma: jsonc ? fc.boolean() : fc.constant(false),
      other: words,
    }),
  );

function comment(): fc.Arbitrary<string> {
  return fc.tuple(fc.boolean(), words).map(([line, w]) => (line ? `// ${w}` : `/* ${w} */`));
}

/** The file text: an entries map with comments after entries and on lines of their own. */
function render(s: Shape): string {
  const i1 = s.indent;
  const i2 = s.indent.repeat(2);
  const lines = [
    '{',
    `${i1}"theme": ${JSON.stringify(s.other)},${s.jsonc ? ` // ${s.other}` : ''}`,
    `${i1}"mcpServers": {`,
  ];
  s.members.forEach((m, k) => {
    if (s.notes[k]) lines.push(`${i2}${s.notes[k]}`);
    const value = m.multiline
      ? JSON.stringify(m.value, null, s.indent).split('\n').join(`\n${i2}`)
      : JSON.stringify(m.value);
    const comma = k < s.members.length - 1 || s.trailingComma ? ',' : '';
    lines.push(
      `${i2}${JSON.stringify(m.name)}: ${value}${comma}${m.comment ? ` ${m.comment}` : ''}`,
    );
  });
  if (s.notes[s.members.length]) lines.push(`${i2}${s.notes[s.members.length]}`);
  lines.push(`${i1}},`, `${i1}"after": [1, 2]${s.trailingComma ? ',' : ''}`, '}', '');
  return (s.bom ? '\uFEFF' : '') + lines.join('\n').replace(/\n/g, s.eol);
}

/** The text without the lines of the named entries (each alone on its lines) and without commas. */
function outside(text: string, names: Set<string>): string {
  const body = text.replace(/^\uFEFF/, '');
  const root = parseTree(body, [], { allowTrailingComma: true })!;
  const map = root.children!.find((p) => p.children![0]!.value === 'mcpServers')!.children![1]!;
  const cut: [number, number][] = [];
  for (const p of map.children ?? []) {
    if (!names.has(p.children![0]!.value as string)) continue;
    const start = body.lastIndexOf('\n', p.offset - 1) + 1;
    expect(body.slice(start, p.offset).trim()).toBe('');
    const nl = body.indexOf('\n', end(p));
    cut.push([start, nl < 0 ? body.length : nl + 1]);
  }
  let out = body;
  for (const [a, b] of cut.reverse()) out = out.slice(0, a) + out.slice(b);
  return (text.startsWith('\uFEFF') ? '\uFEFF' : '') + out.replace(/,/g, '');
}
const end = (n: Node): number => n.offset + n.length;

describe('writeEntries keeps every byte outside the changed entries', () => {
  for (const jsonc of [true, false]) {
    const format = jsonc ? jsoncFormat : jsonFormat;
    test(`${format.name}: random files (comments, BOM, CRLF, unicode, trailing commas) x random changes`, () => {
      fc.assert(
        fc.property(
          shape(jsonc).chain((s) =>
            fc.record({
              s: fc.constant(s),
              // Keep at least the first entry; change (set or remove) any of the others; add new ones.
              changed: fc.subarray(s.members.slice(1).map((m) => m.name)),
              removeSome: fc.array(fc.boolean(), {
                minLength: s.members.length,
                maxLength: s.members.length,
              }),
              added: fc.uniqueArray(
                name.map((n) => `new-${n}`),
                { maxLength: 3 },
              ),
              value: entry,
            }),
          ),
          ({ s, changed, removeSome, added, value }) => {
            const text = render(s);
            const changes: Record<string, NativeEntry | undefined> = {};
            changed.forEach(
              (n, k) =>
                (changes[n] = removeSome[k] ? undefined : (value as unknown as NativeEntry)),
            );
            for (const n of added) changes[n] = value as unknown as NativeEntry;
            const next = format.writeEntries(text, FILE, ['mcpServers'], changes);
            const touched = new Set([...changed, ...added]);
            expect(outside(next, touched)).toBe(outside(text, touched));
            // And the result is what was asked for, in a file its format still accepts.
            const want = Object.fromEntries(s.members.map((m) => [m.name, m.value]));
            for (const [n, v] of Object.entries(changes)) {
              if (v === undefined) delete want[n];
              else want[n] = v as never;
            }
            expect(format.readEntries(next, FILE, ['mcpServers'])).toEqual(want);
          },
        ),
        { numRuns: 300 },
      );
    });
  }

  test('the example of the issue: a comment after the last entry stays on its line', () => {
    const text = '{\n  "mcpServers": {\n    "a": { "command": "a" } // about a\n  }\n}\n';
    const next = jsoncFormat.writeEntries(text, FILE, ['mcpServers'], {
      b: { command: 'b' } as unknown as NativeEntry,
    });
    expect(next).toContain('"a": { "command": "a" }, // about a\n    "b": {');
  });
});
