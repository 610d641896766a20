import { describe, expect, test } from '@jest/globals';
import fc from 'fast-check';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { StateStore, emptyState } from '../src/state/store.js';
import { makeTmpHome, runMcpo } from './helpers/tmp-home.js';

/**
 * The state folder is created one level at a time (issue 17): Node's recursive mkdir never
 * returns under /proc, so an XDG_STATE_HOME there hung apply instead of failing.
 */
describe('the state folder', () => {
  test('is created with its missing parents, any depth, private', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.stringMatching(/^[a-z0-9._-]{1,8}$/).filter((s) => s !== '.' && s !== '..'),
          { minLength: 1, maxLength: 10 },
        ),
        (parts) => {
          const h = makeTmpHome();
          try {
            const dir = join(h.home, ...parts, 'mcpo');
            new StateStore(dir).save(emptyState());
            expect(JSON.parse(readFileSync(join(dir, 'state.json'), 'utf8'))).toEqual({
              version: 1,
              files: {},
            });
            expect(statSync(dir).mode & 0o777).toBe(0o700);
            new StateStore(dir).save(emptyState()); // and again, when it exists
          } finally {
            h.cleanup();
          }
        },
      ),
      { numRuns: 25 },
    );
  });

  test('that cannot be created (under /proc, under a file) fails apply with the folder named; nothing hangs', () => {
    const h = makeTmpHome();
    try {
      writeFileSync(
        join(h.home, 'mcp.stack.yaml'),
        'version: 1\nservers:\n  a: { command: npx }\nclients:\n  cursor: { servers: [a] }\n',
      );
      mkdirSync(join(h.home, '.cursor'));
      for (const state of ['/proc/mcpo-none', '/proc/self/mcpo-none/x', '/dev/null/x']) {
        const r = runMcpo(['apply', '--yes'], {
          env: { ...h.env, XDG_STATE_HOME: state },
          cwd: h.home,
          timeoutMs: 30_000,
        });
        expect([state, r.code === 0 || r.code === -1]).toEqual([state, false]);
        expect(r.stderr).toContain(state);
        expect(existsSync(join(h.home, '.cursor', 'mcp.json'))).toBe(false);
      }
    } finally {
      h.cleanup();
    }
  }, 120_000);
});
