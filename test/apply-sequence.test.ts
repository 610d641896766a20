import { describe, expect, test } from '@jest/globals';
import fc from 'fast-check';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildPlan } from '../src/plan/build.js';
import { loadTargets } from '../src/plan/load-targets.js';
import { applyPlan } from '../src/apply/apply.js';
import { rollbackLastApply } from '../src/apply/rollback.js';
import { replaceFile } from '../src/fs/files.js';
import { StateStore } from '../src/state/store.js';
import { getClient } from './helpers/clients.js';
import { McpoError } from '../src/errors.js';
import type { NativeEntry, PathContext, ServerSpec } from '../src/types.js';
import { stackOf } from './helpers/builders.js';

/**
 * Random sequences of applies (some failing at a random file), edits by other programs and
 * rollbacks, over real files: state and apply records always match the disk, rollback puts the
 * managed entries back as they were, and nothing another program wrote is ever lost.
 */
const FILES = 3;
const STACK_FILE = '/p/mcp.stack.yaml';
const NAMES = ['s0', 's1', 's2', 's3'];
type Json = Record<string, any>;

const applyOp = fc.record({
  kind: fc.constant('apply' as const),
  variant: fc.integer({ min: 0, max: 3 }),
  masks: fc.array(fc.integer({ min: 0, max: 15 }), { minLength: FILES, maxLength: FILES }),
  failAt: fc.option(fc.integer({ min: 0, max: FILES - 1 }), { nil: null }),
});
const editOp = fc.record({
  kind: fc.constant('edit' as const),
  file: fc.integer({ min: 0, max: FILES - 1 }),
  key: fc.stringMatching(/^[a-z]{1,4}$/),
  value: fc.oneof(fc.integer(), fc.string({ maxLength: 6 })),
  entry: fc.boolean(),
});
const rollbackOp = fc.constant({ kind: 'rollback' as const });
const ops = fc.array(fc.oneof(applyOp, applyOp, editOp, rollbackOp), {
  minLength: 1,
  maxLength: 12,
});

function harness() {
  const home = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'mcpo-seq-')));
  const files = Array.from({ length: FILES }, (_, i) => path.join(home, `d${i}`, 'mcp.json'));
  files.forEach((f, i) => {
    fs.mkdirSync(path.dirname(f));
    fs.writeFileSync(
      f,
      `${JSON.stringify({ keep: i, mcpServers: { [`hand-${i}`]: { command: 'h' } } }, null, 2)}\n`,
    );
  });
  const store = new StateStore(path.join(home, 'state'));
  const ctx: PathContext = {
    platform: 'linux',
    env: {},
    home,
    projectDir: home,
    exists: fs.existsSync,
    readdir: (p) => (fs.existsSync(p) ? fs.readdirSync(p) : []),
  };
  return { home, files, store, ctx };
}

const read = (file: string): Json => JSON.parse(fs.readFileSync(file, 'utf8'));
const managedOf = (file: string): Json =>
  Object.fromEntries(
    Object.entries(read(file).mcpServers ?? {}).filter(([k]) => NAMES.includes(k)),
  );

/** A replaceFile whose call number `failAt` hits a real ENOTDIR: its folder is briefly a file. */
function failingReplace(failAt: number | null): typeof replaceFile {
  let call = 0;
  return async (file, produce, opts) => {
    if (call++ !== failAt) return replaceFile(file, produce, opts);
    const dir = path.dirname(file);
    fs.renameSync(dir, `${dir}.aside`);
    fs.writeFileSync(dir, '');
    try {
      return await replaceFile(file, produce, opts);
    } finally {
      fs.rmSync(dir);
      fs.renameSync(`${dir}.aside`, dir);
    }
  };
}

type Op = typeof ops extends fc.Arbitrary<(infer T)[]> ? T : never;

