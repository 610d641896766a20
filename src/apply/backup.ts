import fs from 'node:fs';
import path from 'node:path';
import { makeDir } from '../fs/make-dir.js';
import { McpoError } from '../errors.js';
import { nodeCrypto } from '../node-crypto.js';
import { writeError } from './write.js';

/** A sortable, file-name-safe apply id, e.g. `20250101T120000Z-3f9a1c2b`. */
export function newApplyId(now: Date = new Date()): string {
  const stamp = now
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');
  return `${stamp}-${nodeCrypto().randomBytes(4).toString('hex')}`;
}

/** Folder names that newApplyId makes: the only backup folders mcpo ever removes on its own. */
export const APPLY_ID_RE = /^\d{8}T\d{6}Z-[0-9a-f]{8}$/;

export function backupDir(stateDir: string, applyId: string): string {
  // The id becomes a folder name that prune and rollback delete: never let it escape.
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(applyId)) {
    throw new McpoError(
      'internal',
      `Invalid apply id ${JSON.stringify(applyId)} (this is a bug in mcpo).`,
    );
  }
  return path.join(stateDir, 'backups', applyId);
}

/**
 * Saves the previous content of a client file (its raw bytes) before apply overwrites it, as
 * `<stateDir>/backups/<applyId>/<index>-<basename>`. Client files can hold inline secrets,
 * so folders are 0700 and the file 0600. The copy is fsynced: rollback relies on it.
 */
export function backupFile(
  stateDir: string,
  applyId: string,
  index: number,
  file: string,
  content: Buffer | string,
): string {
  const dir = backupDir(stateDir, applyId);
  const backup = path.join(dir, `${index}-${path.basename(file)}`);
  try {
    writePrivate(stateDir, dir, backup, content);
  } catch (err) {
    throw writeError(backup, err, `check the permissions of the mcpo state folder ${stateDir}`);
  }
  return backup;
}

function writePrivate(
  stateDir: string,
  dir: string,
  backup: string,
  content: Buffer | string,
): void {
  for (const d of [stateDir, path.dirname(dir), dir]) {
    makeDir(d, 0o700);
    fs.chmodSync(d, 0o700);
  }
  const fd = fs.openSync(backup, 'w', 0o600);
  try {
    fs.fchmodSync(fd, 0o600); // the file may have existed with another mode
    fs.writeFileSync(fd, content);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}
