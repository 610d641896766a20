import { describe, expect, test } from '@jest/globals';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { backupFile } from '../src/apply/backup.js';
import { rollbackLastApply } from '../src/apply/rollback.js';
import { readFileIfExists, writeFileSafely } from '../src/apply/write.js';
import type { AppliedFile, StateData } from '../src/state/contract.js';
import { StateStore } from '../src/state/store.js';

const tmp = (): string => fs.mkdtempSync(path.join(os.tmpdir(), 'mcpo-'));
const stateWith = (n: number): StateData => ({ version: 1, files: { [`/f${n}#mcpServers`]: { path: `/f${n}`, client: 'cursor', scope: 'user', entriesPath: ['mcpServers'], entries: {} } } });

/** What apply does, in its order: backup, write, record with the digest of what was written. */
async function fakeApply(store: StateStore, id: string, writes: Record<string, string>, next: StateData): Promise<void> {
  const fp = store.fingerprinter();
  const stateBefore = store.snapshot();
  const files: AppliedFile[] = [];
  let index = 0;
  for (const [file, text] of Object.entries(writes)) {
    const previous = readFileIfExists(file);
    const backup = previous === null ? null : backupFile(store.dir, id, index++, file, previous);
    await writeFileSafely(file, text);
    files.push({ path: file, backup, digestAfter: fp.text(text) });
  }
  store.save(next);
  store.recordApply({ id, time: new Date().toISOString(), stack: '/s.yaml', files, stateBefore });
}

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

    await expect(rollbackLastApply(store, { force: false })).resolves.toEqual({ restored: [a], removed: [b] });
    expect(fs.readFileSync(a, 'utf8')).toBe('a1');
    expect(fs.existsSync(b)).toBe(false);
    expect(store.load()).toEqual(stateWith(1));
    expect(store.readApplies().map((r) => r.id)).toEqual(['id1']);

    await rollbackLastApply(store, { force: false });
    expect(fs.readFileSync(a, 'utf8')).toBe('a0');
    expect(store.load()).toEqual({ version: 1, files: {} });
    await expect(rollbackLastApply(store, { force: false })).rejects.toMatchObject({ code: 'nothing-to-rollback' });
  });

  test('refuses when any file changed since, before restoring any, and --force restores anyway', async () => {
    const { store, a, b } = setup();
    await fakeApply(store, 'id1', { [a]: 'a1', [b]: 'b1' }, stateWith(1));
    fs.writeFileSync(b, 'edited by hand');

    await expect(rollbackLastApply(store, { force: false })).rejects.toMatchObject({
      code: 'rollback-conflict',
      message: `${b} changed since the last apply.`,
      hint: 'run `mcpo rollback --force` to restore it anyway',
    });
    expect(fs.readFileSync(a, 'utf8')).toBe('a1'); // untouched: all files are checked first
    expect(store.load()).toEqual(stateWith(1));
    expect(store.readApplies()).toHaveLength(1);

    await expect(rollbackLastApply(store, { force: true })).resolves.toEqual({ restored: [a], removed: [b] });
    expect(fs.readFileSync(a, 'utf8')).toBe('a0');
    expect(store.readApplies()).toHaveLength(0);
  });

  test('a deleted file counts as changed; force recreates it', async () => {
    const { store, a } = setup();
    await fakeApply(store, 'id1', { [a]: 'a1' }, stateWith(1));
    fs.unlinkSync(a);
    await expect(rollbackLastApply(store, { force: false })).rejects.toMatchObject({ code: 'rollback-conflict' });
    await rollbackLastApply(store, { force: true });
    expect(fs.readFileSync(a, 'utf8')).toBe('a0');
  });

  test('a missing backup stops the rollback before any change', async () => {
    const { store, a, b } = setup();
    await fakeApply(store, 'id1', { [b]: 'b1', [a]: 'a1' }, stateWith(1));
    fs.rmSync(path.join(store.dir, 'backups'), { recursive: true });
    await expect(rollbackLastApply(store, { force: true })).rejects.toMatchObject({ code: 'rollback-no-backup' });
    expect(fs.readFileSync(b, 'utf8')).toBe('b1');
  });

  test('keeps the file mode and a symlink when restoring', async () => {
    const { store, a } = setup();
    const link = path.join(path.dirname(a), 'link.json');
    fs.symlinkSync(a, link);
    fs.chmodSync(a, 0o640);
    await fakeApply(store, 'id1', { [link]: 'a1' }, stateWith(1));
    await rollbackLastApply(store, { force: false });
    expect(fs.lstatSync(link).isSymbolicLink()).toBe(true);
    expect(fs.readFileSync(a, 'utf8')).toBe('a0');
    expect(fs.statSync(a).mode & 0o777).toBe(0o640);
  });
});
