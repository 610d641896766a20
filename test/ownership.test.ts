// One ownership ledger across stack files (issue 11, class 8). Two stack files that write the same
// client file never take each other's entries: an entry another stack manages is shown with its
// owner, never deleted, and taken over only with `--take-over NAME` (plan, apply and import).
import { describe, test, expect, beforeEach, afterEach } from '@jest/globals';
import fc from 'fast-check';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeTmpHome, runMcpo, type TmpHome } from './helpers/tmp-home.js';
import { buildPlan } from '../src/plan/build.js';
import { loadTargets } from '../src/plan/load-targets.js';
import { summarize } from '../src/plan/summary.js';
import { applyPlan } from '../src/apply/apply.js';
import { StateStore } from '../src/state/store.js';
import { getClient } from './helpers/clients.js';
import type { PathContext, ServerSpec, Stack } from '../src/types.js';
import { stackOf, stdio } from './helpers/builders.js';

let h: TmpHome;
const userStack = () => join(h.home, 'mcp', 'mcp.stack.yaml');
const projStack = () => join(h.home, 'proj', 'mcp.stack.yaml');
const claudeJson = () => join(h.home, '.claude.json');
const mcpo = (...args: string[]) => runMcpo(args, { env: h.env, cwd: join(h.home, 'proj') });
const asUser = (...args: string[]) => mcpo(...args, '--stack', userStack());
const owners = (): Record<string, string> => {
  const state = JSON.parse(readFileSync(join(h.env.XDG_STATE_HOME!, 'mcpo', 'state.json'), 'utf8'));
  const entries = state.files[`${claudeJson()}#mcpServers`]?.entries ?? {};
  return Object.fromEntries(
    Object.entries(entries).map(([k, v]) => [k, (v as { stack: string }).stack]),
  );
};
const stackText = (servers: Record<string, string>) =>
  `version: 1\nservers:\n${Object.entries(servers)
    .map(([n, pkg]) => `  ${n}:\n    command: npx\n    args: [-y, ${pkg}]\n`)
    .join('')}` +
  `clients:\n  claude-code: { scope: user, servers: [${Object.keys(servers).join(', ')}], prune: true }\n`;

beforeEach(() => {
  h = makeTmpHome();
  for (const d of ['mcp', 'proj', '.claude']) mkdirSync(join(h.home, d));
  writeFileSync(claudeJson(), '{ "numStartups": 1 }\n');
});
afterEach(() => h.cleanup());

