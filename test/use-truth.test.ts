import { describe, test, expect, beforeEach, afterEach } from '@jest/globals';
import fc from 'fast-check';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { targetsLeftEmpty } from '../src/stack/use.js';
import { stackOf, stdio } from './helpers/builders.js';
import { makeTmpHome, runMcpo } from './helpers/tmp-home.js';

/**
 * Issue 13: `mcpo use` tells the truth: it warns when a target is left with no active server and
 * says what was active before; alone it shows the active stacks; a built-in stack's name gets
 * the `include:` that brings it in.
 */
const SERVERS = ['a', 'b', 'c', 'd'];
const STACKS = ['s1', 's2', 's3'];

describe('targetsLeftEmpty', () => {
  test('names exactly the targets with declared servers of which none is active', () => {
    fc.assert(
      fc.property(
        fc.dictionary(fc.constantFrom(...STACKS), fc.subarray(SERVERS)),
        fc.array(fc.record({ stacks: fc.subarray(STACKS), servers: fc.subarray(SERVERS) }), {
          minLength: 1,
          maxLength: 3,
        }),
        fc.option(fc.subarray(STACKS), { nil: undefined }),
        (stackServers, targets, chosen) => {
          const base = stackOf(
            SERVERS.map((n) => stdio(n)),
            targets.map((t, i) => ({ ...t, client: `c${i}` })),
          );
          const stacks = Object.fromEntries(
            STACKS.map((s) => [s, { name: s, servers: stackServers[s] ?? [] }]),
          );
          const stack = {
            ...base,
            stacks,
            ...(chosen ? { use: { stacks: chosen, clients: {} } } : {}),
          };
          const lines = targetsLeftEmpty(stack);
          targets.forEach((t, i) => {
            const declared = new Set([
              ...t.stacks.flatMap((s) => stacks[s]!.servers),
              ...t.servers,
            ]);
            const active = new Set((chosen ?? []).flatMap((s) => stacks[s]!.servers));
            const empty =
              chosen !== undefined &&
              declared.size > 0 &&
              ![...declared].some((n) => active.has(n));
            expect(lines.some((l) => l.startsWith(`c${i} (user) has no active server`))).toBe(
              empty,
            );
          });
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('mcpo use tells what it did', () => {
  let home: ReturnType<typeof makeTmpHome>;
  let project: string;
  const mcpo = (...args: string[]) => runMcpo(args, { env: home.env, cwd: project });
  beforeEach(() => {
    home = makeTmpHome();
    project = join(home.home, 'proj');
    mkdirSync(project);
    mkdirSync(join(home.home, '.claude'));
    mkdirSync(join(home.home, '.cursor'));
    writeFileSync(
      join(project, 'mcp.stack.yaml'),
      `version: 1
servers:
  memory: { command: npx, args: [-y, m] }
  fs: { command: npx, args: [-y, f] }
stacks:
  notes: { servers: [memory] }
  development: { servers: [fs] }
clients:
  claude-code: { stacks: [notes, development] }
  cursor:      { stacks: [development] }
`,
    );
  });
  afterEach(() => home.cleanup());

  test('a use that leaves a target with no active server warns, and says what was active before', () => {
    const r = mcpo('use', 'notes', '--yes');
    expect(r.code).toBe(0);
    expect(r.stderr).toContain(
      'Active stacks: notes for every client (was: all (every server); saved in',
    );
    expect(r.stderr).toMatch(
      /Warning: cursor \(user\) has no active server: none of its servers is in notes \(it lists development\)/,
    );
    expect(r.stderr).not.toMatch(/Warning: claude-code/);
  });

  test('use alone shows the active stacks of each client, and changes nothing', () => {
    expect(mcpo('use').stdout).toMatch(
      /Active stacks:\n {2}claude-code {2}all \(every server\)\n {2}cursor {7}all \(every server\)\n/,
    );
    expect(mcpo('use', 'development', '--client', 'cursor', '--yes').code).toBe(0);
    const r = mcpo('use');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(
      / {2}claude-code {2}all \(every server\)\n {2}cursor {7}development\n/,
    );
  });

  test('an unknown stack that is built in: the hint gives the include', () => {
    for (const name of ['research', 'data']) {
      const r = mcpo('use', name);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain(`Error: Unknown stack \`${name}\`.`);
      expect(r.stderr).toContain(
        `Fix: \`${name}\` is a built-in stack: add \`include: [${name}]\` to ${join(project, 'mcp.stack.yaml')}`,
      );
    }
    expect(mcpo('use', 'nope').stderr).toContain('Fix: defined stacks: notes, development.');
  });
});
