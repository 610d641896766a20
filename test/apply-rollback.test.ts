import { describe, expect, test } from '@jest/globals';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { backupFile } from '../src/apply/backup.js';
import { rollbackLastApply, type RollbackOptions } from '../src/apply/rollback.js';
import { getClient } from './helpers/clients.js';
import { readFileIfExists, writeFileSafely } from '../src/apply/write.js';
import type { AppliedFile, StateData } from '../src/state/contract.js';
import { StateStore } from '../src/state/store.js';

const tmp = (): string => fs.mkdtempSync(path.join(os.tmpdir(), 'mcpo-'));
const stateWith = (n: number): StateData => ({
  version: 1,
  files: {
    [`/f${n}#mcpServers`]: {
      path: `/f${n}`,
      client: 'cursor',
      scope: 'user',
      entriesPath: ['mcpServers'],
      entries: { [`s${n}`]: { stack: '/s.yaml', fingerprint: `f${n}` } },
    },
  },
});

/** What apply does, in its order: backup, write, record with the digest of what was written. */
async function fakeApply(
  store: StateStore,
  id: string,
  writes: Record<string, string>,
  next: StateData,
): Promise<void> {
  const fp = store.fingerprinter();
  const stateBefore = store.snapshot();
  const files: AppliedFile[] = [];
  let index = 0;
  for (const [file, text] of Object.entries(writes)) {
    const previous = readFileIfExists(file);
    const modeBefore = previous === null ? null : fs.statSync(file).mode & 0o7777;
    const backup = previous === null ? null : backupFile(store.dir, id, index++, file, previous);
    await writeFileSafely(file, text);
    // As an older mcpo recorded it: no client and no entries, so only whole-file restores.
    files.push({ path: file, backup, digestAfter: fp.text(text), modeBefore });
  }
  store.save(next);
  store.recordApply({ id, time: new Date().toISOString(), stack: '/s.yaml', files, stateBefore });
}

const opts = (force: boolean): RollbackOptions => ({ stack: '/s.yaml', force, getClient });

function setup() {
  const home = tmp();
  const store = new StateStore(path.join(home, 'state'));
  const a = path.join(home, 'a.json');
  const b = path.join(home, 'new', 'b.json');
  fs.writeFileSync(a, 'a0');
  return { store, a, b };
}

describe('rollbackLastApply', () => {
  test('restores changed files, removes created ones, restores the state, one apply at a time', async () => {
    const { store, a, b } = setup();
    await fakeApply(store, 'id1', { [a]: 'a1' }, stateWith(1));
    await fakeApply(store, 'id2', { [a]: 'a2', [b]: 'b2' }, stateWith(2));

    const done = await rollbackLastApply(store, opts(false));
    expect(done.files.map((f) => [f.path, f.action])).toEqual([
      [a, 'restore'],
      [b, 'remove'],
    ]);
    expect(fs.readFileSync(a, 'utf8')).toBe('a1');
    expect(fs.existsSync(b)).toBe(false);
    expect(store.load()).toEqual(stateWith(1));
    expect(store.readApplies().map((r) => r.id)).toEqual(['id1']);

    await rollbackLastApply(store, opts(false));
    expect(fs.readFileSync(a, 'utf8')).toBe('a0');
    expect(store.load()).toEqual({ version: 1, files: {} });
    await expect(rollbackLastApply(store, opts(false))).rejects.toMatchObject({
      code: 'nothing-to-rollback',
    });
  });

  test('a file changed since an old record (no entries) is refused, even with --force, before any change', async () => {
    const { store, a, b } = setup();
    await fakeApply(store, 'id1', { [a]: 'a1', [b]: 'b1' }, stateWith(1));
    fs.writeFileSync(b, 'edited by hand');
    for (const force of [false, true]) {
      await expect(rollbackLastApply(store, opts(force))).rejects.toMatchObject({
        code: 'rollback-conflict',
        message: `${b} changed since that apply, which an older mcpo recorded without its entries; nothing was rolled back.`,
      });
    }
    expect(fs.readFileSync(a, 'utf8')).toBe('a1'); // untouched: all files are checked first
    expect(fs.readFileSync(b, 'utf8')).toBe('edited by hand');
    expect(store.load()).toEqual(stateWith(1));
    expect(store.readApplies()).toHaveLength(1);
  });

  test('a deleted file is a conflict; --force rolls back the others and leaves it deleted', async () => {
    const { store, a, b } = setup();
    await fakeApply(store, 'id1', { [a]: 'a1', [b]: 'b1' }, stateWith(1));
    fs.unlinkSync(a);
    await expect(rollbackLastApply(store, opts(false))).rejects.toMatchObject({
      code: 'rollback-conflict',
    });
    expect(fs.readFileSync(b, 'utf8')).toBe('b1');
    await rollbackLastApply(store, opts(true));
    expect(fs.existsSync(a)).toBe(false);
    expect(fs.existsSync(b)).toBe(false);
  });

  test("rolls back the last apply of the stack it is run for, not the machine's last", async () => {
    const { store, a, b } = setup();
    await fakeApply(store, 'id1', { [a]: 'a1' }, stateWith(1));
    await fakeApply(store, 'id2', { [b]: 'b2' }, stateWith(2));
    const recs = store.readApplies();
    store.recordApply({ ...recs[1]!, stack: '/other.yaml' });
    await rollbackLastApply(store, opts(false));
    expect(fs.readFileSync(a, 'utf8')).toBe('a0');
    expect(fs.readFileSync(b, 'utf8')).toBe('b2');
    expect(store.readApplies().map((r) => r.id)).toEqual(['id2']);
    await expect(rollbackLastApply(store, opts(false))).rejects.toMatchObject({
      code: 'nothing-to-rollback',
      message: 'There is no apply of /s.yaml to roll back.',
    });
  });

  test('a missing backup stops the rollback before any change', async () => {
    const { store, a, b } = setup();
    await fakeApply(store, 'id1', { [b]: 'b1', [a]: 'a1' }, stateWith(1));
    fs.rmSync(path.join(store.dir, 'backups'), { recursive: true });
    await expect(rollbackLastApply(store, opts(true))).rejects.toMatchObject({
      code: 'rollback-no-backup',
    });
    expect(fs.readFileSync(b, 'utf8')).toBe('b1');
  });

  test('restores the file mode of before the apply, and keeps a symlink', async () => {
    const { store, a } = setup();
    const link = path.join(path.dirname(a), 'link.json');
    fs.symlinkSync(a, link);
    fs.chmodSync(a, 0o640);
    await fakeApply(store, 'id1', { [link]: 'a1' }, stateWith(1));
    fs.chmodSync(a, 0o600); // as apply does when it writes a secret inline
    await rollbackLastApply(store, opts(false));
    expect(fs.lstatSync(link).isSymbolicLink()).toBe(true);
    expect(fs.readFileSync(a, 'utf8')).toBe('a0');
    expect(fs.statSync(a).mode & 0o777).toBe(0o640);
  });
});
