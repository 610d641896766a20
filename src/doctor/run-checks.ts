/**
 * Runs the checks concurrently with a bound, so a whole run takes about as long as the slowest
 * server, and tells a progress listener when each one starts and ends.
 */
import type { ServerSpec } from '../types.js';
import type { ServerReport } from './report.js';

const CONCURRENCY = 8;

export interface Progress {
  started(index: number): void;
  finished(index: number, report: ServerReport): void;
}

export async function runChecks(
  specs: ServerSpec[],
  check: (spec: ServerSpec, index: number) => Promise<ServerReport>,
  progress: Progress,
  limit = CONCURRENCY,
): Promise<ServerReport[]> {
  const out: ServerReport[] = new Array(specs.length);
  let next = 0;
  const worker = async () => {
    while (next < specs.length) {
      const i = next++;
      progress.started(i);
      out[i] = await check(specs[i]!, i);
      progress.finished(i, out[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, specs.length) }, worker));
  return out;
}
