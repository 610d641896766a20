import type { Io } from '../io.js';
import type { CommandOptions } from './run-command.js';
import { openSession, makePlan, stackArg } from './session.js';
import { buildStatus } from '../status/matrix.js';
import { renderStatusText } from '../render/status-text.js';
import { renderStatusJson } from '../render/status-json.js';
import { colorsFor } from '../render/colors.js';
import { keychainWarning } from './plan.js';

/**
 * `mcpo status`: what each client file holds right now, servers down and targets across.
 * Made from the same plan as `mcpo plan` (load -> plan -> matrix), so the two always agree.
 * Reads only; never writes a client file or the state.
 */
export async function run(opts: CommandOptions, io: Io): Promise<number> {
  const s = await openSession({
    stack: opts.stack as string,
    project: opts.project as string | undefined,
  });
  const { plan, targets, state } = await makePlan(s, {
    client: opts.client as string[] | undefined,
    force: Boolean(opts.force),
  });
  const matrix = buildStatus(plan, targets, s.stack, state, s.secrets);
  if (plan.missingSecrets.length && s.resolved.keychainProblem)
    io.err(keychainWarning(s.resolved.keychainProblem));
  io.out(
    opts.json
      ? renderStatusJson(matrix)
      : renderStatusText(matrix, colorsFor(io.color), stackArg(opts.stack as string | undefined)),
  );
  return 0;
}
