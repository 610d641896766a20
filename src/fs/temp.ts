import fs from 'node:fs';
import path from 'node:path';
import { isProcessAlive } from '../pid.js';

/**
 * Temp files beside a replaced file are named `.<basename>.mcpo-<pid>-<random>.tmp` and created
 * O_EXCL 0600 by mcpo: the name proves who made it, the pid tells whether its writer still runs.
 */
const TEMP_RE = /^\..+\.mcpo-(\d+)-[0-9a-f]{8}\.tmp$/;

export function tempPath(target: string): string {
  const random = Math.floor(Math.random() * 0x1_0000_0000)
    .toString(16)
    .padStart(8, '0');
  return path.join(
    path.dirname(target),
    `.${path.basename(target)}.mcpo-${process.pid}-${random}.tmp`,
  );
}

/** Creates the temp file for `target`: exclusive, so an existing file is never reused. */
export function openTemp(target: string): { fd: number; tmp: string } {
  for (;;) {
    const tmp = tempPath(target);
    try {
      return { fd: fs.openSync(tmp, 'wx', 0o600), tmp };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
  }
}

/**
 * Removes temp files a killed mcpo left in `dir` (they can hold secret values): only files named
 * like ours, owned by us, regular, whose process is gone. Best effort: never fails a write.
 */
export function removeStaleTemps(dir: string): string[] {
  const removed: string[] = [];
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return removed;
  }
  for (const name of names) {
    const pid = Number(TEMP_RE.exec(name)?.[1] ?? NaN);
    if (!Number.isSafeInteger(pid) || pid === process.pid || isProcessAlive(pid)) continue;
    const file = path.join(dir, name);
    try {
      const st = fs.lstatSync(file);
      if (!st.isFile() || (process.getuid && st.uid !== process.getuid())) continue;
      fs.unlinkSync(file);
      removed.push(file);
    } catch {
      // Gone already, or not ours to remove.
    }
  }
  return removed;
}
