import { describe, expect, test } from '@jest/globals';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { backupFile } from '../src/apply/backup.js';
import type { ApplyRecord, StateData } from '../src/state/contract.js';
import { MAX_APPLIES, StateStore } from '../src/state/store.js';

const tmp = (): string => fs.mkdtempSync(path.join(os.tmpdir(), 'mcpo-'));
const record = (id: string): ApplyRecord => ({
  id,
  time: new Date().toISOString(),
  stack: '/s.yaml',
  files: [],
  stateBefore: '',
});

describe('StateStore', () => {
  test('state and apply history past the 16 MiB bound for client files are read (large stacks)', () => {
    // 20 applies of 1000 servers x 18 clients each keep a copy of a ~3 MB state.
    const dir = path.join(tmp(), 'state');
    const store = new StateStore(dir);
    const big = 'x'.repeat(17 * 1024 * 1024);
    const files: StateData['files'] = {};
    files['/a.json#mcpServers'] = {
      path: '/a.json',
      client: 'cursor',
      scope: 'user',
      entriesPath: ['mcpServers'],
      entries: {},
    };
    store.save({ version: 1, files });
    fs.writeFileSync(
      store.statePath,
      fs.readFileSync(store.statePath, 'utf8').trimEnd() + ' '.repeat(big.length) + '\n',
    );
    store.recordApply({ ...record('20260101T000000Z-00000000'), stateBefore: big });
    expect(fs.statSync(store.appliesPath).size).toBeGreaterThan(16 * 1024 * 1024);
    expect(store.readApplies().map((r) => r.stateBefore.length)).toEqual([big.length]);
    expect(Object.keys(store.load().files)).toEqual(['/a.json#mcpServers']);
  });

  test('a missing state is empty', () => {
    expect(new StateStore(path.join(tmp(), 'none')).load()).toEqual({ version: 1, files: {} });
  });

  test('save then load round-trips, private modes', () => {
    const dir = path.join(tmp(), 'state');
    const store = new StateStore(dir);
    const data: StateData = {
      version: 1,
      files: {
        '/a.json#mcpServers': {
          path: '/a.json',
          client: 'cursor',
          scope: 'user',
          entriesPath: ['mcpServers'],
          entries: { fs: { stack: '/s.yaml', fingerprint: 'hmac-sha256:00' } },
        },
      },
    };
    store.save(data);
    expect(store.load()).toEqual(data);
    expect(fs.statSync(store.statePath).mode & 0o777).toBe(0o600);
    expect(fs.statSync(dir).mode & 0o777).toBe(0o700);
    expect(fs.readdirSync(dir)).toEqual(['state.json']); // no temp files left
  });

  test('a corrupt state is a clear error with a hint', () => {
    const dir = tmp();
    fs.writeFileSync(path.join(dir, 'state.json'), '{"version":1,');
    let error: unknown;
    try {
      new StateStore(dir).load();
    } catch (err) {
      error = err;
    }
    expect(error).toMatchObject({ code: 'state-corrupt', hint: expect.stringContaining('delete') });
  });

  test('a newer state version is refused', () => {
    const dir = tmp();
    fs.writeFileSync(path.join(dir, 'state.json'), '{"version":2,"files":{}}');
    expect(() => new StateStore(dir).load()).toThrow(
      expect.objectContaining({ code: 'state-version' }),
    );
  });

  test('keeps the last 20 applies and prunes the older backups', () => {
    const dir = tmp();
    const store = new StateStore(dir);
    for (let i = 0; i < MAX_APPLIES + 5; i++) {
      const id = `a${String(i).padStart(2, '0')}`;
      backupFile(dir, id, 0, '/x/config.json', `{"n":${i}}`);
      store.recordApply(record(id));
    }
    const ids = store.readApplies().map((r) => r.id);
    expect(ids).toHaveLength(MAX_APPLIES);
    expect(ids[0]).toBe('a05');
    expect(ids.at(-1)).toBe('a24');
    expect(fs.readdirSync(path.join(dir, 'backups')).sort()).toEqual(ids);
    expect(fs.statSync(store.appliesPath).mode & 0o777).toBe(0o600);
  });

  test('dropLastApply removes the newest record and its backups', () => {
    const dir = tmp();
    const store = new StateStore(dir);
    for (const id of ['a1', 'a2']) {
      backupFile(dir, id, 0, '/x/c.json', '{}');
      store.recordApply(record(id));
    }
    expect(store.dropLastApply()?.id).toBe('a2');
    expect(store.readApplies().map((r) => r.id)).toEqual(['a1']);
    expect(fs.readdirSync(path.join(dir, 'backups'))).toEqual(['a1']);
    store.dropLastApply();
    expect(store.dropLastApply()).toBeUndefined();
  });
});
