import { describe, expect, test } from '@jest/globals';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { backupFile, newApplyId } from '../src/apply/backup.js';

const tmp = (): string => fs.mkdtempSync(path.join(os.tmpdir(), 'mcpo-'));
const modeOf = (file: string): number => fs.statSync(file).mode & 0o777;

describe('backupFile', () => {
  test('saves the content privately under backups/<applyId>/<n>-<basename>', () => {
    const state = path.join(tmp(), 'state');
    const id = newApplyId(new Date('2025-01-02T03:04:05.678Z'));
    expect(id).toMatch(/^20250102T030405Z-[0-9a-f]{8}$/);
    const backup = backupFile(state, id, 3, '/home/u/.cursor/mcp.json', '{"a":1}');
    expect(backup).toBe(path.join(state, 'backups', id, '3-mcp.json'));
    expect(fs.readFileSync(backup, 'utf8')).toBe('{"a":1}');
    expect(modeOf(backup)).toBe(0o600);
    expect(modeOf(path.dirname(backup))).toBe(0o700);
    expect(modeOf(path.join(state, 'backups'))).toBe(0o700);
    expect(modeOf(state)).toBe(0o700);
  });

  test('refuses an apply id that could escape the backups folder', () => {
    expect(() => backupFile(tmp(), '../x', 0, '/a.json', '')).toThrow(
      expect.objectContaining({ code: 'internal' }),
    );
  });

  test('an unwritable state folder is a clear error', () => {
    const dir = tmp();
    fs.writeFileSync(path.join(dir, 'file'), '');
    expect(() => backupFile(path.join(dir, 'file', 'state'), 'a1', 0, '/a.json', '')).toThrow(
      expect.objectContaining({ code: 'write-failed' }),
    );
  });
});
