import { resolve } from 'node:path';
import type { Io } from '../io.js';
import type { Plan } from '../types.js';
import type { CommandOptions } from './run-command.js';
import { openSession, makePlan, requireClient, stackArg, type Session } from './session.js';
import { askMissingSecrets, missingSecretsError } from './secret-input.js';
import { openKeychain } from '../secrets/keychain.js';
import { newApplyId } from '../apply/backup.js';
import { planTextChunks, renderPlanErrors, renderPlanText } from '../render/plan-text.js';
import { colorsFor } from '../render/colors.js';
import { hasChanges, summarize, takeOvers } from '../plan/summary.js';
import { applyPlan } from '../apply/apply.js';
import { keepHeapTight } from '../apply/heap.js';
import { dropShownFields } from '../apply/shown.js';
import { type PlanReads, planReadsOf } from '../apply/plan-reads.js';
import { tildePath } from '../context.js';
import { delayedProgress } from '../progress.js';
import { McpoError } from '../errors.js';
import { readPlanFile } from '../plan/plan-file.js';
import { realPathContext } from '../context.js';
import { getClient, loadClients } from '../clients/index.js';

/** `mcpo apply [FILE]`: plan (or read a saved plan), confirm, then execute it exactly. */
export async function run(opts: CommandOptions, io: Io): Promise<number> {
  return applyFlow(opts, io);
}

/** The plan, and what it read from the files (apply then reads them without parsing again). */
async function planNow(
  s: Session,
  opts: CommandOptions,
): Promise<{ plan: Plan; planReads: PlanReads }> {
  const made = await makePlan(s, {
    client: opts.client as string[] | undefined,
    force: Boolean(opts.force),
    takeOver: opts.takeOver,
  });
  return { plan: made.plan, planReads: planReadsOf(made.targets) };
}

/** How another command (`mcpo use`) runs apply's flow. */
export interface ApplyFlowOptions {
  /** The command to suggest when confirmation is needed off a terminal (default `mcpo apply --yes`). */
  yesCommand?: string;
  /** Set to true just before the first file is written, so a caller knows whether anything was. */
  progress?: { writing: boolean };
}

/**
 * Plan (or read a saved plan), show it, ask for missing secrets and confirmation, write.
 * Returns the exit code; a refusal before anything is written throws or returns 1.
 */
export async function applyFlow(
  opts: CommandOptions,
  io: Io,
  flow: ApplyFlowOptions = {},
): Promise<number> {
  const c = colorsFor(io.color);
  const planfile = opts.planfile as string | undefined;
  let s: Session;
  let plan: Plan;
  // What the plan read from the files, so that apply does not parse them again.
  let planReads: PlanReads | undefined;
  if (planfile) {
    if (opts.takeOver) throw takeOverWithPlanFile(planfile);
    // A saved plan may name any client: load them all before checking it (not the plan path).
    await loadClients();
    plan = readPlanFile(planfile, realPathContext(process.env, process.cwd()), getClient);
    s = await openSession({ stack: plan.stack.file, project: opts.project as string | undefined });
    if (s.stack.hash !== plan.stack.hash) {
      throw new McpoError(
        'stale-plan',
        `The stack ${plan.stack.file} changed since ${planfile} was made; nothing was written.`,
        { hint: 'run `mcpo plan --out FILE` again' },
      );
    }
  } else {
    s = await openSession({
      stack: opts.stack as string,
      project: opts.project as string | undefined,
    });
    keepHeapTight(s.stack);
    ({ plan, planReads } = await planNow(s, opts));
  }
  const sArg = planfile ? `--stack ${plan.stack.file}` : stackArg(opts.stack as string | undefined);
  if (plan.errors.length) {
    io.out(renderPlanText(plan, c, s.ctx.home, sArg));
    io.err(renderPlanErrors(plan, c));
    return 1;
  }
  let storeTyped: (() => Promise<void>) | undefined;
  if (plan.missingSecrets.length) {
    if (!io.interactive) {
      io.out(renderPlanText(plan, c, s.ctx.home, sArg));
      throw missingSecretsError(plan.missingSecrets, sArg, s.resolved.keychainProblem);
    }
    // Onboarding: ask for each missing secret, plan again with the values known; they are stored
    // in the keychain only once the apply is confirmed.
    storeTyped = await askMissingSecrets(
      plan.missingSecrets,
      io,
      openKeychain(s.stack.secretsNamespace, s.env),
      s.resolved,
    );
    if (!planfile) ({ plan, planReads } = await planNow(s, opts));
  }
  // Printed piece by piece: a large plan's text is never held whole (see planTextChunks).
  for (const chunk of planTextChunks(plan, c, s.ctx.home, sArg)) io.out(chunk);
  if (plan.errors.length) {
    io.err(
      renderPlanErrors(plan, c) + (storeTyped ? 'The secrets you typed were not stored.\n' : ''),
    );
    return 1;
  }
  const taken = takeOvers(plan);
  const changes = hasChanges(plan);
  if ((changes || taken) && !planfile && !opts.yes) {
    if (!io.interactive) {
      throw new McpoError(
        'needs-confirmation',
        'Not applying without confirmation: this is not a terminal.',
        { hint: `review the plan, then run \`${flow.yesCommand ?? 'mcpo apply --yes'}\`` },
      );
    }
    if (!(await io.confirm('Apply these changes?'))) {
      io.err(
        `Apply cancelled; nothing was written${storeTyped ? ', and the secrets you typed were not stored' : ''}.`,
      );
      return 1;
    }
  }
  await storeTyped?.();
  // Shown and confirmed: what only the plan text needed is let go before the files are written.
  dropShownFields(plan);
  if (flow.progress) flow.progress.writing = true;
  const progress = delayedProgress('writing the client files');
  const result = await applyPlan(plan, {
    store: s.store,
    stateDir: s.stateDir,
    secrets: s.secrets,
    getClient: requireClient,
    applyId: newApplyId(),
    now: new Date().toISOString(),
    planSource: planfile ? resolve(planfile) : 'the plan',
    ...(planReads ? { planReads } : {}),
    onFile: (done, total, path) =>
      progress.update(`writing ${done + 1} of ${total} files: ${tildePath(path, s.ctx.home)}`),
  }).finally(() => progress.stop());
  if (!changes && !taken) return 0;
  const sum = summarize(plan);
  const took = taken ? `, ${taken} taken over unchanged` : '';
  io.out(
    c.green(
      `Apply complete: ${sum.add} added, ${sum.change} changed, ${sum.remove} removed${took}.`,
    ) + '\n',
  );
  const hints = [...new Map(result.written.map((t) => [t.client, t.restartHint])).entries()];
  if (hints.length)
    io.out(
      `Restart to pick up the changes:\n${hints.map(([id, h]) => `  ${id}: ${h}`).join('\n')}\n`,
    );
  return 0;
}

/** A saved plan already says what it takes over; the flag belongs to `mcpo plan --out`. */
function takeOverWithPlanFile(file: string): McpoError {
  const message = `--take-over does not change the saved plan ${file}; nothing was written.`;
  return new McpoError('take-over-with-plan-file', message, {
    hint: 'pass --take-over to `mcpo plan --out FILE` instead, then apply that file',
  });
}
