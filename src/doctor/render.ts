/** Human views of a doctor run: one line per server (live on a TTY), then the details. */
import type { Colors } from '../render/colors.js';
import type { ClientFileReport, DoctorReport, ServerReport } from './report.js';
import type { AuthReport } from './auth-report.js';

export function label(r: Pick<ServerReport, 'server' | 'source'>): string {
  return r.source ? `${r.server} [${r.source}]` : r.server;
}

/** `ok  memory  memory-server 1.0 · protocol 2025-06-18 · 9 tools, 0 resources, 0 prompts · ready in 412 ms` */
export function statusLine(r: ServerReport, c: Colors, width = 0): string {
  // Names padded to the longest, so the columns after them line up.
  const name = c.bold(label(r)) + ' '.repeat(Math.max(0, width - label(r).length));
  if (!r.ok) return `${c.red('FAIL')} ${name}  ${r.failure!.kind}: ${r.failure!.message}`;
  const info = r.serverInfo ? `${r.serverInfo.name} ${r.serverInfo.version}` : 'unnamed server';
  const n = r.counts!;
  const parts = [
    info,
    r.protocolVersion ? `protocol ${r.protocolVersion}` : '',
    [count(n.tools, 'tool'), count(n.resources, 'resource'), count(n.prompts, 'prompt')].join(', '),
    `ready in ${r.readyMs} ms`,
  ];
  return `${r.warnings.length ? c.yellow('ok! ') : c.green('ok  ')} ${name}  ${parts.filter(Boolean).join(' · ')}`;
}

/** Details below the lines: each failure's fix and stderr, and every warning. */
export function renderDetails(report: DoctorReport, c: Colors): string {
  const out: string[] = [];
  for (const f of report.clientFiles) out.push(clientLine(f, c));
  for (const r of report.servers) {
    if (r.failure) {
      out.push(`${c.red('✗')} ${c.bold(label(r))}: ${r.failure.message}`);
      // The line the message already quotes (its last stderr line) is not printed a second time.
      for (const l of r.failure.stderr ?? [])
        if (!r.failure.message.includes(l)) out.push(c.dim(`    stderr | ${l}`));
      if (r.auth) out.push(...authLines(r.auth, c));
      out.push(`    Fix: ${r.failure.fix}.`);
    }
    for (const w of r.warnings) out.push(`${c.yellow('!')} ${c.bold(label(r))}: ${w}.`);
  }
  const failed =
    report.servers.filter((r) => !r.ok).length + report.clientFiles.filter((f) => !f.ok).length;
  out.push(
    failed
      ? c.red(`${failed} check${failed === 1 ? '' : 's'} failed.`)
      : c.green(
          `All ${report.servers.length} server${report.servers.length === 1 ? '' : 's'} answered.`,
        ),
  );
  return out.join('\n') + '\n';
}

/** One line per step of the OAuth discovery, as the client in question goes through it. */
function authLines(a: AuthReport, c: Colors): string[] {
  const mark = { ok: c.green('ok  '), warn: c.yellow('warn'), fail: c.red('FAIL') };
  return [
    `    OAuth, as ${a.client} meets it:`,
    ...a.checks.map((k) => `      ${mark[k.status]} ${k.message}`),
  ];
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
