import { describe, test, expect } from '@jest/globals';
import { buildPlan } from '../src/plan/build.js';
import { summarize } from '../src/plan/summary.js';
import { secretToken } from '../src/secrets/tokens.js';
import { renderPlanText } from '../src/render/plan-text.js';
import { renderPlanJson } from '../src/render/plan-json.js';
import { colorsFor } from '../src/render/colors.js';
import type { LoadedTarget } from '../src/plan/target-input.js';
import type { Stack } from '../src/types.js';
import type { StateData } from '../src/state/contract.js';
import { emptyState, fingerprint, loaded, stackOf, stateWith, stdio } from './helpers/builders.js';

function plan(
  stack: Stack,
  targets: LoadedTarget[],
  state: StateData = emptyState,
  secrets: Record<string, string> = {},
  force = false,
) {
  // Declared targets take their server list from the stack's first target unless they name their own.
  const base = stack.targets[0];
  const withDefs = targets.map((t) =>
    t.def && base
      ? { ...t, def: { ...t.def, servers: t.def.servers.length ? t.def.servers : base.servers } }
      : t,
  );
  return buildPlan({
    stack,
    targets: withDefs,
    state,
    fingerprint,
    secrets: (n) => secrets[n],
    force,
    now: 'now',
  });
}
const text = (p: ReturnType<typeof plan>) => renderPlanText(p, colorsFor(false), '/h');

describe('buildPlan', () => {
  test('creates every desired server in an absent file', () => {
    const p = plan(stackOf([stdio('a'), stdio('b')]), [loaded(null)]);
    expect(p.targets[0]!.changes.map((c) => [c.action, c.server])).toEqual([
      ['create', 'a'],
      ['create', 'b'],
    ]);
    expect(summarize(p)).toEqual({ add: 2, change: 0, remove: 0 });
    expect(text(p)).toMatch(/Plan: 2 to add, 0 to change, 0 to remove\./);
  });

  test('an entry equal to the desired one is a no-op; the plan says No changes.', () => {
    const entry = { command: 'npx', args: ['-y', 'pkg-a'] };
    const p = plan(stackOf([stdio('a')]), [loaded({ a: entry })], stateWith({ a: entry }));
    expect(p.targets[0]!.changes[0]!.action).toBe('noop');
    expect(text(p)).toMatch(/^No changes\.$/m);
  });

  test('field-level update shows before and after', () => {
    const old = { command: 'npx', args: ['-y', 'old'] };
    const p = plan(stackOf([stdio('a')]), [loaded({ a: old })], stateWith({ a: old }));
    const ch = p.targets[0]!.changes[0]!;
    expect(ch.action).toBe('update');
    expect(ch.drift).toBe(false);
    expect(ch.fields).toEqual([
      { path: 'args', before: ['-y', 'old'], after: ['-y', 'pkg-a'], sensitive: false },
    ]);
    expect(text(p)).toContain('~ args: ["-y","old"] -> ["-y","pkg-a"]');
  });

  test('a managed entry edited by hand is drift and is restored', () => {
    const written = { command: 'npx', args: ['-y', 'pkg-a'] };
    const edited = { command: 'npx', args: ['-y', 'pkg-a', '--verbose'] };
    const p = plan(stackOf([stdio('a')]), [loaded({ a: edited })], stateWith({ a: written }));
    const ch = p.targets[0]!.changes[0]!;
    expect([ch.action, ch.drift]).toEqual(['update', true]);
    expect(text(p)).toContain('changed outside mcpo');
  });

  test('unmanaged entries are never touched; managed ones that left the stack are deleted', () => {
    const keep = { command: 'mine' };
    const gone = { command: 'npx', args: ['-y', 'pkg-gone'] };
    const p = plan(stackOf([stdio('a')]), [loaded({ keep, gone })], stateWith({ gone }));
    const acts = Object.fromEntries(p.targets[0]!.changes.map((c) => [c.server, c.action]));
    expect(acts).toEqual({ a: 'create', gone: 'delete' });
  });

  test('prune removes unmanaged entries but not those of another stack', () => {
    const other = { command: 'x' };
    const state = stateWith({ other }, '/elsewhere/mcp.stack.yaml');
    const p = plan(
      stackOf([stdio('a')], [{ prune: true }]),
      [loaded({ stray: { command: 's' }, other }, { prune: true, servers: ['a'] })],
      state,
    );
    const acts = Object.fromEntries(p.targets[0]!.changes.map((c) => [c.server, c.action]));
    expect(acts).toEqual({ a: 'create', stray: 'delete' });
  });

  test('an existing unmanaged entry with the desired name is adopted', () => {
    const p = plan(stackOf([stdio('a')]), [loaded({ a: { command: 'other' } })]);
    const ch = p.targets[0]!.changes[0]!;
    expect([ch.action, ch.adopt]).toEqual(['update', true]);
  });

  test('a target removed from the stack deletes its managed entries (state-only target)', () => {
    const gone = { command: 'npx' };
    const p = plan(
      stackOf([]),
      [loaded({ gone, theirs: { command: 'y' } }, null)],
      stateWith({ gone }),
    );
    expect(p.targets[0]!.changes.map((c) => [c.action, c.server])).toEqual([['delete', 'gone']]);
  });

  test('a server the client cannot express is a plan error naming server, client and fix', () => {
    const remote = { name: 'linear', transport: 'http' as const, url: 'https://x/mcp' };
    const p = plan(stackOf([remote]), [loaded(null)]);
    expect(p.errors).toHaveLength(1);
    expect(p.errors[0]!.message).toMatch(/linear.*fake|fake.*linear/);
    expect(p.errors[0]!.hint).toBeTruthy();
  });

  test('not installed user-scope targets are skipped unless forced or given a path', () => {
    const t = { ...loaded(null), installed: false };
    expect(plan(stackOf([stdio('a')]), [t]).skipped).toHaveLength(1);
    expect(plan(stackOf([stdio('a')]), [t], emptyState, {}, true).skipped).toHaveLength(0);
    expect(
      plan(stackOf([stdio('a')]), [{ ...t, def: { ...t.def!, path: '/h/x.json' } }]).skipped,
    ).toHaveLength(0);
  });

  test('two targets that write the same file entries are an error', () => {
    const p = plan(stackOf([stdio('a')]), [loaded(null), loaded(null)]);
    expect(p.errors.map((e) => e.code)).toContain('duplicate-target');
  });
});

