/**
 * Each gateway session keeps a small status file, `<state dir>/gateway/<pid>[-<n>].json` (0600, no
 * secrets: errors are masked first), rewritten shortly after its figures change and removed when
 * it ends (`-<n>`: the daemon's n-th session). `mcpo gateway status` reads them; files of
 * processes that died are removed there.
 */
import { mkdirSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { isProcessAlive } from '../pid.js';
import type { BackendStatus } from './stats.js';

const WRITE_DELAY_MS = 200;

/** One running gateway: which client session it serves and its backends. */
export interface GatewayStatus {
  pid: number;
  stack: string;
  target: string;
  startedAt: string;
  backends: BackendStatus[];
}

export class StatusFile {
  private timer?: NodeJS.Timeout;
  private readonly file: string;

  constructor(
    dir: string,
    private readonly header: Omit<GatewayStatus, 'backends'>,
    private readonly backends: () => BackendStatus[],
    key = String(header.pid),
  ) {
    this.file = join(dir, `${key}.json`);
    try {
      mkdirSync(dir, { recursive: true, mode: 0o700 });
    } catch {
      // Status is informative only: a gateway without it still serves.
    }
    this.write();
  }

  /** The figures changed: write them soon, once for a burst of calls. */
  changed(): void {
    this.timer ??= setTimeout(() => {
      this.timer = undefined;
      this.write();
    }, WRITE_DELAY_MS);
    this.timer.unref();
  }

  remove(): void {
    clearTimeout(this.timer);
    rmSync(this.file, { force: true });
  }

  private write(): void {
    try {
      const tmp = `${this.file}.tmp`;
      writeFileSync(tmp, JSON.stringify({ ...this.header, backends: this.backends() }), {
        mode: 0o600,
      });
      renameSync(tmp, this.file);
    } catch {
      // As above: never a reason to fail a call.
    }
  }
}

/** The status of every gateway still running, oldest first; stale files are removed. */
export function readStatuses(
  dir: string,
  alive: (pid: number) => boolean = isProcessAlive,
): GatewayStatus[] {
  let names: string[];
  try {
    names = readdirSync(dir).filter((n) => /^\d+(-\d+)?\.json$/.test(n));
  } catch {
    return [];
  }
  const out: GatewayStatus[] = [];
  for (const n of names) {
    const file = join(dir, n);
    if (!alive(Number.parseInt(n, 10))) {
      rmSync(file, { force: true });
      continue;
    }
    try {
      out.push(JSON.parse(readFileSync(file, 'utf8')) as GatewayStatus);
    } catch {
      // Being replaced right now: the next status shows it.
    }
  }
  return out.sort((a, b) => a.startedAt.localeCompare(b.startedAt) || a.pid - b.pid);
}
