import { describe, test, expect } from '@jest/globals';
import fc from 'fast-check';
import { run } from '../src/commands/add.js';
import { McpoError } from '../src/errors.js';
import type { Io } from '../src/io.js';

/**
 * Issue 13: `mcpo add NAME` without a command suggests what fits NAME (a built-in server's
 * include) or a placeholder, never another server's command (it suggested server-memory for github).
 */
const io = { out: () => {}, err: () => {}, interactive: false } as unknown as Io;
const BUILTIN: Record<string, string> = {
  memory: 'research',
  fetch: 'research',
  'web-search': 'research',
  git: 'development',
  filesystem: 'development',
  database: 'data',
};

async function hintFor(name: string): Promise<string> {
  try {
    await run({ name, command: [] }, io);
  } catch (e) {
    if (e instanceof McpoError) return e.hint ?? '';
    throw e;
  }
  throw new Error('add without a command did not fail');
}

describe('mcpo add NAME without a command', () => {
  test('the hint names no package, only NAME; a built-in server name gets its include', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.stringMatching(/^[a-z][a-z0-9-]{0,12}$/),
          fc.constantFrom(...Object.keys(BUILTIN), 'github'),
        ),
        async (name) => {
          const hint = await hintFor(name);
          expect(hint).not.toMatch(/@[a-z-]+\/|server-memory|mcp-server/);
          for (const cmd of hint.match(/`mcpo add [^`]*`/g) ?? [])
            expect(cmd.startsWith(`\`mcpo add ${name} `)).toBe(true);
          const stack = Object.hasOwn(BUILTIN, name) ? BUILTIN[name] : undefined;
          if (stack) expect(hint).toContain(`add \`include: [${stack}]\``);
          else if (name === 'github') expect(hint).not.toContain('include');
        },
      ),
      { numRuns: 60 },
    );
  });
});
