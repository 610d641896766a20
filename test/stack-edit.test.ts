// addServerToStackText: the new server is spliced in, every other byte of the file stays.
import { describe, test, expect } from '@jest/globals';
import { parse } from 'yaml';
import { addServerToStackText } from '../src/stack/edit.js';
import { McpoError, ParseError } from '../src/errors.js';

const FIELDS = { command: 'node', args: ['/p/x/dist/index.js'], env: { DEBUG: 'true' } };

describe('addServerToStackText', () => {
  test('after the last server, at its indentation; text before and after unchanged', () => {
    const before = '# top\nversion: 1\nservers:\n    a: {command: x}   # mine\n\n    b:\n        command: "y"\n# tail\nclients:\n  cursor: { servers: [a] }\n';
    const out = addServerToStackText(before, 'f.yaml', 'new-one', FIELDS, 'written by mcpo new');
    const cut = before.indexOf('# tail');
    expect(out.startsWith(before.slice(0, cut - 1))).toBe(true);
    expect(out.endsWith(before.slice(cut - 1))).toBe(true);
    expect(out.slice(cut - 1, out.length - (before.length - cut + 1))).toBe(
      '\n\n    # written by mcpo new\n    new-one:\n        command: node\n        args: [/p/x/dist/index.js]\n        env: { DEBUG: "true" }',
    );
    expect(parse(out).servers['new-one']).toEqual(FIELDS);
  });

  test('a new servers section at the end when there is none (or only an empty key); CRLF kept', () => {
    expect(addServerToStackText('version: 1\n# end', 'f', 's', { command: 'uv', args: ['run', 'a b', '[x]'] })).toBe(
      'version: 1\n# end\n\nservers:\n  s:\n    command: uv\n    args: [run, a b, "[x]"]\n',
    );
    expect(addServerToStackText('version: 1\r\nservers:\r\nstacks: {}\r\n', 'f', 's', { command: 'c' })).toBe(
      'version: 1\r\nstacks: {}\r\n\r\nservers:\r\n  s:\r\n    command: c\r\n',
    );
  });

  test('refuses a taken name, a flow-style servers map and broken YAML', () => {
    expect(() => addServerToStackText('version: 1\nservers:\n  s: { command: c }\n', 'f.yaml', 's', FIELDS)).toThrow(
      new McpoError('server-exists', 'f.yaml already defines a server named `s`.'),
    );
    expect(() => addServerToStackText('servers: { a: { command: c } }\n', 'f.yaml', 's', FIELDS)).toThrow(/not a block map/);
    expect(() => addServerToStackText('servers:\n  a: [\n', 'f.yaml', 's', FIELDS)).toThrow(ParseError);
  });
});
