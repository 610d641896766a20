/** Human views of a doctor run: one line per server (live on a TTY), then the details. */
import { colorsFor, type Colors } from '../render/colors.js';
import type { ClientFileReport, DoctorReport, ServerReport } from './report.js';
import type { AuthReport } from './auth-report.js';
import type { Progress } from './run-checks.js';

export function label(r: Pick<ServerReport, 'server' | 'source'>): string {
  return r.source ? `${r.server} [${r.source}]` : r.server;
}

/** `ok  memory  memory-server 1.0 · protocol 2025-06-18 · 9 tools, 0 resources, 0 prompts · ready in 412 ms` */
export function statusLine(r: ServerReport, c: Colors): string {
  if (!r.ok) return `${c.red('FAIL')} ${c.bold(label(r))}  ${r.failure!.kind}: ${r.failure!.message}`;
  const info = r.serverInfo ? `${r.serverInfo.name} ${r.serverInfo.version}` : 'unnamed server';
  const n = r.counts!;
  const parts = [info, r.protocolVersion ? `protocol ${r.protocolVersion}` : '', [count(n.tools, 'tool'), count(n.resources, 'resource'), count(n.prompts, 'prompt')].join(', '), `ready in ${r.readyMs} ms`];
  return `${r.warnings.length ? c.yellow('ok! ') : c.green('ok  ')} ${c.bold(label(r))}  ${parts.filter(Boolean).join(' · ')}`;
}

/**
 * Progress. On a terminal (stderr; `write` ends each text with a newline) each server has one
 * line, rewritten in place when its check ends; elsewhere (pipes, CI logs) a plain line is
 * printed as each check ends.
 */
export function progressPrinter(names: string[], write: (text: string) => void, live: boolean, c: Colors, columns = 80): Progress {
  if (!live) return { started: () => {}, finished: (_i, r) => write(statusLine(r, c) + '\n') };
  let printed = false;
  return {
    started: () => {
      if (printed) return;
      printed = true;
      write(names.map((n) => `${c.dim('... ')} ${n}  checking\n`).join(''));
    },
    finished: (i, r) => {
      const up = names.length - i;
      const down = up - 1;
      // Up to the server's line, clear it, write it, back down; `write` ends the line (a newline).
      write(`\x1b[${up}A\r\x1b[2K${fit(r, c, columns)}${down ? `\x1b[${down}B` : ''}`);
    },
  };
}

/** A wrapped line would break the cursor movements: too long, it is shortened (without colour). */
function fit(r: ServerReport, c: Colors, columns: number): string {
  const plain = statusLine(r, colorsFor(false));
  return plain.length < columns ? statusLine(r, c) : plain.slice(0, Math.max(10, columns - 2)) + '…';
}

/** Details below the lines: each failure's fix and stderr, and every warning. */
export function renderDetails(report: DoctorReport, c: Colors): string {
  const out: string[] = [];
  for (const f of report.clientFiles) out.push(clientLine(f, c));
  for (const r of report.servers) {
    if (r.failure) {
      out.push(`${c.red('✗')} ${c.bold(label(r))}: ${r.failure.message}`);
      for (const l of r.failure.stderr ?? []) out.push(c.dim(`    stderr | ${l}`));
      if (r.auth) out.push(...authLines(r.auth, c));
      out.push(`    Fix: ${r.failure.fix}.`);
    }
    for (const w of r.warnings) out.push(`${c.yellow('!')} ${c.bold(label(r))}: ${w}.`);
  }
  const failed = report.servers.filter((r) => !r.ok).length + report.clientFiles.filter((f) => !f.ok).length;
  out.push(failed ? c.red(`${failed} check${failed === 1 ? '' : 's'} failed.`) : c.green(`All ${report.servers.length} server${report.servers.length === 1 ? '' : 's'} answered.`));
  return out.join('\n') + '\n';
}

/** One line per step of the OAuth discovery, as the client in question goes through it. */
function authLines(a: AuthReport, c: Colors): string[] {
  const mark = { ok: c.green('ok  '), warn: c.yellow('warn'), fail: c.red('FAIL') };
  return [`    OAuth, as ${a.client} meets it:`, ...a.checks.map((k) => `      ${mark[k.status]} ${k.message}`)];
}

function clientLine(f: ClientFileReport, c: Colors): string {
  const head = `${f.ok ? c.green('ok  ') : c.red('FAIL')} ${c.bold(`${f.client} (${f.scope})`)}  ${f.path}${f.exists ? '' : ' (absent)'}`;
  const lines = [head];
  if (f.failure) lines.push(`    ${f.failure.message}`, `    Fix: ${f.failure.fix}.`);
  for (const w of f.warnings) lines.push(`    ${c.yellow('!')} ${w}.`);
  for (const n of f.notes) lines.push(`    ${c.dim('note:')} ${n}.`);
  return lines.join('\n');
}

const count = (n: number, noun: string) => `${n} ${noun}${n === 1 ? '' : 's'}`;