async function runSequence(sequence: Op[]): Promise<void> {
  const h = harness();
  const fp = h.store.fingerprinter();
  const outside = h.files.map(() => new Map<string, unknown>());
  const history: { id: string; before: Json[] }[] = [];
  try {
    let n = 0;
    for (const op of sequence) {
      if (op.kind === 'edit') {
        // Another program rewrites its whole file, as clients do.
        const doc = read(h.files[op.file]!);
        if (op.entry)
          doc.mcpServers = { ...doc.mcpServers, [`hand-${op.key}`]: { command: String(op.value) } };
        else doc[`other-${op.key}`] = op.value;
        fs.writeFileSync(h.files[op.file]!, JSON.stringify(doc, null, 4));
        outside[op.file]!.set(
          op.entry ? `mcpServers.hand-${op.key}` : `other-${op.key}`,
          op.entry ? { command: String(op.value) } : op.value,
        );
      } else if (op.kind === 'apply') {
        const servers: ServerSpec[] = NAMES.map((name) => ({
          name,
          transport: 'stdio',
          command: 'npx',
          args: [name, `v${op.variant}`],
        }));
        const targets = h.files.map((file, i) => ({
          client: 'cursor',
          scope: 'user' as const,
          path: file,
          servers: NAMES.filter((_, b) => op.masks[i]! & (1 << b)),
        }));
        const stack = stackOf(servers, targets, STACK_FILE);
        const state = h.store.load();
        const plan = buildPlan({
          stack,
          targets: loadTargets(stack, state, h.ctx, getClient),
          state,
          fingerprint: fp,
          secrets: () => undefined,
          force: true,
          now: 'now',
        });
        expect(plan.errors).toEqual([]);
        const before = h.files.map(managedOf);
        const id = `20250101T000000Z-${(n++).toString(16).padStart(8, '0')}`;
        const run = applyPlan(plan, {
          store: h.store,
          stateDir: h.store.dir,
          secrets: () => undefined,
          getClient: (c) => getClient(c)!,
          applyId: id,
          now: 'now',
          planSource: 'the plan',
          replace: failingReplace(op.failAt),
        });
        const recorded = await run.then(
          () => null,
          (err: unknown) => err,
        );
        if (recorded !== null) {
          expect(recorded).toBeInstanceOf(McpoError);
          const written = h.store.readApplies().find((r) => r.id === id)?.files ?? [];
          // A failure after some files were written names them and says how to undo them.
          if (written.length) {
            expect(recorded).toMatchObject({ code: 'apply-incomplete' });
            for (const f of written) expect((recorded as Error).message).toContain(f.path);
            expect((recorded as McpoError).hint).toContain('mcpo rollback');
          }
        }
        if (h.store.readApplies().some((r) => r.id === id)) history.push({ id, before });
      } else {
        const last = history.pop();
        const run = rollbackLastApply(h.store, { stack: STACK_FILE, force: false, getClient });
        if (!last) await expect(run).rejects.toMatchObject({ code: 'nothing-to-rollback' });
        else {
          await run;
          expect(h.files.map(managedOf)).toEqual(last.before);
        }
      }
      checkInvariants(h, fp, outside);
    }
  } finally {
    fs.rmSync(h.home, { recursive: true, force: true });
  }
}

function checkInvariants(
  h: ReturnType<typeof harness>,
  fp: ReturnType<StateStore['fingerprinter']>,
  outside: Map<string, unknown>[],
): void {
  const state = h.store.load();
  h.files.forEach((file, i) => {
    const doc = read(file);
    // Nothing another program wrote is lost.
    expect(doc.keep).toBe(i);
    expect(doc.mcpServers[`hand-${i}`]).toEqual({ command: 'h' });
    for (const [key, value] of outside[i]!) {
      expect(
        key.startsWith('mcpServers.') ? doc.mcpServers[key.slice('mcpServers.'.length)] : doc[key],
      ).toEqual(value);
    }
    // The state names exactly the managed entries on disk, with their fingerprints.
    const owned = state.files[`${file}#mcpServers`]?.entries ?? {};
    const onDisk = managedOf(file) as Record<string, NativeEntry>;
    expect(Object.keys(owned).sort()).toEqual(Object.keys(onDisk).sort());
    for (const [name, e] of Object.entries(owned))
      expect(e.fingerprint).toBe(fp.entry(onDisk[name]));
  });
}

describe('apply, outside edits and rollback in any order', () => {
  test("state matches disk, rollback restores managed entries, no other writer's change is lost", async () => {
    await fc.assert(
      fc.asyncProperty(ops, (seq) => runSequence(seq)),
      { numRuns: 80 },
    );
  }, 120_000);

  test('a failure at the second file: the first stays written, recorded, and rollback undoes it', async () => {
    await runSequence([
      { kind: 'apply', variant: 1, masks: [3, 3, 3], failAt: 1 },
      { kind: 'edit', file: 0, key: 'x', value: 7, entry: false },
      { kind: 'rollback' },
      { kind: 'rollback' },
    ]);
  });
});
