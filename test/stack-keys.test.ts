import { describe, test, expect } from '@jest/globals';
import fc from 'fast-check';
import { join } from 'node:path';
import { loadStack } from '../src/stack/load.js';
import { ValidationError } from '../src/errors.js';
import { parseSource } from '../src/stack/yaml-locate.js';
import { fastYamlData } from '../src/stack/yaml-fast.js';
import type { Problem } from '../src/types.js';
import { options, tmpFiles } from './stack-helpers.js';

/** Issue 11, class 11: keys written into client files as they are, aliases, folder paths. */
async function problems(text: string, extra: Record<string, string> = {}): Promise<Problem[]> {
  const dir = tmpFiles({ 'mcp.stack.yaml': text, ...extra });
  try {
    await loadStack(join(dir, 'mcp.stack.yaml'), options());
    return [];
  } catch (e) {
    if (!(e instanceof ValidationError)) throw e;
    return e.problems;
  }
}

const ENV_OK = (k: string) => k !== '' && !k.includes('=') && !k.includes('\0');
const HEADER_OK = (k: string) => /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(k);
const key = fc.oneof(
  fc.string({ maxLength: 8 }),
  fc.constantFrom('', '=', 'A=B', 'a b', 'X:y', 'Ok-1', 'é', '\0'),
);

describe('env keys and header names', () => {
  test('an env key is refused at its line, with a fix, exactly when it is empty or holds `=`', async () => {
    await fc.assert(
      fc.asyncProperty(key, async (k) => {
        const found = await problems(
          `version: 1\nservers:\n  a:\n    command: x\n    env:\n      ${JSON.stringify(k)}: v\n`,
        );
        const bad = found.filter((p) => p.code === 'bad-name');
        expect(bad.length).toBe(ENV_OK(k) ? 0 : 1);
        for (const p of bad) {
          expect(p.loc).toMatchObject({ line: 6, col: 7 });
          expect(p.message).toMatch(/not a valid environment variable name/);
          expect(p.hint).toMatch(/rename it/);
        }
      }),
      { numRuns: 80 },
    );
  });

  test('a header name is refused at its line, with a fix, exactly when it is not an HTTP token', async () => {
    await fc.assert(
      fc.asyncProperty(key, async (k) => {
        const found = await problems(
          `version: 1\nservers:\n  r:\n    url: https://x.example\n    headers:\n      ${JSON.stringify(k)}: v\n`,
        );
        const bad = found.filter((p) => p.code === 'bad-name');
        expect(bad.length).toBe(HEADER_OK(k) ? 0 : 1);
        for (const p of bad) {
          expect(p.loc).toMatchObject({ line: 6, col: 7 });
          expect(p.message).toMatch(/not a valid header name/);
          expect(p.hint).toMatch(/rename it/);
        }
      }),
      { numRuns: 80 },
    );
  });
});

describe('YAML aliases', () => {
  const text = (n: number) =>
    [
      'version: 1',
      'vars:',
      '  a: &x hello',
      ...Array.from({ length: n }, (_, i) => `  v${i}: *x`),
    ].join('\n') + '\n';

  test('past the alias limit the problem says so at the first alias; below it the data is whole', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 160 }), (n) => {
        const found: Problem[] = [];
        // Both readers give one answer: js-yaml's fast path steps aside for any alias.
        expect(fastYamlData(text(n))).toBeUndefined();
        const src = parseSource('/s.yaml', text(n), found);
        if (n < 100) {
          expect(found).toEqual([]);
          expect(Object.keys((src.data as { vars: object }).vars)).toHaveLength(n + 1);
        } else {
          expect(found.map((p) => [p.code, p.loc?.line, p.loc?.col])).toEqual([
            ['yaml-aliases', 4, 7],
          ]);
          expect(found[0]!.message).toMatch(/too many YAML aliases/);
          expect(found[0]!.hint).toBeTruthy();
          expect(src.syntaxOk).toBe(false);
        }
      }),
      { numRuns: 40 },
    );
  });

  test('the stack is not called empty', async () => {
    const found = await problems(text(100));
    expect(found.map((p) => p.code)).toEqual(['yaml-aliases']);
  });
});

describe('target paths', () => {
  const stack = (path: string) =>
    `version: 1\nservers:\n  a: { command: x }\nclients:\n  cursor:\n    servers: [a]\n    path: ${JSON.stringify(path)}\n`;

  test('a path ending with a separator is refused at the path, with the file to name instead', async () => {
    await fc.assert(
      fc.asyncProperty(fc.stringMatching(/^[a-z]{1,6}(\/[a-z]{1,6}){0,2}$/), async (p) => {
        const found = await problems(stack(`${p}/`));
        expect(found.map((x) => [x.code, x.loc?.line])).toEqual([['path-is-folder', 7]]);
        expect(found[0]!.hint).toMatch(/mcp\.json/);
      }),
      { numRuns: 20 },
    );
  });

  test('a path naming an existing folder is refused; a file path beside it is fine', async () => {
    expect((await problems(stack('./dir'), { 'dir/keep': '' })).map((x) => x.code)).toEqual([
      'path-is-folder',
    ]);
    expect(await problems(stack('./dir/mcp.json'), { 'dir/keep': '' })).toEqual([]);
  });
});
