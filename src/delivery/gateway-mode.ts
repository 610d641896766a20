/**
 * `via: gateway`: the client gets one stdio entry, `mcpo gateway --stack FILE --target ID`, in
 * place of the target's servers; the gateway starts those servers itself, on their first call,
 * with secrets resolved at that moment (as `mcpo run` does for `secrets: launcher`).
 */
import type { ServerSpec, TargetDef } from '../types.js';
import type { LauncherCommand } from './launcher-mode.js';

/** The name of the one entry a gateway target writes. */
export const GATEWAY_ENTRY = 'mcpo';

/** How `--target` names a target: `client:scope` (unique per stack unless two set `path:`). */
export function targetId(def: Pick<TargetDef, 'client' | 'scope'>): string {
  return `${def.client}:${def.scope}`;
}

/** The stdio server the client is given in place of every server of a gateway target. */
export function gatewayServer(
  def: TargetDef,
  stackFile: string,
  launcher: LauncherCommand,
): ServerSpec {
  return {
    name: GATEWAY_ENTRY,
    transport: 'stdio',
    command: launcher.node,
    args: [launcher.entry, 'gateway', '--stack', stackFile, '--target', targetId(def)],
  };
}
