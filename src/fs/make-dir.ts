import fs from 'node:fs';
import path from 'node:path';

/** How many missing folders are created at most above (and including) the one asked for. */
const MAX_NEW_LEVELS = 16;

/**
 * `mkdir -p` one level at a time, at most MAX_NEW_LEVELS levels, for every folder mcpo creates
 * (src/loader.cjs does the same for the code cache): Node's `recursive: true` loops forever under
 * /proc (mkdir answers ENOENT for the child and EEXIST for the parent, over and over), so an
 * XDG_STATE_HOME or a client path there hung apply. Here the first mkdir that fails throws.
 */
export function makeDir(dir: string, mode?: number): void {
  const missing: string[] = [];
  for (let d = path.resolve(dir); ; d = path.dirname(d)) {
    try {
      if (fs.statSync(d).isDirectory()) break;
    } catch {
      // missing (or unreachable: its mkdir below says why)
    }
    if (missing.length === MAX_NEW_LEVELS || path.dirname(d) === d) break;
    missing.push(d);
  }
  for (const d of missing.reverse()) {
    try {
      fs.mkdirSync(d, mode === undefined ? {} : { mode });
    } catch (err) {
      // Another process may create it in between: that is success.
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST' || !fs.statSync(d).isDirectory())
        throw err;
    }
  }
}
