import { describe, test, expect } from '@jest/globals';
import fc from 'fast-check';
import type { ConfigFormat } from '../src/formats/contract.js';
import { jsonFormat, jsoncFormat } from '../src/formats/json.js';
import type { NativeEntry } from '../src/types.js';

/**
 * The JSON writer edits every entry of a file on one parse (issue 17). Whatever the file and the
 * changes, that must give the bytes of setting the entries one at a time (removals first, as in
 * test/format-batch.test.ts), and read back as exactly the entries asked for.
 */

const name = fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f', 'srv.x', 'with space', '__proto__');
const entry = fc.record(
  {
    command: fc.string({ maxLength: 8 }),
    args: fc.array(fc.string({ maxLength: 6 }), { maxLength: 3 }),
  },
  { requiredKeys: ['command'] },
);
const changes = fc.dictionary(name, fc.option(entry, { nil: undefined }), { maxKeys: 7 });
const comment = fc.constantFrom('// note', '/* block */', '/* x */ // y');

type Change = [string, NativeEntry | undefined];

const file = (jsonc: boolean) =>
  fc.record({
    // Duplicated names are allowed: JSON.parse keeps the last one, and so does the writer.
    existing: fc.array(fc.tuple(name, entry), { maxLength: 6 }),
    layout: fc.constantFrom(
      'lines',
      'one-line',
      'minified',
      'missing',
      'nested-missing',
      'empty',
      'empty-open',
    ),
    multiline: fc.boolean(),
    comments: jsonc
      ? fc.array(fc.option(comment, { nil: undefined }), { minLength: 8, maxLength: 8 })
      : fc.constant([]),
    trailingComma: jsonc ? fc.boolean() : fc.constant(false),
    indent: fc.constantFrom('  ', '    ', '\t'),
    eol: fc.constantFrom('\n', '\r\n'),
    bom: fc.boolean(),
    spaced: fc.boolean(),
  });

type File = typeof file extends (j: boolean) => fc.Arbitrary<infer F> ? F : never;

function render(f: File): { text: string; path: string[] } {
  const i1 = f.indent;
  const i2 = i1 + i1;
  const colon = f.spaced ? ': ' : ':';
  const path =
    f.layout === 'nested-missing' ? ['projects', '/home/u', 'mcpServers'] : ['mcpServers'];
  let body: string;
  if (f.layout === 'missing' || f.layout === 'nested-missing')
    body = `{${f.eol}${i1}"theme": "dark"${f.eol}}${f.eol}`;
  else if (f.layout === 'empty') body = `{"theme"${colon}"x", "mcpServers"${colon}{}}`;
  else if (f.layout === 'empty-open')
    body = `{${f.eol}${i1}"mcpServers": {${f.eol}${i1}}${f.eol}}${f.eol}`;
  else if (f.layout === 'one-line' || f.layout === 'minified') {
    const sep = f.layout === 'minified' ? ',' : ', ';
    const members = f.existing
      .map(([n, e]) => `${JSON.stringify(n)}${colon}${JSON.stringify(e)}`)
      .join(sep);
    body = `{"theme"${colon}"x"${sep}"mcpServers"${colon}{${members}}}`;
    if (f.layout === 'one-line')
      body = `{${f.eol}${i1}"mcpServers"${colon}{${members}}${f.eol}}${f.eol}`;
  } else {
    const lines = ['{', `${i1}"mcpServers": {`];
    f.existing.forEach(([n, e], k) => {
      const note = f.comments[k];
      if (note && k % 2) lines.push(`${i2}${note}`);
      const value = f.multiline
        ? JSON.stringify(e, null, i1).split('\n').join(`\n${i2}`)
        : JSON.stringify(e);
      const comma = k < f.existing.length - 1 || f.trailingComma ? ',' : '';
      lines.push(
        `${i2}${JSON.stringify(n)}: ${value}${comma}${note && !(k % 2) ? ` ${note}` : ''}`,
      );
    });
    if (f.comments[7]) lines.push(`${i2}${f.comments[7]}`);
    lines.push(`${i1}}`, '}', '');
    body = lines.join('\n').replace(/\n/g, f.eol);
  }
  return { text: (f.bom ? '\uFEFF' : '') + body, path };
}

