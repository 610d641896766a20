import type { FieldChange, Plan, ServerChange, TargetPlan } from '../types.js';
import { SENSITIVE } from '../secrets/tokens.js';
import { maskValue } from '../secrets/redact.js';
import { sameValue } from '../plan/fields.js';
import { secretEnvVar } from '../secrets/resolve.js';
import { summarize, takeOvers } from '../plan/summary.js';
import { formatLoc } from '../errors.js';
import { tildePath } from '../context.js';
import type { Colors } from './colors.js';
import { noticeLines } from './notices.js';

/**
 * Terraform-like text view of a plan. Values in a Plan are already masked or tokenized.
 * `keychainNote`: why the keychain could not be read, said once under the secrets it concerns.
 */
export function renderPlanText(
  plan: Plan,
  c: Colors,
  home: string,
  stackArg = '',
  keychainNote?: string,
): string {
  return [...planTextChunks(plan, c, home, stackArg, keychainNote)].join('');
}

/** Lines per piece of planTextChunks: small enough to die young, large enough to write few times. */
const CHUNK_LINES = 2000;

/**
 * renderPlanText's text in pieces, for printing as it is made: at 5000 servers x 18 clients the
 * text is ~25 MB, and its lines, the joined string and its bytes, all held at once, were a large
 * share of apply's peak memory. O(changes); each piece O(CHUNK_LINES).
 */
export function* planTextChunks(
  plan: Plan,
  c: Colors,
  home: string,
  stackArg = '',
  keychainNote?: string,
): Generator<string> {
  let lines: string[] = [];
  const tilde = (p: string) => tildePath(p, home);
  for (const t of plan.targets) {
    // Entries another stack file manages are shown too, so the user sees whose they are, and
    // unchanged entries apply takes over, so that no take-over happens unannounced.
    const visible = t.changes.filter((ch) => ch.action !== 'noop' || ch.owner || ch.adopt);
    if (!visible.length) continue;
    lines.push(
      c.bold(`${t.client} (${t.scope}) ${tilde(t.path)}${t.exists ? '' : c.dim(' (new file)')}`) +
        readersNote(t, c),
    );
    for (const ch of visible) {
      lines.push(...renderChange(ch, c, tilde));
      if (lines.length >= CHUNK_LINES) {
        yield `${lines.join('\n')}\n`;
        lines = [];
      }
    }
    if (t.gateway) lines.push(...gatewayLines(t.gateway, c));
    lines.push('');
  }
  lines.push(...skippedLines(plan, c));
  if (plan.skipped.length) lines.push('');
  if (plan.missingSecrets.length) {
    lines.push(
      c.yellow('Secrets without a value (apply needs them; on a terminal, apply asks for them):'),
    );
    for (const n of plan.missingSecrets)
      lines.push(`  ${n}: ${secretSetCommand(n, stackArg)}   (or export ${secretEnvVar(n)}=...)`);
    if (keychainNote) lines.push(c.dim(`  Not looked up in the keychain: ${keychainNote}`));
    lines.push('');
  }
  if (plan.envVars?.length) {
    lines.push(
      c.yellow(
        'Environment variables the clients read secrets from (export them where the client starts):',
      ),
    );
    for (const v of plan.envVars)
      lines.push(`  ${v.name}: secret ${v.secret}, for ${v.targets.join(', ')}`);
    lines.push('');
  }
  const notes = noticeLines(plan.notices, c);
  if (notes.length) lines.push(...notes.slice(1), '');
  lines.push(summaryLine(plan, c));
  yield `${lines.join('\n')}\n`;
}

/** A file other clients read too: every change there is seen by all of them. */
function readersNote(t: TargetPlan, c: Colors): string {
  const others = (t.readers ?? []).filter((id) => id !== t.client);
  return others.length ? c.dim(` (also read by ${others.join(', ')})`) : '';
}

/** What `plan --diff` prints after the diff: the skipped targets and the summary line. */
export function renderPlanFooter(plan: Plan, c: Colors): string {
  return [...skippedLines(plan, c), summaryLine(plan, c)].join('\n') + '\n';
}

function skippedLines(plan: Plan, c: Colors): string[] {
  const line = skippedLine('Skipped', plan.skipped);
  return line ? [c.dim(line)] : [];
}

/**
 * The targets left out because their client does not look installed, said once on one line
 * (`mcpo clients` shows where each client was looked for). Every skip today has that reason.
 */
export function skippedLine(
  verb: string,
  skipped: Plan['skipped'],
  purpose = 'write',
): string | undefined {
  if (!skipped.length) return undefined;
  const them = skipped.length === 1 ? 'it' : 'them';
  return `${verb} (client not installed here): ${skipped.map((s) => `${s.client} (${s.scope})`).join(', ')}. Use --force, or set \`path:\` on the target, to ${purpose} ${them} anyway.`;
}

