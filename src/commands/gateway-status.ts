/**
 * `mcpo gateway status [--json]`: the running gateways (one per client session), each backend's
 * state, calls, errors, cache hits, p50/p95 latency, restarts and last error, from the status
 * files the gateways keep (src/gateway/status-file.ts). Starts nothing, reads no stack.
 */
import { join } from 'node:path';
import type { Io } from '../io.js';
import type { CommandOptions } from './run-command.js';
import { realPathContext } from '../context.js';
import { stateDir } from '../state/dirs.js';
import { readStatuses, type GatewayStatus } from '../gateway/status-file.js';

export async function run(opts: CommandOptions, io: Io): Promise<number> {
  const env = process.env;
  const ctx = realPathContext(env, process.cwd());
  const statuses = readStatuses(
    join(stateDir({ platform: process.platform, env, home: ctx.home }), 'gateway'),
  );
  io.out(
    opts.json
      ? JSON.stringify({ format_version: 1, gateways: statuses }, null, 2) + '\n'
      : renderText(statuses),
  );
  return 0;
}

const ms = (v: number | null) => (v === null ? '-' : `${v < 10 ? v.toFixed(2) : Math.round(v)} ms`);

function renderText(statuses: GatewayStatus[]): string {
  if (!statuses.length)
    return 'No gateway is running (a client with a `via: gateway` target starts one per session).\n';
  const lines: string[] = [];
  for (const g of statuses) {
    lines.push(`${g.target} (pid ${g.pid}, since ${g.startedAt}) ${g.stack}`);
    const rows = g.backends.map((b) => [
      b.server,
      b.running ? 'running' : 'stopped',
      String(b.calls),
      String(b.errors),
      String(b.cacheHits),
      ms(b.p50Ms),
      ms(b.p95Ms),
      String(b.restarts),
      b.lastError ?? '',
    ]);
    const head = [
      'SERVER',
      'STATE',
      'CALLS',
      'ERRORS',
      'CACHE HITS',
      'P50',
      'P95',
      'RESTARTS',
      'LAST ERROR',
    ];
    const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
    for (const r of [head, ...rows])
      lines.push(
        `  ${r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]!))).join('  ')}`.trimEnd(),
      );
    lines.push('');
  }
  return lines.join('\n');
}
