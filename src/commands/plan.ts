import { writeFileSync } from 'node:fs';
import type { Io } from '../io.js';
import type { CommandOptions } from './run-command.js';
import { openSession, makePlan, stackArg } from './session.js';
import { renderPlanErrors, renderPlanFooter, renderPlanText } from '../render/plan-text.js';
import { renderPlanJson } from '../render/plan-json.js';
import { colorsFor } from '../render/colors.js';
import { hasChanges } from '../plan/summary.js';
import type { McpoError } from '../errors.js';

/** `mcpo plan`: load -> plan -> render. Never writes a client file. */
export async function run(opts: CommandOptions, io: Io): Promise<number> {
  const s = await openSession({ stack: opts.stack as string, project: opts.project as string | undefined });
  const { plan, targets } = await makePlan(s, { client: opts.client as string[] | undefined, force: Boolean(opts.force) });
  const text = () => renderPlanText(plan, colorsFor(io.color), s.ctx.home, stackArg(opts.stack as string | undefined));
  if (plan.missingSecrets.length && s.resolved.keychainProblem) io.err(keychainWarning(s.resolved.keychainProblem));
  if (opts.json) io.out(renderPlanJson(plan));
  else if (opts.diff) {
    const { renderPlanDiff } = await import('../render/plan-diff.js');
    io.out(renderPlanDiff(plan, targets, s.secrets, s.stack.secretNames));
    io.out(renderPlanFooter(plan, colorsFor(io.color)));
  } else io.out(text());
  if (opts.out) {
    // A saved plan holds secret references (tokens) and salted digests, never secret values.
    writeFileSync(opts.out as string, JSON.stringify(plan, null, 2) + '\n', { mode: 0o600 });
    io.err(`Saved the plan to ${opts.out}. Apply it with: mcpo apply ${opts.out}`);
  }
  if (plan.errors.length) {
    io.err(renderPlanErrors(plan, colorsFor(io.color)));
    return 1;
  }
  return opts.detailedExitcode && hasChanges(plan) ? 2 : 0;
}

export function keychainWarning(e: McpoError): string {
  return `Warning: secrets not in the environment could not be read from the keychain. ${e.message}${e.hint ? ` Fix: ${e.hint}.` : ''}`;
}
