/** `absolute_commands: true`: the server with the absolute command found at load time. */
import type { Problem, ServerSpec, TargetDef } from '../types.js';
import { keepSource } from '../stack/keep-source.js';

export function withAbsoluteCommand(
  server: ServerSpec,
  def: TargetDef | null,
): { server: ServerSpec } | { problem: Problem } {
  const paths = def?.absoluteCommands ? def.commandPaths : undefined;
  if (!paths || !(server.name in paths)) return { server };
  const path = paths[server.name];
  if (path) return { server: keepSource({ ...server, command: path }, server) };
  return {
    problem: {
      code: 'command-not-found',
      message: `Command ${server.command} of server ${server.name} is not on PATH, so the ${def!.client} (${def!.scope}) target cannot write its absolute path (absolute_commands: true).`,
      hint: `install ${server.command}, write its absolute path in the server's command, or run mcpo from a shell where it is on PATH`,
      ...(server.source ? { loc: server.source } : {}),
    },
  };
}
