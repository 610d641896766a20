/**
 * `absolute_commands: true` on a target: each stdio server's command is looked up on PATH now, at
 * load time, so the planner stays pure and the plan shows the path that will be written. The
 * lookup is a PATH walk with statSync (see src/doctor/resolve-command.ts), no child process.
 */
import type { ServerSpec, StackDef, TargetDef } from '../types.js';
import { resolveCommand, type ResolveEnv } from '../doctor/resolve-command.js';

export function resolveTargetCommands(targets: TargetDef[], servers: Record<string, ServerSpec>, stacks: Record<string, StackDef>, r: ResolveEnv): void {
  const cache = new Map<string, string | null>();
  for (const t of targets) {
    if (!t.absoluteCommands) continue;
    const names = new Set([...t.stacks.flatMap((s) => stacks[s]?.servers ?? []), ...t.servers]);
    const paths: Record<string, string | null> = {};
    for (const name of names) {
      const command = servers[name]?.transport === 'stdio' ? servers[name]!.command : undefined;
      // Paths the user wrote (absolute or relative to a folder) are left as they are.
      if (!command || /[\\/]/.test(command)) continue;
      if (!cache.has(command)) cache.set(command, resolveCommand(command, r)?.absolute ?? null);
      paths[name] = cache.get(command)!;
    }
    t.commandPaths = paths;
  }
}
