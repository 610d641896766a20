/**
 * `absolute_commands: true` on a target: each stdio server's command is looked up on PATH before
 * planning (by makePlan, the plan's load step), so the planner stays pure and the plan shows the
 * path that will be written. The lookup is a PATH walk with statSync (see
 * src/platform/resolve-command.ts), no child process; commands that only start a server (`mcpo run`)
 * or edit the stack never pay for it.
 */
import type { ServerSpec, Stack, TargetDef } from '../types.js';
import { resolveCommand, type ResolveEnv } from '../platform/resolve-command.js';

/** Sets `commandPaths` on each `absolute_commands` target of `stack`, for the servers `desired` gives. */
export function resolveTargetCommands(
  stack: Stack,
  desired: (t: TargetDef) => ServerSpec[],
  r: ResolveEnv,
): void {
  const cache = new Map<string, string | null>();
  for (const t of stack.targets) {
    if (!t.absoluteCommands) continue;
    const paths: Record<string, string | null> = {};
    for (const server of desired(t)) {
      const command = server.transport === 'stdio' ? server.command : undefined;
      // Paths the user wrote (absolute or relative to a folder) are left as they are.
      if (!command || /[\\/]/.test(command)) continue;
      if (!cache.has(command)) cache.set(command, resolveCommand(command, r)?.absolute ?? null);
      paths[server.name] = cache.get(command)!;
    }
    t.commandPaths = paths;
  }
}