function oneAtATime(format: ConfigFormat, text: string, path: string[], list: Change[]): string {
  const ordered = [
    ...list.filter((c) => c[1] === undefined),
    ...list.filter((c) => c[1] !== undefined),
  ];
  return ordered.reduce((t, [k, v]) => format.writeEntries(t, '/f', path, { [k]: v }), text);
}

function plain(x: unknown): unknown {
  return JSON.parse(JSON.stringify(x));
}

describe('JSON: one pass gives the bytes of one entry at a time', () => {
  for (const format of [jsonFormat, jsoncFormat]) {
    test(`${format.name}: lines, one-line, minified, empty and missing objects, comments, duplicates`, () => {
      fc.assert(
        fc.property(file(format === jsoncFormat), changes, (f, ch) => {
          const { text, path } = render(f);
          const list = Object.entries(ch);
          const out = format.writeEntries(text, '/f', path, ch);
          expect(out).toBe(oneAtATime(format, text, path, list));
          // A removal takes the last of duplicated members only (as before): read back unique names.
          if (new Set(f.existing.map(([n]) => n)).size < f.existing.length) return;
          const want: Record<string, unknown> = plain(
            format.readEntries(text, '/f', path),
          ) as Record<string, unknown>;
          for (const [k, v] of list) {
            if (v === undefined) delete want[k];
            else
              Object.defineProperty(want, k, {
                value: v,
                enumerable: true,
                configurable: true,
                writable: true,
              });
          }
          expect(plain(format.readEntries(out, '/f', path))).toEqual(plain(want));
        }),
        { numRuns: 1500 },
      );
    });
  }
});

describe('JSON: entries read by JSON.parse are those the syntax tree gives', () => {
  // The same text with a comment appended takes the tree (JSON.parse refuses comments).
  const key = fc.constantFrom('a', 'b', '__proto__', 'constructor', 'mcpServers', 'x y');
  const value = fc.oneof(
    fc.jsonValue({ maxDepth: 3 }),
    fc.dictionary(key, fc.jsonValue({ maxDepth: 2 }), { maxKeys: 3 }),
  );
  const member = fc.tuple(key, value).map(([k, v]) => `${JSON.stringify(k)}: ${JSON.stringify(v)}`);
  // Members written out by hand, so that duplicate keys (the last one wins) occur too.
  const object = (inner: fc.Arbitrary<string>) =>
    fc.array(inner, { maxLength: 4 }).map((ms) => `{${ms.join(', ')}}`);
  const text = object(
    fc.oneof(
      member,
      object(member).map((o) => `"mcpServers": ${o}`),
      fc.constant('"mcpServers": []'),
    ),
  );
  const outcome = (read: () => unknown): unknown => {
    try {
      const entries = read() as Record<string, unknown>;
      // Every map is null-prototype, at every depth: `__proto__` is a key like any other.
      const protos = JSON.stringify(entries, (_k, v: unknown) =>
        v && typeof v === 'object' && !Array.isArray(v)
          ? { proto: Object.getPrototypeOf(v) === null, ...v }
          : v,
      );
      return { entries: plain(entries), protos: Object.keys(entries).length ? protos : '' };
    } catch (err) {
      return { error: (err as Error).message };
    }
  };
  test('same entries, null-prototype maps, the last duplicate wins, the same errors', () => {
    fc.assert(
      fc.property(text, (t) => {
        const fast = outcome(() => jsoncFormat.readEntries(t, '/f', ['mcpServers']));
        expect(fast).toEqual(
          outcome(() => jsoncFormat.readEntries(`${t}\n// end`, '/f', ['mcpServers'])),
        );
        expect(outcome(() => jsonFormat.readEntries(t, '/f', ['mcpServers']))).toEqual(fast);
      }),
      { numRuns: 1000 },
    );
  });
});
