/**
 * The fast YAML reader (src/stack/yaml-fast.ts) must give exactly `yaml`'s data, or give up so
 * `yaml` parses: compared here on the repo's stacks, tricky scalars, inputs it must refuse, and
 * thousands of mutations of a real stack. parseSource must then give the same data, problems
 * and locations whichever reader answered.
 */
import { describe, expect, test } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { parseDocument } from 'yaml';
import fc from 'fast-check';
import { fastYamlData, longRun } from '../src/stack/yaml-fast.js';
import { locate, parseSource, setSourceLazily } from '../src/stack/yaml-locate.js';
import { repoRoot } from '../src/stack/sources.js';
import type { Problem, SourceLoc } from '../src/types.js';

const ROOT = repoRoot();
const REPO_YAML = [
  'mcp.stack.yaml',
  'stacks/development.yaml',
  'test/fixtures/stacks/spec.yaml',
  'test/fixtures/stacks/shared.yaml',
  'test/fixtures/stacks/with-include.yaml',
  'test/fixtures/clients/continue/config.yaml',
  'test/fixtures/clients/goose/config.yaml',
];

/** What parseSource did before the fast reader: `yaml` alone. */
function slow(text: string): { ok: boolean; data: unknown } {
  const doc = parseDocument(text, { uniqueKeys: true, prettyErrors: true });
  return { ok: doc.errors.length === 0, data: doc.toJS() };
}

/** The fast reader either declines or agrees with `yaml` exactly (-0, NaN and key order included). */
function expectSameOrDeclined(text: string): boolean {
  const fast = fastYamlData(text);
  if (!fast) return false;
  const s = slow(text);
  if (!s.ok || !isDeepStrictEqual(fast.data, s.data)) {
    throw new Error(
      `fast reader disagrees with yaml on ${JSON.stringify(text)}: ${JSON.stringify(fast.data)} vs ${s.ok ? JSON.stringify(s.data) : 'a yaml error'}`,
    );
  }
  return true;
}

