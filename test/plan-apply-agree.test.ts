import { describe, expect, test } from '@jest/globals';
import fc from 'fast-check';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildPlan } from '../src/plan/build.js';
import { loadTargets } from '../src/plan/load-targets.js';
import { applyPlan } from '../src/apply/apply.js';
import { summarize } from '../src/plan/summary.js';
import { StateStore } from '../src/state/store.js';
import { getClient } from './helpers/clients.js';
import type { PathContext, ServerSpec } from '../src/types.js';
import { stackOf } from './helpers/builders.js';

/**
 * Class 6 of issue 11: a file that plan accepts is a file apply can write. Generated Goose YAML
 * and Codex TOML files, with the servers map in every shape users write (no value, `~`, flow,
 * inline table, dotted keys, absent): either plan reports an error naming the file, or apply
 * succeeds and a second plan is empty.
 */
const GOOSE_MAPS = [
  'extensions:\n',
  'extensions: ~\n',
  'extensions: null # none\n',
  'extensions: {}\n',
  'extensions: { old: { cmd: a } }\n',
  'extensions:\n  old:\n    cmd: a\n',
  'extensions: []\n',
  '',
];
const GOOSE_OTHER = [
  'GOOSE_MODEL: gpt-4o\n',
  '# a comment\n',
  'nested:\n  extensions:\n',
  'list:\n  - 1\n',
  'empty:\n',
];
const CODEX_MAPS = [
  '[mcp_servers]\n',
  'mcp_servers = {}\n',
  'mcp_servers = { old = { command = "x" } }\n',
  '[mcp_servers.old]\ncommand = "x"\n',
  'mcp_servers.old.command = "x"\n',
  '',
];
const CODEX_TOP = ['model = "o3"\n', '# a comment\n', 'approval_policy = "never"\n'];
const CODEX_TABLES = ['[profiles.p]\nmodel = "x"\n', '[tui]\nnotifications = true\n'];

const goose = fc
  .tuple(fc.subarray(GOOSE_OTHER), fc.constantFrom(...GOOSE_MAPS), fc.nat())
  .map(([other, map, at]) => {
    const lines = [...other];
    lines.splice(at % (lines.length + 1), 0, map);
    return lines.join('');
  });
const codex = fc
  .tuple(
    fc.subarray(CODEX_TOP),
    fc.constantFrom(...CODEX_MAPS),
    fc.subarray(CODEX_TABLES),
    fc.boolean(),
  )
  .map(([top, map, tables, mapFirst]) =>
    (map.startsWith('[')
      ? [...top, ...(mapFirst ? [map, ...tables] : [...tables, map])]
      : [...top, map, ...tables]
    ).join(''),
  );
const names = fc.uniqueArray(fc.constantFrom('old', 'mem', 'fs'), { minLength: 1, maxLength: 3 });

const ctxFor = (home: string): PathContext => ({
  platform: 'linux',
  env: {},
  home,
  projectDir: home,
  exists: existsSync,
  readdir: (p) => (existsSync(p) ? readdirSync(p) : []),
});

async function planThenApply(
  client: string,
  fileName: string,
  text: string,
  wanted: string[],
): Promise<void> {
  const home = mkdtempSync(join(tmpdir(), 'mcpo-agree-'));
  try {
    const file = join(home, fileName);
    writeFileSync(file, text);
    const store = new StateStore(join(home, 'state'));
    const servers = wanted.map(
      (n): ServerSpec => ({ name: n, transport: 'stdio', command: 'npx', args: ['-y', n] }),
    );
    const stack = stackOf(servers, [{ client, scope: 'user', path: file }], '/p/mcp.stack.yaml');
    const planOnce = () => {
      const state = store.load();
      return buildPlan({
        stack,
        targets: loadTargets(stack, state, ctxFor(home), getClient),
        state,
        fingerprint: store.fingerprinter(),
        secrets: () => undefined,
        force: true,
        now: 'now',
      });
    };
    const plan = planOnce();
    if (plan.errors.length) {
      // Refused by plan: located in the file, with a fix.
      for (const e of plan.errors) expect(`${e.message} ${e.loc?.file ?? ''}`).toContain(file);
      for (const e of plan.errors) expect(e.hint).toBeTruthy();
      return;
    }
    await applyPlan(plan, {
      store,
      stateDir: store.dir,
      secrets: () => undefined,
      getClient: (id) => getClient(id)!,
      applyId: '20250101T000000Z-00000001',
      now: 'now',
      planSource: 'the plan',
    });
    const again = planOnce();
    expect(again.errors).toEqual([]);
    expect(summarize(again)).toEqual({ add: 0, change: 0, remove: 0 });
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
}

describe('plan and apply agree on what can be written', () => {
  test('Goose YAML in every servers-map shape', async () => {
    await fc.assert(
      fc.asyncProperty(goose, names, (text, wanted) =>
        planThenApply('goose', 'config.yaml', text, wanted),
      ),
      { numRuns: 120 },
    );
  });

  test('Codex TOML in every servers-map shape', async () => {
    await fc.assert(
      fc.asyncProperty(codex, names, (text, wanted) =>
        planThenApply('codex', 'config.toml', text, wanted),
      ),
      { numRuns: 120 },
    );
  });
});
