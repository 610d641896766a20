import { describe, test, expect } from '@jest/globals';
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
import { loadStack } from '../src/stack/load.js';
import { buildPlan } from '../src/plan/build.js';
import { loadTargets } from '../src/plan/load-targets.js';
import { summarize } from '../src/plan/summary.js';
import { applyPlan } from '../src/apply/apply.js';
import { buildStatus } from '../src/status/matrix.js';
import { StateStore } from '../src/state/store.js';
import { recordOwnership } from '../src/import/ownership.js';
import { clients, getClient } from './helpers/clients.js';
import type { PathContext, Stack } from '../src/types.js';
import { makeTmpHome, runMcpo } from './helpers/tmp-home.js';

/**
 * Issue 11, class 11: names are keys. Every name that Object.prototype answers for
 * (`constructor`, `toString`, `__proto__`...) must behave as an ordinary name everywhere.
 */
const PROTO_NAMES = Object.getOwnPropertyNames(Object.prototype);
/** The ones a stack accepts as server, stack or client names (the schema's name pattern). */
const STACK_PROTO_NAMES = PROTO_NAMES.filter((n) => /^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(n));
const ordinary = fc.stringMatching(/^[a-z][a-z0-9-]{0,6}$/);
const serverName = fc.oneof(fc.constantFrom(...STACK_PROTO_NAMES), ordinary);
/** Names in a client file are anything, `__proto__` included. */
const entryName = fc.oneof(fc.constantFrom(...PROTO_NAMES), ordinary);
const varName = fc.oneof(
  fc.constantFrom(...PROTO_NAMES),
  fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_]{0,6}$/),
);

const q = (s: string) => JSON.stringify(s);

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

const loadOpts = (home: string) => ({
  env: {},
  home,
  knownClients: clients.map((c) => c.id),
  clientScopes: Object.fromEntries(clients.map((c) => [c.id, [...c.scopes]])),
});

/** A stack file: each server in a stack named like it, a var and an env key named like it too. */
function stackYaml(servers: string[], vars: string[], prune: boolean): string {
  const lines = [
    'version: 1',
    `vars: {${vars.map((v) => `${q(v)}: ${q(`value-${v}`)}`).join(', ')}}`,
    'servers: {}',
    'stacks: {}',
  ];
  if (servers.length) {
    lines[2] = 'servers:';
    lines.splice(
      3,
      0,
      ...servers.flatMap((s) => [
        `  ${q(s)}:`,
        '    command: echo',
        `    args: [${q(s)}]`,
        `    env: { ${q(s)}: "x" }`,
      ]),
    );
    lines[lines.length - 1] =
      `stacks: {${servers.map((s) => `${q(s)}: { servers: [${q(s)}] }`).join(', ')}}`;
  }
  lines.push(
    'clients:',
    '  claude-code:',
    `    stacks: [${servers.map(q).join(', ')}]`,
    `    prune: ${prune}`,
  );
  return lines.join('\n') + '\n';
}

/** load -> plan -> apply -> plan (empty) -> status, for one stack text; returns what it saw. */
async function round(dir: string, store: StateStore, text: string) {
  const file = join(dir, 'mcp.stack.yaml');
  writeFileSync(file, text);
  const stack: Stack = await loadStack(file, loadOpts(dir));
  const planOnce = () => {
    const state = store.load();
    const targets = loadTargets(stack, state, ctxFor(dir), getClient);
    const plan = buildPlan({
      stack,
      targets,
      state,
      fingerprint: store.fingerprinter(),
      secrets: () => undefined,
      force: true,
      now: 'now',
    });
    return { plan, targets, state };
  };
  const first = planOnce();
  expect(first.plan.errors).toEqual([]);
  await applyPlan(first.plan, {
    store,
    stateDir: store.dir,
    secrets: () => undefined,
    getClient: (id) => getClient(id)!,
    applyId: `a${Math.random()}`,
    now: 'now',
    planSource: 'the plan',
  });
  const again = planOnce();
  const status = buildStatus(again.plan, again.targets, stack, again.state, () => undefined);
  const onDisk = JSON.parse(readFileSync(join(dir, '.claude.json'), 'utf8')) as {
    mcpServers: Record<string, unknown>;
  };
  return { stack, first: first.plan, again: again.plan, status, onDisk };
}