describe('fastYamlData', () => {
  test.each(REPO_YAML)('reads %s exactly as yaml does', (file) => {
    const text = readFileSync(join(ROOT, file), 'utf8');
    expect(fastYamlData(text)?.data).toStrictEqual(slow(text).data);
  });

  test('reads the benchmark stack shape (flow maps, 1000 servers, long lists) exactly as yaml does', () => {
    const names = Array.from({ length: 1000 }, (_, i) => `server-${i + 1}`);
    const lines = [
      'version: 1',
      'servers:',
      ...names.map(
        (n, i) =>
          `  ${n}: { command: npx, args: [-y, "@example/mcp-${i}"], env: { LOG_LEVEL: info } }`,
      ),
    ];
    const text = [...lines, 'clients:', `  cursor: { servers: [${names.join(', ')}] }`, ''].join(
      '\n',
    );
    expect(expectSameOrDeclined(text)).toBe(true);
  });

  const SCALARS: [string, unknown][] = [
    ['0o7', 7],
    ['0o17', 15],
    ['0x1F', 31],
    ['007', 7],
    ['-0', -0],
    ['+12', 12],
    ['1e3', 1000],
    ['1E3', 1000],
    ['-1.5e-3', -0.0015],
    ['.5', 0.5],
    ['1.', 1],
    ['.inf', Infinity],
    ['-.Inf', -Infinity],
    ['.NaN', NaN],
    ['~', null],
    ['null', null],
    ['NULL', null],
    ['true', true],
    ['False', false],
    ['yes', 'yes'],
    ['no', 'no'],
    ['on', 'on'],
    ['off', 'off'],
    ['y', 'y'],
    ['0b101', '0b101'],
    ['0o8', '0o8'],
    ['0X1F', '0X1F'],
    ['1_000', '1_000'],
    ['2001-12-14t21:59:43.10-05:00', '2001-12-14t21:59:43.10-05:00'],
    ['2002-12-14', '2002-12-14'],
    ['12:30:45', '12:30:45'],
    ['nULL', 'nULL'],
    ['tRUE', 'tRUE'],
    ["'on'", 'on'],
    ['"1e3"', '1e3'],
    ["'it''s'", "it's"],
    ['"a\\tb\\u00e9"', 'a\tb\u00e9'],
    ['http://x:8080/y', 'http://x:8080/y'],
    ['a #c', 'a'],
    ['a#b', 'a#b'],
    ['123456789012345678901234567890', 1.2345678901234568e29],
    ['1e400', Infinity],
  ];

  test.each(SCALARS)('scalar %s means what yaml says, in block and flow context', (src, value) => {
    expect(fastYamlData(`k: ${src}\n`)?.data).toStrictEqual({ k: value });
    for (const text of [
      `k: ${src}\n`,
      `- ${src}\n`,
      `{k: ${src}}\n`,
      `[${src}]\n`,
      `${src}: v\n`,
      `${src}\n`,
    ])
      expectSameOrDeclined(text);
  });

  test('`<<` is a plain key in YAML 1.2 (no merge), as in yaml; with an alias it falls back', () => {
    expect(fastYamlData('<<: {a: 1}\nb: 2\n')?.data).toStrictEqual({ '<<': { a: 1 }, b: 2 });
    expect(slow('<<: {a: 1}\nb: 2\n').data).toStrictEqual({ '<<': { a: 1 }, b: 2 });
    expect(fastYamlData('base: &b {a: 1}\nx:\n  <<: *b\n')).toBeUndefined();
  });

  test('block scalars, comments, CRLF, BOM, empty files and documents markers agree', () => {
    const texts = [
      'a: |\n  x\n  y\nb: >-\n  f\n\n  g\n',
      'a: |+\n  x\n\n',
      'x: 1 # c\n# c\ny: [1, 2] # c\n',
      'a: 1\r\nb: [1, 2]\r\n',
      '\ufeffa: 1\n',
      '',
      '# only\n',
      '---\na: 1\n...\n',
      '__proto__: {x: 1}\n',
    ];
    for (const text of texts) expect(expectSameOrDeclined(text)).toBe(true);
  });

  test.each([
    ['a tag', 'a: !!str 1\n'],
    ['an anchor and alias', 'a: &x 1\nb: *x\n'],
    ['an explicit key', '? a\n: b\n'],
    ['a null key', '~: 1\n'],
    ['an empty key', ': 1\n'],
    ['a collection key', '[a, b]: 1\n'],
    ['a flow map as a flow key', 'a: { {b} }\n'],
    ['a directive', '%YAML 1.1\n---\na: yes\n'],
    ['a tab', 'a:\tb\n'],
    ['an indentation indicator', 'a: |2\n   x\n'],
    ['a comment glued to a quote', 'a: "x"#c\n'],
    ['a multi-line quoted string', 'a: "x\n  y"\n'],
    ['a quoted string continued too little indented', 'a:\n  b: "x\n y"\n'],
    ['a multi-line plain scalar', 'a: x\n  y\n'],
    ['a multi-line flow sequence', 'a: [1,\n  2]\n'],
    ['a flow map not indented enough', 'a:\n  {b: 1,\nc: 2}\n'],
    ['a key over 1024 characters', `${'k'.repeat(1100)}: v\n`],
    ['a syntax error', 'a: "open\n'],
    ['a duplicate key', 'a: 1\na: 2\n'],
    ['the same key as number and string', '1: a\n"1": b\n'],
    ['several documents', 'a: 1\n---\nb: 2\n'],
  ])('declines %s (yaml parses it)', (_what, text) => {
    expect(fastYamlData(text)).toBeUndefined();
  });

  test('on thousands of mutations of real stacks, it agrees with yaml whenever it answers', () => {
    const pieces = [
      ' ',
      '\n',
      '\t',
      ':',
      '-',
      '#',
      '"',
      "'",
      '[',
      ']',
      '{',
      '}',
      ',',
      '|',
      '>',
      '  ',
      'x',
      '0o7',
      'yes',
      '~',
      '1e3',
      '\n  ',
      ': ',
      '- ',
      '---',
      '\\',
      '&a',
      '*a',
      '!',
      '?',
    ];
    let seed = 20261124;
    const rnd = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
    let answered = 0;
    let total = 0;
    for (const file of [
      'mcp.stack.yaml',
      'test/fixtures/stacks/spec.yaml',
      'test/fixtures/clients/continue/config.yaml',
    ]) {
      const base = readFileSync(join(ROOT, file), 'utf8');
      for (let k = 0; k < 1500; k++) {
        let t = base;
        for (let j = 1 + Math.floor(rnd() * 3); j > 0; j--) {
          const at = Math.floor(rnd() * t.length);
          const op = rnd();
          if (op < 0.45)
            t = t.slice(0, at) + pieces[Math.floor(rnd() * pieces.length)] + t.slice(at);
          else if (op < 0.8) t = t.slice(0, at) + t.slice(at + 1 + Math.floor(rnd() * 3));
          else {
            const lines = t.split('\n');
            lines.splice(
              Math.floor(rnd() * lines.length),
              0,
              lines[Math.floor(rnd() * lines.length)]!,
            );
            t = lines.join('\n');
          }
        }
        total++;
        if (expectSameOrDeclined(t)) answered++;
      }
    }
    // Most mutations stay valid and simple: the fast reader must still answer for many of them.
    expect(answered).toBeGreaterThan(total / 4);
  });
});

