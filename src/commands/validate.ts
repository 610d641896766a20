import type { Io } from '../io.js';
import type { Problem } from '../types.js';
import type { CommandOptions } from './run-command.js';
import { openSession } from './session.js';
import { getClient } from '../clients/index.js';
import { ValidationError } from '../errors.js';
import { desiredServers, unsupported } from '../plan/build.js';

/** `mcpo validate`: the stack loads, and every target can express every server it lists. */
export async function run(opts: CommandOptions, io: Io): Promise<number> {
  const s = await openSession({ stack: opts.stack as string, project: opts.project as string | undefined, secrets: false });
  const problems: Problem[] = [];
  for (const t of s.stack.targets) {
    const adapter = getClient(t.client);
    if (!adapter) continue;
    for (const server of desiredServers(t, s.stack)) {
      const r = adapter.render(server);
      if (!r.ok) problems.push(unsupported(r, t.client, server));
    }
  }
  if (problems.length) throw new ValidationError(problems);
  const n = (k: number, w: string) => `${k} ${w}${k === 1 ? '' : 's'}`;
  io.out(`${s.stack.file} is valid: ${n(Object.keys(s.stack.servers).length, 'server')}, ${n(Object.keys(s.stack.stacks).length, 'stack')}, ${n(s.stack.targets.length, 'target')}.\n`);
  return 0;
}