describe('names that Object.prototype knows are ordinary names', () => {
  test('load, plan, apply, status and prune treat them like any name (random names, library)', async () => {
    const input = fc.record({
      servers: fc.uniqueArray(serverName, { minLength: 1, maxLength: 5 }),
      kept: fc.nat(),
      vars: fc.uniqueArray(varName, { maxLength: 4 }),
      unmanaged: fc.uniqueArray(entryName, { maxLength: 4 }),
    });
    await fc.assert(
      fc.asyncProperty(input, async ({ servers, kept, vars, unmanaged }) => {
        const dir = mkdtempSync(join(tmpdir(), 'mcpo-names-'));
        try {
          mkdirSync(join(dir, '.claude'));
          const others = unmanaged.filter((n) => !servers.includes(n));
          // Written as text, so `__proto__` is an entry of the file like any other.
          const entries = others.map((n) => `${q(n)}: { "command": ${q(`hand-${n}`)} }`).join(', ');
          writeFileSync(join(dir, '.claude.json'), `{ "mcpServers": { ${entries} } }\n`);
          const store = new StateStore(join(dir, 'state'));

          const one = await round(dir, store, stackYaml(servers, vars, false));
          expect(Object.keys(one.stack.servers)).toEqual(servers);
          expect(Object.keys(one.stack.stacks)).toEqual(servers);
          for (const v of vars)
            expect(Object.hasOwn(one.stack.vars, v) && one.stack.vars[v]).toBe(`value-${v}`);
          for (const s of servers) expect(one.stack.servers[s]!.env).toEqual({ [s]: 'x' });
          expect(one.first.targets[0]!.changes.map((c) => [c.action, c.server])).toEqual(
            servers.map((s) => ['create', s]),
          );
          expect(summarize(one.again)).toEqual({ add: 0, change: 0, remove: 0 });
          for (const s of servers)
            expect(one.onDisk.mcpServers[s]).toMatchObject({ command: 'echo', args: [s] });
          for (const n of others)
            expect(Object.getOwnPropertyDescriptor(one.onDisk.mcpServers, n)?.value).toEqual({
              command: `hand-${n}`,
            });
          const cells = Object.fromEntries(
            one.status.rows.map((r) => [r.server, r.cells[0]!.state]),
          );
          expect(one.status.rows.map((r) => r.server).sort()).toEqual(
            [...servers, ...others].sort(),
          );
          for (const s of servers)
            expect(Object.getOwnPropertyDescriptor(cells, s)?.value).toBe('in-sync');
          for (const n of others)
            expect(Object.getOwnPropertyDescriptor(cells, n)?.value).toBe('unmanaged');

          // Keep some servers, prune the rest: every managed name leaves, whatever it is called.
          const left = servers.slice(0, kept % servers.length);
          const two = await round(dir, store, stackYaml(left, vars, true));
          expect(Object.keys(two.onDisk.mcpServers).sort()).toEqual([...left].sort());
          expect(summarize(two.again)).toEqual({ add: 0, change: 0, remove: 0 });
        } finally {
          rmSync(dir, { recursive: true, force: true });
        }
      }),
      { numRuns: 40 },
    );
  });

  test('taking over entries named like Object.prototype members names the stack that owned them', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uniqueArray(entryName, { minLength: 1, maxLength: 5 }), async (names) => {
        const dir = mkdtempSync(join(tmpdir(), 'mcpo-names-'));
        try {
          const store = new StateStore(join(dir, 'state'));
          const file = (_stack: string) => ({
            client: 'claude-code',
            scope: 'user' as const,
            path: join(dir, '.claude.json'),
            entriesPath: ['mcpServers'],
            entries: Object.fromEntries(names.map((n) => [n, { command: `c-${n}` }])),
          });
          expect(await recordOwnership(store, '/a/mcp.stack.yaml', [file('a')])).toEqual([]);
          const tookOver = await recordOwnership(store, '/b/mcp.stack.yaml', [file('b')]);
          expect(tookOver).toEqual(
            names.map(
              (n) => `${n} in ${join(dir, '.claude.json')} (was managed by /a/mcp.stack.yaml)`,
            ),
          );
        } finally {
          rmSync(dir, { recursive: true, force: true });
        }
      }),
      { numRuns: 30 },
    );
  });
});

describe('through the CLI', () => {
  test('constructor, toString, hasOwnProperty and valueOf: plan, apply, status, prune, import', () => {
    const home = makeTmpHome();
    try {
      const project = join(home.home, 'proj');
      mkdirSync(project);
      mkdirSync(join(home.home, '.claude'));
      const claude = join(home.home, '.claude.json');
      writeFileSync(claude, '{ "mcpServers": { "__proto__": { "command": "by-hand" } } }\n');
      const names = ['constructor', 'toString', 'hasOwnProperty', 'valueOf'];
      const stack = (list: string[]) =>
        [
          'version: 1',
          'servers:',
          ...names.map((n) => `  ${n}: { command: echo, args: [${n}] }`),
          'stacks:',
          '  constructor: { servers: [constructor] }',
          'clients:',
          '  claude-code:',
          `    stacks: [${list.includes('constructor') ? 'constructor' : ''}]`,
          `    servers: [${list.filter((n) => n !== 'constructor').join(', ')}]`,
          '    prune: true',
          '',
        ].join('\n');
      writeFileSync(join(project, 'mcp.stack.yaml'), stack(names));
      const mcpo = (...args: string[]) => runMcpo(args, { env: home.env, cwd: project });

      const plan = mcpo('plan');
      expect(plan.stderr).toBe('');
      expect(plan.stdout).toMatch(/Plan: 4 to add, 0 to change, 1 to remove\./);
      expect(mcpo('apply', '--yes').code).toBe(0);
      const status = mcpo('status');
      for (const n of names) expect(status.stdout).toMatch(new RegExp(`^${n} +in sync$`, 'm'));
      expect(mcpo('plan').stdout).toMatch(/No changes\./);

      writeFileSync(join(project, 'mcp.stack.yaml'), stack(['toString']));
      const prune = mcpo('apply', '--yes');
      expect(prune.code).toBe(0);
      expect(Object.keys(JSON.parse(readFileSync(claude, 'utf8')).mcpServers)).toEqual([
        'toString',
      ]);

      const other = join(home.home, 'other');
      mkdirSync(other);
      const imported = runMcpo(['import', '--take-over', 'toString'], {
        env: home.env,
        cwd: other,
      });
      expect(imported.code).toBe(0);
      expect(imported.stderr).toContain(
        `toString in ${claude} (was managed by ${join(project, 'mcp.stack.yaml')})`,
      );
      expect(imported.stderr + imported.stdout).not.toMatch(/undefined|Internal error/);
    } finally {
      home.cleanup();
    }
  });
});
