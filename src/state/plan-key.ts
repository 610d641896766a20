import path from 'node:path';
import { makeDir } from '../fs/make-dir.js';
import { readFileIfExists, writeError } from '../apply/write.js';
import { McpoError } from '../errors.js';
import { nodeCrypto } from '../node-crypto.js';
import { parseHexKey, placeKeyOnce } from './key-file.js';

/**
 * The per-machine key that signs saved plans (`plan-key` in the state folder, mode 0600).
 * Only `mcpo plan --out` creates it; `mcpo apply FILE` only reads it, so a plan made on another
 * machine (or by hand) can never be verified here.
 */
export function planKeyPath(stateDir: string): string {
  return path.join(stateDir, 'plan-key');
}

/** The key, or null when this machine never saved a plan. */
export function readPlanKey(stateDir: string): Buffer | null {
  const file = planKeyPath(stateDir);
  const text = readFileIfExists(file);
  return text === null ? null : parseKey(text, file);
}

/**
 * The key, created on first use (a race of two processes is settled by placeKeyOnce).
 */
export function loadOrCreatePlanKey(stateDir: string): Buffer {
  const existing = readPlanKey(stateDir);
  if (existing) return existing;
  const file = planKeyPath(stateDir);
  try {
    makeDir(stateDir, 0o700);
  } catch (err) {
    throw writeError(stateDir, err, 'check the permissions of the mcpo state folder');
  }
  placeKeyOnce(
    file,
    nodeCrypto().randomBytes(32),
    'check the permissions of the mcpo state folder',
  );
  return parseKey(readFileIfExists(file) ?? '', file);
}

function parseKey(text: string, file: string): Buffer {
  const key = parseHexKey(text);
  if (!key) {
    throw new McpoError('state-corrupt', `The mcpo plan key ${file} is damaged.`, {
      hint: 'delete it, then save plans again with `mcpo plan --out FILE` (older plan files stop working)',
    });
  }
  return key;
}
