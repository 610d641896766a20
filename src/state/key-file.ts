import fs from 'node:fs';
import { writeError } from '../fs/errors.js';
import { nodeCrypto } from '../node-crypto.js';

/**
 * Small private key files of the state folder (the fingerprint salt, the plan key): 32 bytes as
 * hex, mode 0600, written once. Two processes may race on first use: each writes a candidate and
 * links it into place; link fails for the loser, and both then read the winner's file.
 */
export function placeKeyOnce(file: string, key: Buffer, hint?: string): void {
  const candidate = `${file}.${process.pid}.${nodeCrypto().randomBytes(4).toString('hex')}`;
  try {
    fs.writeFileSync(candidate, `${key.toString('hex')}\n`, { mode: 0o600, flag: 'wx' });
    fs.linkSync(candidate, file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw writeError(file, err, hint);
  } finally {
    fs.rmSync(candidate, { force: true });
  }
}

/** The key a key file holds, or null when its text is not 64 hex digits (a damaged file). */
export function parseHexKey(text: string): Buffer | null {
  const hex = text.trim();
  return /^[0-9a-f]{64}$/.test(hex) ? Buffer.from(hex, 'hex') : null;
}
