/**
 * Apply reads each file again; when the file is still as the plan read it, the plan's entries
 * stand in for a second parse (src/apply/plan-reads.ts). A changed file is parsed again: see
 * test/apply-stale.test.ts, which applies with the plan's reads after another program's edit.
 */
import { describe, expect, jest, test } from '@jest/globals';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildPlan } from '../src/plan/build.js';
import { loadTargets } from '../src/plan/load-targets.js';
import { applyPlan } from '../src/apply/apply.js';
import { planReadsOf } from '../src/apply/plan-reads.js';
import { StateStore } from '../src/state/store.js';
import { getClient } from './helpers/clients.js';
import type { PathContext } from '../src/types.js';
import { stackOf } from './helpers/builders.js';

const ctxFor = (home: string): PathContext => ({
  platform: 'linux',
  env: {},
  home,
  projectDir: home,
  exists: existsSync,
  readdir: (p) => (existsSync(p) ? readdirSync(p) : []),
});

describe("apply reads through the plan's reads", () => {
  test('a no-op apply parses no file again; without the reads it does', async () => {
    const home = mkdtempSync(join(tmpdir(), 'mcpo-reads-'));
    try {
      const file = join(home, '.claude.json');
      writeFileSync(file, `${JSON.stringify({ numStartups: 1, mcpServers: {} }, null, 2)}\n`);
      const store = new StateStore(join(home, 'state'));
      const servers = ['a', 'b'].map((n) => ({
        name: n,
        transport: 'stdio' as const,
        command: 'npx',
        args: [n],
      }));
      const stack = stackOf(servers, [{ client: 'claude-code', scope: 'user' }], '/p/s.yaml');
      const planNow = () => {
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
        return { plan, planReads: planReadsOf(targets) };
      };
      const ctx = {
        store,
        stateDir: store.dir,
        secrets: () => undefined,
        getClient: (id: string) => getClient(id)!,
        applyId: '20250101T000000Z-00000001',
        now: 'now',
        planSource: 'the plan',
      };
      await applyPlan(planNow().plan, ctx);
      const written = readFileSync(file, 'utf8');
      const stateText = readFileSync(store.statePath, 'utf8');
      const format = getClient('claude-code')!.format;
      const reads = jest.spyOn(format, 'readEntries');
      try {
        const again = planNow();
        reads.mockClear();
        expect(await applyPlan(again.plan, { ...ctx, planReads: again.planReads })).toEqual({
          written: [],
        });
        expect(reads).not.toHaveBeenCalled();
        // The same no-op without the plan's reads parses the file again.
        await applyPlan(planNow().plan, ctx);
        expect(reads).toHaveBeenCalled();
      } finally {
        reads.mockRestore();
      }
      expect(readFileSync(file, 'utf8')).toBe(written);
      expect(readFileSync(store.statePath, 'utf8')).toBe(stateText);
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  });
});