describe('secrets in plans', () => {
  const SECRET = 'ghp_superSecretValue123';
  const withSecret = stdio('gh', { env: { TOKEN: secretToken('github-token'), LEVEL: 'info' } });

  test('a secret is shown as (sensitive) and never as its value, in text and JSON', () => {
    const p = plan(stackOf([withSecret]), [loaded(null)], emptyState, { 'github-token': SECRET });
    const all = text(p) + renderPlanJson(p) + JSON.stringify(p);
    expect(all).not.toContain(SECRET);
    expect(text(p)).toContain('(sensitive)');
  });

  test('a changed secret is "(sensitive, changed)"; an unchanged one is no change', () => {
    const cur = {
      command: 'npx',
      args: ['-y', 'pkg-gh'],
      env: { TOKEN: 'old-value-1234', LEVEL: 'info' },
    };
    const p = plan(stackOf([withSecret]), [loaded({ gh: cur })], stateWith({ gh: cur }), {
      'github-token': SECRET,
    });
    expect(text(p)).toContain('~ env.TOKEN: (sensitive, changed)');
    expect(text(p) + renderPlanJson(p)).not.toContain('old-value-1234');
    const same = { ...cur, env: { TOKEN: SECRET, LEVEL: 'info' } };
    const p2 = plan(stackOf([withSecret]), [loaded({ gh: same })], stateWith({ gh: same }), {
      'github-token': SECRET,
    });
    expect(summarize(p2)).toEqual({ add: 0, change: 0, remove: 0 });
  });

  test('a secret without a value does not fail the plan; it is listed with how to provide it', () => {
    const p = plan(stackOf([withSecret]), [loaded(null)]);
    expect(p.errors).toEqual([]);
    expect(p.missingSecrets).toEqual(['github-token']);
    expect(text(p)).toContain('MCPO_SECRET_GITHUB_TOKEN');
  });
});

describe('equivalent spellings', () => {
  test('an empty env map or args list in the file equals an absent one', () => {
    const inFile = { command: 'npx', args: ['-y', 'pkg-a'], env: {} };
    const p = plan(stackOf([stdio('a')]), [loaded({ a: inFile })], stateWith({ a: inFile }));
    expect(p.targets[0]!.changes[0]!.action).toBe('noop');
    const noArgs = { command: 'npx', args: [] as string[] };
    const p2 = plan(
      stackOf([stdio('b', { args: undefined })]),
      [loaded({ b: noArgs })],
      stateWith({ b: noArgs }),
    );
    expect(p2.targets[0]!.changes[0]!.action).toBe('noop');
  });
});