describe('two stack files writing ~/.claude.json (the built CLI)', () => {
  test('alternating applies are stable; the shared entry stays with the stack that wrote it first, shown as its', () => {
    writeFileSync(userStack(), stackText({ memory: 'mem', a: 'pkg-a' }));
    writeFileSync(projStack(), stackText({ memory: 'mem', b: 'pkg-b' }));
    for (let round = 0; round < 2; round++) {
      expect(asUser('apply', '-y').code).toBe(0);
      expect(mcpo('apply', '-y').code).toBe(0);
      for (const plan of [
        asUser('plan', '--detailed-exitcode'),
        mcpo('plan', '--detailed-exitcode'),
      ]) {
        expect(plan.code).toBe(0);
        expect(plan.stdout).toContain('No changes.');
        expect(plan.stdout).not.toContain('will be taken over');
      }
    }
    expect(owners()).toEqual({ memory: userStack(), a: userStack(), b: projStack() });
    expect(Object.keys(JSON.parse(readFileSync(claudeJson(), 'utf8')).mcpServers).sort()).toEqual([
      'a',
      'b',
      'memory',
    ]);
    expect(mcpo('plan').stdout).toContain(
      '  = memory  (managed by the stack ~/mcp/mcp.stack.yaml)',
    );
    const j = JSON.parse(mcpo('plan', '--json').stdout);
    expect(
      j.targets[0].changes.find((c: { server: string }) => c.server === 'memory'),
    ).toMatchObject({ action: 'noop', adopt: false, owner: userStack() });
  });

  test('status names the stack file that manages an entry', () => {
    writeFileSync(userStack(), stackText({ memory: 'mem', a: 'pkg-a' }));
    writeFileSync(projStack(), stackText({ memory: 'mem', b: 'pkg-b' }));
    expect(asUser('apply', '-y').code).toBe(0);
    expect(mcpo('apply', '-y').code).toBe(0);
    const s = JSON.parse(mcpo('status', '--json').stdout);
    const row = (n: string) => s.servers.find((r: { name: string }) => r.name === n);
    expect(row('memory')).toMatchObject({
      states: { 'claude-code (user)': 'unmanaged' },
      owners: { 'claude-code (user)': userStack() },
    });
    expect(row('a')).toMatchObject({
      in_stack: false,
      owners: { 'claude-code (user)': userStack() },
    });
    expect(row('b')).toMatchObject({ states: { 'claude-code (user)': 'in-sync' }, owners: {} });
    const text = mcpo('status').stdout;
    expect(text).toMatch(/^memory +other stack$/m);
    expect(text).toContain(`  memory in claude-code (user): ${userStack()}`);
  });

  test("a different definition of the other stack's entry is a plan error until --take-over; no flipping back", () => {
    writeFileSync(userStack(), stackText({ memory: 'mem-user' }));
    writeFileSync(projStack(), stackText({ memory: 'mem-proj' }));
    expect(asUser('apply', '-y').code).toBe(0);
    const file = readFileSync(claudeJson(), 'utf8');
    const p = mcpo('plan');
    expect(p.code).toBe(1);
    expect(p.stdout).toContain('  = memory  (managed by the stack ~/mcp/mcp.stack.yaml)');
    expect(p.stderr).toContain(
      `memory in ${claudeJson()} (claude-code, user) is managed by the stack ${userStack()}, which defines it differently.`,
    );
    expect(p.stderr).toContain('pass `--take-over memory` to plan and apply');
    expect(mcpo('apply', '-y').code).toBe(1);
    expect(readFileSync(claudeJson(), 'utf8')).toBe(file);
    expect(mcpo('apply', '-y', '--take-over', 'other').code).toBe(1);
    const take = mcpo('plan', '--take-over', 'memory');
    expect(take.code).toBe(0);
    expect(take.stdout).toContain(
      '~ memory  (managed by the stack ~/mcp/mcp.stack.yaml; --take-over: will be taken over)',
    );
    expect(mcpo('apply', '-y', '--take-over', 'memory').code).toBe(0);
    expect(owners()).toEqual({ memory: projStack() });
    expect(mcpo('plan').stdout).toContain('No changes.');
    // The user stack does not take it back on its next apply: it reports the conflict instead.
    const back = asUser('apply', '-y');
    expect(back.code).toBe(1);
    expect(back.stderr).toContain(`is managed by the stack ${projStack()}`);
    expect(JSON.parse(readFileSync(claudeJson(), 'utf8')).mcpServers.memory.args).toEqual([
      '-y',
      'mem-proj',
    ]);
  });

  test('a saved plan carries its take-over; apply FILE refuses a --take-over of its own', () => {
    writeFileSync(userStack(), stackText({ memory: 'mem-user' }));
    writeFileSync(projStack(), stackText({ memory: 'mem-proj' }));
    expect(asUser('apply', '-y').code).toBe(0);
    const out = join(h.home, 'proj', 'take.plan');
    expect(mcpo('plan', '--take-over', 'memory', '--out', out).code).toBe(0);
    const refused = mcpo('apply', out, '--take-over', 'memory');
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('Fix: pass --take-over to `mcpo plan --out FILE` instead');
    expect(mcpo('apply', out).code).toBe(0);
    expect(owners()).toEqual({ memory: projStack() });
  });

  test('import --out does not take entries another stack manages unless --take-over names them', () => {
    writeFileSync(userStack(), stackText({ memory: 'mem' }));
    expect(asUser('apply', '-y').code).toBe(0);
    const cj = JSON.parse(readFileSync(claudeJson(), 'utf8'));
    cj.mcpServers.handmade = { type: 'stdio', command: 'hand' };
    writeFileSync(claudeJson(), JSON.stringify(cj, null, 2));
    const r = mcpo('import', '--out', 'x.yaml');
    expect(r.code).toBe(0);
    expect(r.stderr).toContain(
      `Skipped memory in ${claudeJson()}: the stack ${userStack()} manages it; pass \`--take-over memory\` to mcpo import to manage it from this stack`,
    );
    expect(readFileSync(join(h.home, 'proj', 'x.yaml'), 'utf8')).not.toContain('memory');
    expect(owners()).toEqual({ memory: userStack(), handmade: join(h.home, 'proj', 'x.yaml') });
    expect(asUser('plan', '--detailed-exitcode').code).toBe(0);
    const taken = mcpo('import', '--out', 'y.yaml', '--take-over', 'memory');
    expect(taken.code).toBe(0);
    expect(taken.stderr).toContain(
      `Note: the new stack now manages memory in ${claudeJson()} (was managed by ${userStack()}).`,
    );
    expect(owners().memory).toBe(join(h.home, 'proj', 'y.yaml'));
  });
});

// ---------------------------------------------------------------- property, in process

