import { describe, test, expect } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { jsonFormat, jsoncFormat } from '../src/formats/json.js';
import { ParseError } from '../src/errors.js';
import fc from 'fast-check';
import { parse as parseJsonc } from 'jsonc-parser';

const fixture = (rel: string): string =>
  readFileSync(new URL(`./fixtures/${rel}`, import.meta.url), 'utf8');
const FILE = '/tmp/config.json';
const entry = { command: 'npx', args: ['-y', 'pkg'], env: { LOG: 'debug' } };

/** Add an entry, then remove it again: the text must come back byte for byte. */
function addThenRemove(
  format: typeof jsonFormat,
  text: string,
  path: string[],
): { added: string; back: string } {
  const added = format.writeEntries(text, FILE, path, { fresh: entry });
  const back = format.writeEntries(added, FILE, path, { fresh: undefined });
  return { added, back };
}

describe('jsonFormat.readEntries', () => {
  test('reads the map at a deep path whose key holds slashes and dots', () => {
    const text = fixture('clients/claude-code/claude.json');
    expect(
      jsonFormat.readEntries(text, FILE, ['projects', '/home/dev/work/api.v2', 'mcpServers']),
    ).toEqual({
      sentry: { type: 'http', url: 'https://mcp.sentry.dev/mcp' },
    });
    expect(Object.keys(jsonFormat.readEntries(text, FILE, ['mcpServers']))).toEqual(['memory']);
  });

  test('an absent map or an empty file reads as no entries', () => {
    expect(jsonFormat.readEntries('', FILE, ['mcpServers'])).toEqual({});
    expect(jsonFormat.readEntries('  \n', FILE, ['mcpServers'])).toEqual({});
    expect(jsonFormat.readEntries('{"a":1}', FILE, ['projects', '/x', 'mcpServers'])).toEqual({});
  });

  test('invalid JSON is a ParseError at file:line:col', () => {
    const text = '{\n  "a": 1,\n  "mcpServers": {\n    "x": {"command": }\n  }\n}\n';
    let err: unknown;
    try {
      jsonFormat.readEntries(text, FILE, ['mcpServers']);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ParseError);
    const pe = err as ParseError;
    expect(pe.message).toMatch(/^\/tmp\/config\.json:4:\d+: not valid JSON \(ValueExpected\)/);
    expect(pe.loc).toEqual({ file: FILE, line: 4, col: 22 });
    expect(pe.hint).toContain('never overwrites');
  });

  test('plain json rejects comments and trailing commas; jsonc accepts them', () => {
    const text = fixture('formats/json/settings.jsonc');
    expect(() => jsonFormat.readEntries(text, FILE, ['mcpServers'])).toThrow(
      /config\.json:2:3: not valid JSON \(InvalidCommentToken\)/,
    );
    expect(() => jsonFormat.readEntries('{"a": 1,}', FILE, ['mcpServers'])).toThrow(ParseError);
    expect(jsoncFormat.readEntries(text, FILE, ['mcpServers'])).toEqual({
      a: { command: 'a-server' },
      b: { command: 'b-server', args: ['--flag'] },
    });
  });

  test('a non-object top level, map or entry is a ParseError', () => {
    expect(() => jsonFormat.readEntries('[]', FILE, ['mcpServers'])).toThrow(
      /top level is not a JSON object/,
    );
    expect(() => jsonFormat.readEntries('{\n"mcpServers": []}', FILE, ['mcpServers'])).toThrow(
      /config\.json:2:15: mcpServers is not an object/,
    );
    expect(() =>
      jsonFormat.readEntries('{"projects": {"/a.b": 3}}', FILE, ['projects', '/a.b', 'mcpServers']),
    ).toThrow(/projects\."\/a\.b" is not an object/);
    expect(() =>
      jsonFormat.readEntries('{"mcpServers": {"x": "y"}}', FILE, ['mcpServers']),
    ).toThrow(/entry "x"/);
  });

  test('writeEntries refuses to touch a file it cannot parse', () => {
    expect(() => jsonFormat.writeEntries('{"a": ', FILE, ['mcpServers'], { x: entry })).toThrow(
      ParseError,
    );
  });
});