describe('parseSource with either reader', () => {
  const file = '/stacks/mcp.stack.yaml';

  test('gives the same data, no problems and the same locations as yaml for a valid stack', () => {
    const text = readFileSync(join(ROOT, 'test/fixtures/stacks/spec.yaml'), 'utf8');
    expect(fastYamlData(text)).toBeDefined();
    const problems: Problem[] = [];
    const src = parseSource(file, text, problems);
    expect(problems).toEqual([]);
    expect(src.syntaxOk).toBe(true);
    expect(src.data).toStrictEqual(slow(text).data);
    // The Document behind locations is built on first use, from the same text.
    expect(locate(src, ['servers', 'linear'], { key: true })).toEqual({
      file,
      line: text.split('\n').findIndex((l) => /^ {2}linear:/.test(l)) + 1,
      col: 3,
    });
  });

  test('reports yaml syntax errors with yaml’s message and position when the fast reader declines', () => {
    const problems: Problem[] = [];
    const text = 'version: 1\nservers:\n  a: { command: "x }\n';
    const src = parseSource(file, text, problems);
    expect(src.syntaxOk).toBe(false);
    const [first] = parseDocument(text).errors;
    expect(problems[0]).toEqual({
      code: 'yaml-syntax',
      message: 'Missing closing "quote',
      hint: 'fix the YAML syntax at this position',
      loc: { file, ...first!.linePos![0] },
    });
    const dup: Problem[] = [];
    parseSource(file, 'version: 1\nversion: 2\n', dup);
    expect(dup).toEqual([
      expect.objectContaining({ code: 'duplicate-key', loc: { file, line: 2, col: 1 } }),
    ]);
  });

  test('a lazily set source reads like locate(), survives assignment, and stays out of spreads and walks', () => {
    const src = parseSource(file, 'servers:\n  a: { command: x }\n  b: { command: y }\n', []);
    const spec: { name: string; source?: SourceLoc } = { name: 'b' };
    setSourceLazily(spec, src, ['servers', 'b'], { key: true });
    expect(Object.keys(spec)).toEqual(['name']);
    expect({ ...spec }).toEqual({ name: 'b' });
    expect(spec.source).toEqual({ file, line: 3, col: 3 });
    expect(spec.source).toEqual(locate(src, ['servers', 'b'], { key: true }));
    spec.source = { file, line: 9, col: 9 };
    expect(spec.source).toEqual({ file, line: 9, col: 9 });
  });
});

describe('longRun: the 1000-character key rule in one pass', () => {
  // The regular expressions it stands for, with a small count so that random text reaches it.
  const flowRe = (n: number) => new RegExp(`(?:[^\\n:,[]|:\\S){${n}}`);
  const lineRe = (n: number) => new RegExp(`^(?:[^\\n:]|:\\S){${n}}`, 'm');
  const text = fc
    .array(
      fc.constantFrom('a', 'b', ':', ' ', ',', '[', '\n', '\r', '\t', '\u2028', '\u00a0', '#'),
      {
        maxLength: 60,
      },
    )
    .map((cs) => cs.join(''));

  test('agrees with the expressions on any text and count', () => {
    fc.assert(
      fc.property(text, fc.integer({ min: 1, max: 9 }), (t, n) => {
        expect(longRun(t, true, n)).toBe(flowRe(n).test(t));
        expect(longRun(t, false, n)).toBe(lineRe(n).test(t));
      }),
      { numRuns: 3000 },
    );
  });

  test('a 1000-character key sends the text to `yaml`', () => {
    expect(fastYamlData(`${'k'.repeat(999)}: v\n`)).toBeDefined();
    expect(fastYamlData(`${'k'.repeat(1000)}: v\n`)).toBeUndefined();
    expect(fastYamlData(`a: [${'k'.repeat(1000)}]\n`)).toBeUndefined();
    expect(fastYamlData(`a: [${'k, '.repeat(1000)}k]\n`)).toBeDefined();
  });
});
