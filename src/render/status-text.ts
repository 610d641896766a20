import type { CellState, StatusCell, StatusMatrix } from '../status/matrix.js';
import type { Colors } from './colors.js';
import { formatLoc } from '../errors.js';
import { skippedLine } from './plan-text.js';
import { noticeLines } from './notices.js';

const WORDS: Record<CellState, string> = {
  'in-sync': 'in sync',
  drifted: 'drifted',
  missing: 'missing',
  outdated: 'outdated',
  disabled: 'disabled',
  unmanaged: 'unmanaged',
  'not-applicable': '-',
};

const LEGEND: [CellState, string][] = [
  ['in-sync', 'as the stack wants it'],
  ['drifted', 'written by mcpo, then changed outside mcpo'],
  ['missing', 'planned but absent'],
  ['outdated', 'written by mcpo; the stack changed since (apply updates or removes it)'],
  ['disabled', 'present and turned off'],
  ['unmanaged', 'present but not written by mcpo'],
  [
    'not-applicable',
    'not applicable: not targeted at that client, or the client cannot express it',
  ],
];

/** Servers down, clients across; a legend and footnotes below. Names and states only, never values. */
export function renderStatusText(m: StatusMatrix, c: Colors, stackArg = ''): string {
  const paint = (s: CellState, t: string) =>
    s === 'in-sync'
      ? c.green(t)
      : s === 'missing'
        ? c.red(t)
        : s === 'drifted' || s === 'outdated'
          ? c.yellow(t)
          : s === 'unmanaged'
            ? c.cyan(t)
            : c.dim(t);
  const cellText = (cell: StatusCell) =>
    (cell.owner ? 'other stack' : WORDS[cell.state]) + (cell.unknownSecrets ? '*' : '');
  const head = ['SERVER', ...m.columns.map((col) => col.label)];
  const body = m.rows.map((r) => [
    r.inStack ? r.server : `${r.server} (not in stack)`,
    ...r.cells.map(cellText),
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((row) => row[i]!.length)));
  const lines: string[] = [];
  if (!m.columns.length)
    lines.push('No client file to show (no target of the stack could be read).');
  else {
    lines.push(
      c.bold(
        head
          .map((h, i) => h.padEnd(widths[i]!))
          .join('  ')
          .trimEnd(),
      ),
    );
    m.rows.forEach((r, ri) => {
      const cells = body[ri]!.map((t, i) => {
        const padded = t.padEnd(i === body[ri]!.length - 1 ? 0 : widths[i]!);
        return i === 0 ? padded : paint(r.cells[i - 1]!.state, padded);
      });
      lines.push(cells.join('  ').trimEnd());
    });
  }
  // Only the states the matrix shows are explained.
  const shown = new Set(m.rows.flatMap((r) => r.cells.map((cell) => cell.state)));
  const legend = LEGEND.filter(([s]) => shown.has(s));
  if (legend.length) lines.push('');
  for (const [s, text] of legend) lines.push(`  ${paint(s, WORDS[s].padEnd(9))} ${text}`);
  const unknown = [
    ...new Set(m.rows.flatMap((r) => r.cells.flatMap((cell) => cell.unknownSecrets ?? []))),
  ].sort();
  if (unknown.length) {
    lines.push(
      '',
      c.yellow(
        `* compared without ${unknown.join(', ')}: no value on this machine, so a difference in ${unknown.length === 1 ? 'that value' : 'those values'} cannot be seen.`,
      ),
    );
    for (const n of unknown) lines.push(`  mcpo secret set ${n}${stackArg ? ' ' + stackArg : ''}`);
  }
  const owned = m.rows.flatMap((r) =>
    r.cells.flatMap((cell, i) =>
      cell.owner ? [`  ${r.server} in ${m.columns[i]!.label}: ${cell.owner}`] : [],
    ),
  );
  const why =
    'other stack: managed by another stack file, left to it (`--take-over NAME` on plan and apply takes it):';
  if (owned.length) lines.push('', c.dim(why), ...owned);
  if (m.skipped.length || m.errors.length) lines.push('');
  const skipped = skippedLine('Not shown', m.skipped, 'show');
  if (skipped) lines.push(c.dim(skipped));
  for (const e of m.errors)
    lines.push(
      c.red(`Problem: ${e.loc ? formatLoc(e.loc) + ': ' : ''}${e.message}`) +
        (e.hint ? ` Fix: ${e.hint}.` : ''),
    );
  lines.push(...noticeLines(m.notices, c));
  return lines.join('\n') + '\n';
}
