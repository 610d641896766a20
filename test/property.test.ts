import { describe, test, expect } from '@jest/globals';
import fc from 'fast-check';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildPlan } from '../src/plan/build.js';
import { loadTargets } from '../src/plan/load-targets.js';
import { summarize } from '../src/plan/summary.js';
import { applyPlan } from '../src/apply/apply.js';
import { StateStore } from '../src/state/store.js';
import { getClient } from './helpers/clients.js';
import { jsonFormat } from '../src/formats/json.js';
import { McpoError } from '../src/errors.js';
import type { PathContext, ServerSpec, Stack } from '../src/types.js';
import { fingerprint, loaded, stackOf } from './helpers/builders.js';

const name = fc.stringMatching(/^[a-z][a-z0-9-]{0,6}$/);
const text = fc.string({ maxLength: 12 });
const server = (n: string) =>
  fc
    .record({
      command: fc.stringMatching(/^[a-z/]{1,10}$/),
      args: fc.array(text, { maxLength: 3 }),
      env: fc.dictionary(fc.stringMatching(/^[A-Z_]{1,6}$/), text, { maxKeys: 2 }),
    })
    .map(
      (r): ServerSpec => ({
        name: n,
        transport: 'stdio',
        command: r.command,
        args: r.args,
        ...(Object.keys(r.env).length ? { env: r.env } : {}),
      }),
    );
const servers = fc
  .uniqueArray(name, { maxLength: 5 })
  .chain((ns) => (ns.length ? fc.tuple(...ns.map(server)) : fc.constant([] as ServerSpec[])));
/** A pre-existing ~/.claude.json: unrelated keys, entries that may share names with the stack. */
const existing = fc.record({
  other: fc.dictionary(
    fc.stringMatching(/^[a-zA-Z]{1,8}$/).filter((k) => k !== 'mcpServers'),
    fc.jsonValue(),
    { maxKeys: 4 },
  ),
  entries: fc.dictionary(name, fc.record({ command: fc.string(), note: fc.jsonValue() }), {
    maxKeys: 4,
  }),
  indent: fc.constantFrom(2, 4, '\t'),
});

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

function stackFor(list: ServerSpec[], prune: boolean): Stack {
  return stackOf(list, [{ client: 'claude-code', scope: 'user', prune }], '/p/mcp.stack.yaml');
}

async function applyAndReplan(
  list: ServerSpec[],
  ex: { other: Record<string, unknown>; entries: Record<string, unknown>; indent: number | string },
  prune: boolean,
) {
  const home = mkdtempSync(join(tmpdir(), 'mcpo-prop-'));
  try {
    const file = join(home, '.claude.json');
    const original = { ...ex.other, mcpServers: ex.entries };
    writeFileSync(file, JSON.stringify(original, null, ex.indent) + '\n');
    const store = new StateStore(join(home, 'state'));
    const stack = stackFor(list, prune);
    const planOnce = () => {
      const state = store.load();
      const targets = loadTargets(stack, state, ctxFor(home), getClient);
      return buildPlan({
        stack,
        targets,
        state,
        fingerprint: store.fingerprinter(),
        secrets: () => undefined,
        force: true,
        now: 'now',
      });
    };
    const plan = planOnce();
    expect(plan.errors).toEqual([]);
    await applyPlan(plan, {
      store,
      stateDir: store.dir,
      secrets: () => undefined,
      getClient: (id) => getClient(id)!,
      applyId: `a${Date.now()}`,
      now: 'now',
      planSource: 'the plan',
    });
    const after = JSON.parse(readFileSync(file, 'utf8'));
    const wanted = new Set(list.map((s) => s.name));
    // Compared as JSON text: JSON itself cannot tell -0 from 0.
    const json = (v: unknown) => JSON.stringify(v);
    for (const [k, v] of Object.entries(ex.other)) expect(json(after[k])).toBe(json(v));
    for (const [k, v] of Object.entries(ex.entries))
      if (!wanted.has(k))
        prune
          ? expect(after.mcpServers[k]).toBeUndefined()
          : expect(json(after.mcpServers[k])).toBe(json(v));
    expect(summarize(planOnce())).toEqual({ add: 0, change: 0, remove: 0 });
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
}

describe('properties', () => {
  test('for random stacks and random existing files, apply then plan is empty and unmanaged entries are untouched', async () => {
    await fc.assert(
      fc.asyncProperty(servers, existing, (list, ex) => applyAndReplan(list, ex, false)),
      { numRuns: 60 },
    );
  });

  test('with prune, apply then plan is empty and only desired entries remain', async () => {
    await fc.assert(
      fc.asyncProperty(servers, existing, (list, ex) => applyAndReplan(list, ex, true)),
      { numRuns: 25 },
    );
  });

  test('the planner never throws on arbitrary current entries and state', () => {
    const anyEntries = fc.dictionary(fc.string(), fc.dictionary(fc.string(), fc.jsonValue()));
    fc.assert(
      fc.property(servers, anyEntries, anyEntries, fc.boolean(), (list, current, owned, prune) => {
        const state = {
          version: 1 as const,
          files: {
            '/h/.fake.json#mcpServers': {
              path: '/h/.fake.json',
              client: 'fake',
              scope: 'user' as const,
              entriesPath: ['mcpServers'],
              entries: Object.fromEntries(
                Object.keys(owned).map((k) => [
                  k,
                  { stack: '/p/mcp.stack.yaml', fingerprint: 'x' },
                ]),
              ),
            },
          },
        };
        const t = loaded(current, { prune, servers: list.map((s) => s.name) });
        const p = buildPlan({
          stack: stackOf(list),
          targets: [t],
          state,
          fingerprint,
          secrets: () => undefined,
          force: false,
          now: 'now',
        });
        expect(Array.isArray(p.targets)).toBe(true);
      }),
      { numRuns: 150 },
    );
  });

  test('reading any text as a client file returns entries or a clear McpoError, nothing else', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.json()), (t) => {
        try {
          jsonFormat.readEntries(t, '/x.json', ['mcpServers']);
        } catch (e) {
          expect(e).toBeInstanceOf(McpoError);
        }
      }),
      { numRuns: 500 },
    );
  });
});
