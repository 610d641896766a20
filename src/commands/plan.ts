import { resolve } from 'node:path';
import type { Io } from '../io.js';
import type { CommandOptions } from './run-command.js';
import { openSession, makePlan, stackArg } from './session.js';
import { planTextChunks, renderPlanErrors, renderPlanFooter } from '../render/plan-text.js';
import { renderPlanJson } from '../render/plan-json.js';
import { colorsFor } from '../render/colors.js';
import { hasChanges } from '../plan/summary.js';
import { McpoError, ValidationError } from '../errors.js';
import type { Plan, Problem } from '../types.js';

/** `mcpo plan`: load -> plan -> render. Never writes a client file. */
export async function run(opts: CommandOptions, io: Io): Promise<number> {
  let loaded: Awaited<ReturnType<typeof loadAndPlan>>;
  try {
    loaded = await loadAndPlan(opts);
  } catch (e) {
    // `--json` readers get a plan document whatever happened: the errors, every other field empty.
    if (!opts.json) throw e;
    io.out(renderPlanJson(failedPlan(opts.stack as string | undefined, e)));
    if (!(e instanceof McpoError)) io.err(e instanceof Error ? (e.stack ?? e.message) : String(e));
    return 1;
  }
  const { s, plan, targets } = loaded;
  // Said once, under the secrets without a value (the only ones the keychain would have given).
  const note = s.resolved.keychainProblem?.message;
  const text = () =>
    planTextChunks(
      plan,
      colorsFor(io.color),
      s.ctx.home,
      stackArg(opts.stack as string | undefined),
      note,
    );
  if (opts.json) io.out(renderPlanJson(plan));
  else if (opts.diff) {
    const { renderPlanDiff } = await import('../render/plan-diff.js');
    io.out(renderPlanDiff(plan, targets, s.secrets, s.stack.secretNames));
    if (note && plan.missingSecrets.length) io.err(`Not looked up in the keychain: ${note}\n`);
    io.out(renderPlanFooter(plan, colorsFor(io.color)));
  } else for (const chunk of text()) io.out(chunk);
  if (opts.out) {
    // Signed with this machine's plan key, so that apply takes only what mcpo planned.
    const { savePlanFile } = await import('../plan/plan-file.js');
    savePlanFile(opts.out as string, plan, s.stateDir);
    io.err(`Saved the plan to ${opts.out}. Apply it with: mcpo apply ${opts.out}`);
  }
  if (plan.errors.length) {
    io.err(renderPlanErrors(plan, colorsFor(io.color)));
    return 1;
  }
  return opts.detailedExitcode && hasChanges(plan) ? 2 : 0;
}

async function loadAndPlan(opts: CommandOptions) {
  const s = await openSession({
    stack: opts.stack as string,
    project: opts.project as string | undefined,
  });
  // A saved plan is applied later, by another process: its digests need the salt on disk. A
  // plain plan writes nothing (store.fingerprinter).
  if (opts.out) s.store.fingerprinter({ persist: true });
  return {
    s,
    ...(await makePlan(s, {
      client: opts.client as string[] | undefined,
      force: Boolean(opts.force),
      takeOver: opts.takeOver,
    })),
  };
}

/** The plan of a stack that did not load: no target, only the errors (as stderr shows them). */
function failedPlan(stack: string | undefined, e: unknown): Plan {
  const errors: Problem[] =
    e instanceof ValidationError
      ? e.problems
      : e instanceof McpoError
        ? [
            {
              code: e.code,
              message: e.message,
              ...(e.hint ? { hint: e.hint } : {}),
              ...(e.loc ? { loc: e.loc } : {}),
            },
          ]
        : [
            {
              code: 'internal',
              message: `internal error (a bug in mcpo): ${e instanceof Error ? e.message : String(e)}`,
            },
          ];
  const file = resolve(stack ?? 'mcp.stack.yaml');
  return {
    formatVersion: 1,
    createdAt: new Date().toISOString(),
    stack: { file, hash: '' },
    targets: [],
    skipped: [],
    errors,
    missingSecrets: [],
    envVars: [],
  };
}

export function keychainWarning(e: McpoError): string {
  return `Warning: secrets not in the environment could not be read from the keychain. ${e.message}${e.hint ? ` Fix: ${e.hint}.` : ''}`;
}
