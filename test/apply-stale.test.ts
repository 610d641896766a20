import { describe, expect, test } from '@jest/globals';
import fc from 'fast-check';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildPlan } from '../src/plan/build.js';
import { loadTargets } from '../src/plan/load-targets.js';
import { applyPlan } from '../src/apply/apply.js';
import { planReadsOf } from '../src/apply/plan-reads.js';
import { StateStore } from '../src/state/store.js';
import { getClient } from './helpers/clients.js';
import type { PathContext, ServerSpec } from '../src/types.js';
import { stackOf } from './helpers/builders.js';

/**
 * Class 5 of issue 11: a plan is stale only when an entry it changes (or relies on being
 * absent) changed since; any other edit of the file between plan and apply is kept, and the
 * plan's edits are made on the file as it is now.
 */
const POOL = ['a', 'b', 'c', 'd', 'e'];
const name = fc.constantFrom(...POOL);
const stackServers = fc
  .uniqueArray(name, { maxLength: 4 })
  .map((ns) =>
    ns.map((n): ServerSpec => ({ name: n, transport: 'stdio', command: 'npx', args: [n] })),
  );
const existing = fc.dictionary(
  name,
  fc.record({ command: fc.constantFrom('npx', 'uvx', 'theirs') }),
  { maxKeys: 4 },
);
const edit = fc.oneof(
  fc.record({
    kind: fc.constant('other' as const),
    key: fc.stringMatching(/^[a-z]{1,5}$/),
    value: fc.jsonValue(),
  }),
  fc.record({
    kind: fc.constant('entry' as const),
    name,
    value: fc.option(fc.record({ command: fc.constantFrom('npx', 'theirs') }), { nil: null }),
  }),
);

const ctxFor = (home: string): PathContext => ({
  platform: 'linux',
  env: {},
  home,
  projectDir: home,
  exists: existsSync,
  readdir: (p) => (existsSync(p) ? readdirSync(p) : []),
});

type Edit = typeof edit extends fc.Arbitrary<infer T> ? T : never;

async function planEditApply(
  servers: ServerSpec[],
  entries: Record<string, unknown>,
  e: Edit,
): Promise<void> {
  const home = mkdtempSync(join(tmpdir(), 'mcpo-stale-'));
  try {
    const file = join(home, '.claude.json');
    writeFileSync(file, `${JSON.stringify({ numStartups: 1, mcpServers: entries }, null, 2)}\n`);
    const store = new StateStore(join(home, 'state'));
    const stack = stackOf(
      servers,
      [{ client: 'claude-code', scope: 'user', prune: true }],
      '/p/mcp.stack.yaml',
    );
    const state = store.load();
    const targets = loadTargets(stack, state, ctxFor(home), getClient);
    const plan = buildPlan({
      stack,
      targets,
      state,
      fingerprint: store.fingerprinter(),
      secrets: () => undefined,
      force: true,
      now: 'now',
    });
    const target = plan.targets[0]!;
    // Another program rewrites the whole file between plan and apply.
    const doc = JSON.parse(readFileSync(file, 'utf8'));
    let stale = false;
    if (e.kind === 'other') doc[`x-${e.key}`] = e.value;
    else {
      const before = Object.hasOwn(doc.mcpServers, e.name)
        ? JSON.stringify(doc.mcpServers[e.name])
        : null;
      if (e.value === null) delete doc.mcpServers[e.name];
      else doc.mcpServers[e.name] = e.value;
      const after = e.value === null ? null : JSON.stringify(e.value);
      stale = Object.hasOwn(target.expect ?? {}, e.name) && before !== after;
    }
    const edited = `${JSON.stringify(doc, null, 4)}\n`;
    writeFileSync(file, edited);
    const run = applyPlan(plan, {
      store,
      stateDir: store.dir,
      secrets: () => undefined,
      getClient: (id) => getClient(id)!,
      applyId: '20250101T000000Z-00000001',
      now: 'now',
      planSource: 'the plan',
      // As `mcpo apply` does: the plan's reads stand only for a file still as the plan read it.
      planReads: planReadsOf(targets),
    });
    if (stale && e.kind === 'entry') {
      await expect(run).rejects.toMatchObject({
        code: 'stale-plan',
        message: expect.stringContaining(`"${e.name}"`),
      });
      expect(readFileSync(file, 'utf8')).toBe(edited);
      return;
    }
    await run;
    const after = JSON.parse(readFileSync(file, 'utf8'));
    expect(after.numStartups).toBe(1);
    if (e.kind === 'other')
      expect(JSON.stringify(after[`x-${e.key}`])).toBe(JSON.stringify(e.value));
    else if (
      !Object.hasOwn(target.expect ?? {}, e.name) &&
      !servers.some((s) => s.name === e.name)
    ) {
      expect(after.mcpServers[e.name]).toEqual(e.value ?? undefined);
    }
    for (const c of target.changes) {
      if (c.action === 'delete') expect(after.mcpServers[c.server]).toBeUndefined();
      else if (c.after) expect(after.mcpServers[c.server]).toEqual(c.after);
    }
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
}

describe('staleness is judged on the entries a plan touches', () => {
  test('an edit of another part of the file is kept; an edit of a planned entry refuses, naming it', async () => {
    await fc.assert(
      fc.asyncProperty(stackServers, existing, edit, (s, ex, e) => planEditApply(s, ex, e)),
      { numRuns: 150 },
    );
  });
});