/** With errors, apply writes nothing: "No changes." would say all is well, so it is not said. */
function summaryLine(plan: Plan, c: Colors): string {
  const s = summarize(plan);
  const taken = takeOvers(plan);
  const counts = `${s.add} to add, ${s.change} to change, ${s.remove} to remove${taken ? `, ${taken} to take over unchanged` : ''}`;
  if (plan.errors.length) {
    const n = plan.errors.length;
    return c.red(
      `Plan: ${counts}, and ${n} error${n === 1 ? '' : 's'} (apply writes nothing until ${n === 1 ? 'it is' : 'they are'} fixed).`,
    );
  }
  return s.add + s.change + s.remove + taken === 0 ? c.green('No changes.') : `Plan: ${counts}.`;
}

/** The command that stores a secret in the keychain; `stackArg` is `--stack FILE` when not the default. */
export function secretSetCommand(name: string, stackArg = ''): string {
  return `mcpo secret set ${name}${stackArg ? ' ' + stackArg : ''}`;
}

/** Plan errors, for standard error: one sentence each, with the fix. */
export function renderPlanErrors(plan: Plan, c: Colors): string {
  const lines = plan.errors.map(
    (e) =>
      c.red(`Error: ${e.loc ? formatLoc(e.loc) + ': ' : ''}${e.message}`) +
      (e.hint ? ` Fix: ${e.hint}.` : ''),
  );
  lines.push(
    `The plan has ${plan.errors.length} error${plan.errors.length === 1 ? '' : 's'}; apply would write nothing.`,
  );
  return lines.join('\n') + '\n';
}

function renderChange(ch: ServerChange, c: Colors, tilde: (p: string) => string): string[] {
  const notes = [ch.drift ? 'changed outside mcpo' : '', ownerNote(ch, tilde)].filter(Boolean);
  const note = notes.length ? c.yellow(`  (${notes.join('; ')})`) : '';
  if (ch.action === 'noop')
    return [c.dim(`  = ${ch.server}`) + note, ...ch.fields.map((f) => `      ${fieldLine(f)}`)];
  if (ch.action === 'create') {
    const after = maskValue(ch.after ?? {});
    return [
      c.green(`  + ${ch.server}`) + note,
      ...Object.entries(after).map(([k, v]) => `      ${k}: ${show(v)}`),
    ];
  }
  if (ch.action === 'delete') return [c.red(`  - ${ch.server}`) + note];
  return [c.yellow(`  ~ ${ch.server}`) + note, ...ch.fields.map((f) => `      ${fieldLine(f)}`)];
}

/** Who owns the entry: another stack file (left to it, or taken over), or nobody (adopted). */
function ownerNote(ch: ServerChange, tilde: (p: string) => string): string {
  // Left to its owner, a change is a noop without adopt; taken over, it adopts or creates.
  const taken = ch.adopt || ch.action !== 'noop';
  if (ch.owner)
    return `managed by the stack ${tilde(ch.owner)}${taken ? '; --take-over: will be taken over' : ''}`;
  return ch.adopt ? 'not created by mcpo; will be taken over' : '';
}

/**
 * A sensitive field shows its masked values when they still tell the change (`--token=(sensitive)`
 * gained a `--verbose`), else only that it changes: `(sensitive, changed)`.
 */
function fieldLine(f: FieldChange): string {
  const opaque = f.before === SENSITIVE || f.after === SENSITIVE || sameValue(f.before, f.after);
  if (f.sensitive && opaque) {
    const what =
      f.before === undefined
        ? SENSITIVE
        : f.after === undefined
          ? '(sensitive, removed)'
          : '(sensitive, changed)';
    return `${f.before === undefined ? '+' : f.after === undefined ? '-' : '~'} ${f.path}: ${what}`;
  }
  if (f.before === undefined) return `+ ${f.path}: ${show(f.after)}`;
  if (f.after === undefined) return `- ${f.path}: ${show(f.before)}`;
  return `~ ${f.path}: ${show(f.before)} -> ${show(f.after)}`;
}

function show(v: unknown): string {
  return v === SENSITIVE ? SENSITIVE : JSON.stringify(v);
}

export function targetLabel(t: TargetPlan): string {
  return `${t.client} (${t.scope})`;
}

/** Under a gateway target: what its gateway serves, and the names it prefixes (known from the lock). */
function gatewayLines(g: NonNullable<TargetPlan['gateway']>, c: Colors): string[] {
  const out = [c.dim(`    through the gateway: ${g.servers.join(', ') || '(no active server)'}`)];
  if (g.renamed.length)
    out.push(
      c.dim(
        `    renamed where two servers offer a name: ${g.renamed.map((r) => `${r.as} (${r.server}'s ${r.name})`).join(', ')}`,
      ),
    );
  return out;
}
