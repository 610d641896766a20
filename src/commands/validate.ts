import type { Io } from '../io.js';
import type { Problem } from '../types.js';
import type { CommandOptions } from './run-command.js';
import { openSession } from './session.js';
import { getClient } from '../clients/index.js';
import { ValidationError } from '../errors.js';

/** `mcpo validate`: the stack loads, and every target can express every server it lists. */
export async function run(opts: CommandOptions, io: Io): Promise<number> {
  const s = await openSession({ stack: opts.stack as string, project: opts.project as string | undefined, secrets: false });
  const problems: Problem[] = [];
  for (const t of s.stack.targets) {
    const adapter = getClient(t.client);
    if (!adapter) continue;
    const names = new Set([...t.stacks.flatMap((n) => s.stack.stacks[n]?.servers ?? []), ...t.servers]);
    for (const name of names) {
      const server = s.stack.servers[name];
      if (!server) continue;
      const r = adapter.render(server);
      if (!r.ok) problems.push({ code: 'unsupported', message: `${r.message} (client ${t.client}, server ${name})`, hint: r.hint, ...(t.source ? { loc: t.source } : {}) });
    }
  }
  if (problems.length) throw new ValidationError(problems);
  const n = (k: number, w: string) => `${k} ${w}${k === 1 ? '' : 's'}`;
  io.out(`${s.stack.file} is valid: ${n(Object.keys(s.stack.servers).length, 'server')}, ${n(Object.keys(s.stack.stacks).length, 'stack')}, ${n(s.stack.targets.length, 'target')}.\n`);
  return 0;
}
