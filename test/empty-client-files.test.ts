import { describe, test, expect } from '@jest/globals';
import fc from 'fast-check';
import { clients } from './helpers/clients.js';
import { ParseError } from '../src/errors.js';
import type { PathContext } from '../src/types.js';

/**
 * Issue 11, class 11, decided: an empty or whitespace-only JSON/JSONC client file is an empty
 * config (mcpo writes its entries into it, keeping a byte order mark and the line-ending style);
 * a file holding anything else that does not parse (a lone comment included) is refused like any
 * invalid file. Every JSON and JSONC client behaves the same way.
 */
const ctx: PathContext = {
  platform: 'linux',
  env: {},
  home: '/h',
  projectDir: '/p',
  exists: () => false,
  readdir: () => [],
};
const jsonClients = clients.filter((c) => c.format.name === 'json' || c.format.name === 'jsonc');
const blank = fc
  .array(fc.constantFrom(' ', '\t', '\n', '\r\n'), { maxLength: 6 })
  .map((a) => a.join(''));
const entry = { command: 'echo', args: ['x'] };

function at(doc: unknown, path: string[]): unknown {
  return path.reduce<unknown>((o, k) => (o as Record<string, unknown> | undefined)?.[k], doc);
}

describe('empty and whitespace-only JSON/JSONC client files', () => {
  test.each(jsonClients.map((c) => [c.id, c] as const))(
    '%s: read as empty, written as a config holding the entry',
    (_, c) => {
      const path = c.entriesPath('user', ctx);
      fc.assert(
        fc.property(blank, fc.boolean(), (ws, bom) => {
          const text = (bom ? '\uFEFF' : '') + ws;
          expect(c.format.readEntries(text, '/x.json', path)).toEqual({});
          const out = c.format.writeEntries(text, '/x.json', path, { srv: entry });
          expect(out.startsWith('\uFEFF')).toBe(bom);
          expect(at(JSON.parse(out.replace(/^\uFEFF/, '')), [...path, 'srv'])).toEqual(entry);
          if (ws.includes('\r\n')) expect(out.replace(/\r\n/g, '')).not.toContain('\n');
          // Nothing to write: the file is left exactly as it is.
          expect(c.format.writeEntries(text, '/x.json', path, {})).toBe(text);
        }),
        { numRuns: 30 },
      );
    },
  );

  test.each(jsonClients.map((c) => [c.id, c] as const))(
    '%s: a lone comment or a broken file is refused, never overwritten',
    (_, c) => {
      const path = c.entriesPath('user', ctx);
      for (const text of ['// only a comment\n', '/* x */', '{', 'null', '[]']) {
        expect(() => c.format.writeEntries(text, '/x.json', path, { srv: entry })).toThrow(
          ParseError,
        );
      }
    },
  );
});