const NAMES = ['a', 'b', 'c', 'd'];
/** A stack: some of the shared names, each in one of two definitions (so pairs agree or clash). */
const stackDef = fc.dictionary(fc.constantFrom(...NAMES), fc.constantFrom(1, 2), { maxKeys: 4 });
const step = fc.record({ who: fc.constantFrom(0, 1), take: fc.boolean() });

function ctxFor(home: string): PathContext {
  return {
    platform: 'linux',
    env: {},
    home,
    projectDir: home,
    exists: existsSync,
    readdir: (p) => (existsSync(p) ? readdirSync(p) : []),
  };
}
const specsOf = (d: Record<string, number>): ServerSpec[] =>
  Object.entries(d).map(([n, v]) => stdio(n, { args: ['-y', `pkg-${n}-${v}`] }));

describe('properties', () => {
  test('for random pairs of stacks sharing names: ownership moves only by --take-over, a clash is a plan error, applies are stable', async () => {
    await fc.assert(
      fc.asyncProperty(
        stackDef,
        stackDef,
        fc.boolean(),
        fc.boolean(),
        fc.array(step, { minLength: 1, maxLength: 6 }),
        async (d0, d1, prune0, prune1, steps) => {
          const home = mkdtempSync(join(tmpdir(), 'mcpo-own-'));
          try {
            const file = join(home, '.claude.json');
            writeFileSync(file, '{}\n');
            const store = new StateStore(join(home, 'state'));
            const defs = [d0, d1];
            const stacks: Stack[] = [
              stackOf(
                specsOf(d0),
                [{ client: 'claude-code', scope: 'user', prune: prune0 }],
                '/u/mcp.stack.yaml',
              ),
              stackOf(
                specsOf(d1),
                [{ client: 'claude-code', scope: 'user', prune: prune1 }],
                '/p/mcp.stack.yaml',
              ),
            ];
            const owners = (): Record<string, string> =>
              Object.fromEntries(
                Object.entries(store.load().files[`${file}#mcpServers`]?.entries ?? {}).map(
                  ([k, v]) => [k, v.stack],
                ),
              );
            const entries = () => JSON.parse(readFileSync(file, 'utf8')).mcpServers ?? {};
            const planFor = (i: number, takeOver: string[] = []) => {
              const state = store.load();
              const targets = loadTargets(stacks[i]!, state, ctxFor(home), getClient);
              return buildPlan({
                stack: stacks[i]!,
                targets,
                state,
                fingerprint: store.fingerprinter(),
                secrets: () => undefined,
                force: true,
                now: 'now',
                takeOver: new Set(takeOver),
              });
            };
            const quiet = (i: number) => {
              const p = planFor(i);
              return (
                p.errors.length === 0 &&
                summarize(p).add + summarize(p).change + summarize(p).remove === 0
              );
            };
            let n = 0;
            for (const { who, take } of steps) {
              const other = 1 - who;
              const ownersBefore = owners();
              const entriesBefore = entries();
              const takeOver = take ? Object.keys(defs[who]!) : [];
              const otherQuiet = quiet(other);
              const plan = planFor(who, takeOver);
              // A clash: a name this stack wants that the other owns, defined differently, not taken over.
              const clashes = Object.keys(defs[who]!).filter(
                (name) =>
                  ownersBefore[name] === stacks[other]!.file &&
                  !take &&
                  defs[other]![name] !== defs[who]![name],
              );
              expect(plan.errors.map((e) => e.code)).toEqual(
                clashes.map(() => 'owned-by-other-stack'),
              );
              for (const name of clashes)
                expect(
                  plan.errors.some(
                    (e) =>
                      e.message.startsWith(`${name} in ${file}`) &&
                      e.message.includes(stacks[other]!.file),
                  ),
                ).toBe(true);
              if (plan.errors.length) continue;
              await applyPlan(plan, {
                store,
                stateDir: store.dir,
                secrets: () => undefined,
                getClient: (id) => getClient(id)!,
                applyId: `a${n++}`,
                now: 'now',
                planSource: 'the plan',
              });
              const ownersAfter = owners();
              for (const [name, owner] of Object.entries(ownersBefore)) {
                if (owner !== stacks[other]!.file) continue;
                if (take && name in defs[who]!) expect(ownersAfter[name]).toBe(stacks[who]!.file);
                else {
                  // The other stack's entry: still its own, untouched, never pruned.
                  expect(ownersAfter[name]).toBe(owner);
                  expect(entries()[name]).toEqual(entriesBefore[name]);
                }
              }
              expect(quiet(who)).toBe(true);
              if (!take && otherQuiet) expect(quiet(other)).toBe(true);
            }
          } finally {
            rmSync(home, { recursive: true, force: true });
          }
        },
      ),
      { numRuns: 80 },
    );
  });
});