describe('jsonFormat.writeEntries preserves every other byte', () => {
  const cases: [string, string, string[]][] = [
    ['claude.json, user map', 'clients/claude-code/claude.json', ['mcpServers']],
    [
      'claude.json, local project map',
      'clients/claude-code/claude.json',
      ['projects', '/home/dev/work/api.v2', 'mcpServers'],
    ],
    ['claude desktop config', 'clients/claude-desktop/claude_desktop_config.json', ['mcpServers']],
    ['tab-indented cursor file', 'clients/cursor/mcp.json', ['mcpServers']],
    ['CRLF, 4 spaces', 'formats/json/crlf.json', ['mcpServers']],
    ['no final newline', 'formats/json/no-final-newline.json', ['mcpServers']],
    ['minified', 'formats/json/minified.json', ['mcpServers']],
    ['empty map', 'formats/json/empty-map.json', ['mcpServers']],
  ];
  test.each(cases)('%s: add then remove gives the original text', (_label, rel, path) => {
    const text = fixture(rel);
    const { added, back } = addThenRemove(jsonFormat, text, path);
    expect(added).not.toBe(text);
    expect(jsonFormat.readEntries(added, FILE, path).fresh).toEqual(entry);
    expect(back).toBe(text);
  });

  test('other keys of ~/.claude.json stay byte-identical substrings', () => {
    const text = fixture('clients/claude-code/claude.json');
    const out = jsonFormat.writeEntries(
      text,
      FILE,
      ['projects', '/home/dev/work/api.v2', 'mcpServers'],
      {
        sentry: undefined,
        fresh: entry,
      },
    );
    const oauth = text.slice(text.indexOf('  "oauthAccount"'), text.indexOf('  "mcpServers"'));
    expect(out).toContain(oauth);
    expect(out).toContain(text.slice(text.indexOf('    "/home/dev/scratch"')));
    expect(
      out.startsWith(text.slice(0, text.indexOf('      "mcpServers": {\n        "sentry"'))),
    ).toBe(true);
    expect(JSON.parse(out).projects['/home/dev/work/api.v2'].mcpServers).toEqual({ fresh: entry });
    expect(JSON.parse(out).mcpServers).toEqual(JSON.parse(text).mcpServers);
  });

  test('a new entry uses the file indentation at the right depth', () => {
    const tabs = jsonFormat.writeEntries(fixture('clients/cursor/mcp.json'), FILE, ['mcpServers'], {
      fresh: entry,
    });
    expect(tabs).toContain(
      '\t\t"fresh": {\n\t\t\t"command": "npx",\n\t\t\t"args": [\n\t\t\t\t"-y",',
    );
    const deep = jsonFormat.writeEntries(
      fixture('clients/claude-code/claude.json'),
      FILE,
      ['projects', '/home/dev/scratch', 'mcpServers'],
      { fresh: entry },
    );
    expect(deep).toContain(
      '      "hasTrustDialogAccepted": false,\n      "mcpServers": {\n        "fresh": {\n          "command": "npx",',
    );
    const crlf = jsonFormat.writeEntries(fixture('formats/json/crlf.json'), FILE, ['mcpServers'], {
      fresh: entry,
    });
    expect(crlf).toContain('\r\n        "fresh": {\r\n            "command": "npx",\r\n');
    expect(crlf.replace(/\r\n/g, '')).not.toContain('\n');
    expect(crlf.endsWith('}\r\n')).toBe(true);
  });

  test('final newline presence is kept', () => {
    const out = jsonFormat.writeEntries(
      fixture('formats/json/no-final-newline.json'),
      FILE,
      ['mcpServers'],
      { fresh: entry },
    );
    expect(out.endsWith('}')).toBe(true);
    const withNl = jsonFormat.writeEntries(
      fixture('clients/claude-desktop/claude_desktop_config.json'),
      FILE,
      ['mcpServers'],
      { fresh: entry },
    );
    expect(withNl.endsWith('}\n')).toBe(true);
  });

  test('a minified file stays on one line', () => {
    const out = jsonFormat.writeEntries(
      fixture('formats/json/minified.json'),
      FILE,
      ['mcpServers'],
      { fresh: entry },
    );
    expect(out).toBe(
      '{"theme":"light","mcpServers":{"a":{"command":"a-server"},"fresh":{"command":"npx","args":["-y","pkg"],"env":{"LOG":"debug"}}},"n":1}\n',
    );
  });

  test('updating an entry replaces only its value', () => {
    const text = fixture('clients/claude-desktop/claude_desktop_config.json');
    const out = jsonFormat.writeEntries(text, FILE, ['mcpServers'], {
      filesystem: { command: 'uvx', args: ['fs'] },
    });
    expect(out).toBe(
      text.replace(
        /"filesystem": \{[\s\S]*?\n {4}\}/,
        '"filesystem": {\n      "command": "uvx",\n      "args": [\n        "fs"\n      ]\n    }',
      ),
    );
  });

  test('removing entries leaves no dangling comma', () => {
    const text =
      '{\n  "mcpServers": {\n    "a": {"command": "a"},\n    "b": {"command": "b"},\n    "c": {"command": "c"}\n  }\n}\n';
    expect(jsonFormat.writeEntries(text, FILE, ['mcpServers'], { a: undefined })).toBe(
      '{\n  "mcpServers": {\n    "b": {"command": "b"},\n    "c": {"command": "c"}\n  }\n}\n',
    );
    expect(jsonFormat.writeEntries(text, FILE, ['mcpServers'], { b: undefined })).toBe(
      '{\n  "mcpServers": {\n    "a": {"command": "a"},\n    "c": {"command": "c"}\n  }\n}\n',
    );
    expect(jsonFormat.writeEntries(text, FILE, ['mcpServers'], { c: undefined })).toBe(
      '{\n  "mcpServers": {\n    "a": {"command": "a"},\n    "b": {"command": "b"}\n  }\n}\n',
    );
    expect(
      jsonFormat.writeEntries(text, FILE, ['mcpServers'], {
        a: undefined,
        b: undefined,
        c: undefined,
      }),
    ).toBe('{\n  "mcpServers": {}\n}\n');
    const mini = '{"mcpServers":{"a":{},"b":{},"c":{}}}';
    expect(jsonFormat.writeEntries(mini, FILE, ['mcpServers'], { a: undefined })).toBe(
      '{"mcpServers":{"b":{},"c":{}}}',
    );
    expect(jsonFormat.writeEntries(mini, FILE, ['mcpServers'], { c: undefined })).toBe(
      '{"mcpServers":{"a":{},"b":{}}}',
    );
  });

  test('a byte order mark is kept', () => {
    const text = '\uFEFF{\n  "mcpServers": {}\n}\n';
    expect(jsonFormat.readEntries(text, FILE, ['mcpServers'])).toEqual({});
    const out = jsonFormat.writeEntries(text, FILE, ['mcpServers'], { s: { command: 'x' } });
    expect(out.startsWith('\uFEFF{\n  "mcpServers": {\n    "s"')).toBe(true);
    expect(jsonFormat.writeEntries(out, FILE, ['mcpServers'], { s: undefined })).toBe(text);
  });

  test('removing from an absent map changes nothing', () => {
    const text = '{\n  "theme": "dark"\n}\n';
    expect(jsonFormat.writeEntries(text, FILE, ['mcpServers'], { x: undefined })).toBe(text);
    expect(jsonFormat.writeEntries('', FILE, ['mcpServers'], { x: undefined })).toBe('');
  });

  test('an empty file gets a fresh body; a missing deep path is created', () => {
    expect(jsonFormat.writeEntries('', FILE, ['mcpServers'], { s: { command: 'x' } })).toBe(
      '{\n  "mcpServers": {\n    "s": {\n      "command": "x"\n    }\n  }\n}\n',
    );
    const text = '{\n  "theme": "dark"\n}\n';
    const out = jsonFormat.writeEntries(text, FILE, ['projects', '/a/b.c', 'mcpServers'], {
      s: { command: 'x' },
      t: { command: 'y' },
    });
    expect(
      out.startsWith(
        '{\n  "theme": "dark",\n  "projects": {\n    "/a/b.c": {\n      "mcpServers": {\n        "s": {',
      ),
    ).toBe(true);
    expect(JSON.parse(out)).toEqual({
      theme: 'dark',
      projects: { '/a/b.c': { mcpServers: { s: { command: 'x' }, t: { command: 'y' } } } },
    });
  });
});

