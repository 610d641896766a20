/** Which servers a gateway presents: the target's servers that `mcpo use` keeps active. */
import type { Stack, ServerSpec, TargetDef } from '../types.js';
import { activeServers } from '../stack/use.js';
import { targetId } from '../delivery/gateway-mode.js';
import { McpoError } from '../errors.js';

/** The target `--target ID` names: `client:scope`, or `client` alone when it has one target. */
export function findTarget(stack: Stack, id: string): TargetDef {
  const exact = stack.targets.filter((t) => targetId(t) === id);
  const byClient = stack.targets.filter((t) => t.client === id);
  const found = exact[0] ?? (byClient.length === 1 ? byClient[0] : undefined);
  if (found) return found;
  const known = stack.targets.map(targetId);
  throw new McpoError('unknown-target', `There is no target ${id} in ${stack.file}.`, {
    hint: known.length
      ? `use one of: ${known.join(', ')}`
      : 'add the client under `clients:` in the stack file',
  });
}

/**
 * Of `declared` (the target's servers, plan/build.ts `targetServers`), the ones its gateway
 * serves: active under `mcpo use`, not disabled; in the stack's order.
 */
export function gatewayServers(
  stack: Stack,
  target: TargetDef,
  declared: ServerSpec[],
): ServerSpec[] {
  const active = activeServers(stack, target.client);
  return declared.filter((s) => (active === null || active.has(s.name)) && s.disabled !== true);
}