describe('jsoncFormat.writeEntries keeps comments and trailing commas', () => {
  const text = fixture('formats/json/settings.jsonc');

  test('add then remove gives the original text', () => {
    const { added, back } = addThenRemove(jsoncFormat, text, ['mcpServers']);
    expect(added).toContain('// Editor settings: hand written, with comments.');
    expect(added).toContain('"fresh": {\n      "command": "npx"');
    expect(back).toBe(text);
  });

  test('removing the last entry before a trailing comma keeps valid JSONC', () => {
    const out = jsoncFormat.writeEntries(text, FILE, ['mcpServers'], { b: undefined });
    expect(out).toBe(text.replace(/ {4}"b": \{\n[\s\S]*?\n {4}\},\n/, ''));
    expect(jsoncFormat.readEntries(out, FILE, ['mcpServers'])).toEqual({
      a: { command: 'a-server' },
    });
    const none = jsoncFormat.writeEntries(out, FILE, ['mcpServers'], { a: undefined });
    expect(jsoncFormat.readEntries(none, FILE, ['mcpServers'])).toEqual({});
    expect(none).toContain('/* servers managed by hand and by mcpo */');
  });
});

describe('property: edits keep the file valid and touch only the managed map', () => {
  const key = fc.constantFrom('a', 'b', 'c', 'fresh', 'x.y', '/p/q');
  const value = fc.dictionary(
    fc.constantFrom('command', 'args', 'env', 'url'),
    fc.jsonValue({ maxDepth: 2 }),
    { maxKeys: 3 },
  );
  const ops = fc.array(fc.tuple(key, fc.option(value, { nil: undefined })), { maxLength: 8 });
  const files: [string, typeof jsonFormat, string[]][] = [
    [
      'clients/claude-code/claude.json',
      jsonFormat,
      ['projects', '/home/dev/work/api.v2', 'mcpServers'],
    ],
    ['formats/json/minified.json', jsonFormat, ['mcpServers']],
    ['formats/json/crlf.json', jsonFormat, ['mcpServers']],
    ['formats/json/settings.jsonc', jsoncFormat, ['mcpServers']],
    ['formats/json/no-final-newline.json', jsonFormat, ['mcpServers']],
  ];
  test.each(files)('%s', (rel, format, path) => {
    const original = fixture(rel);
    fc.assert(
      fc.property(ops, (steps) => {
        let text = original;
        const model: Record<string, unknown> = { ...format.readEntries(text, FILE, path) };
        for (const [k, v] of steps) {
          text = format.writeEntries(text, FILE, path, {
            [k]: v as Record<string, unknown> | undefined,
          });
          if (v === undefined) delete model[k];
          else model[k] = JSON.parse(JSON.stringify(v)); // JSON has no -0
          expect(format.readEntries(text, FILE, path)).toEqual(model);
        }
        // Everything outside the managed map is unchanged.
        const outside = (t: string): unknown => {
          const doc = parseJsonc(t, [], { allowTrailingComma: true }) as Record<string, unknown>;
          let node = doc as Record<string, unknown>;
          for (const seg of path.slice(0, -1)) node = (node[seg] ?? {}) as Record<string, unknown>;
          delete node[path[path.length - 1]!];
          return doc;
        };
        expect(outside(text)).toEqual(outside(original));
        expect(text.endsWith('\n')).toBe(original.endsWith('\n'));
      }),
      { numRuns: 150 },
    );
  });
});
