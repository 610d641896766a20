import { resolve } from 'node:path';
import type { Io } from '../io.js';
import type { Problem } from '../types.js';
import { problemJson, type CommandOptions } from './run-command.js';
import { openSession } from './session.js';
import { getClient } from '../clients/index.js';
import { ValidationError } from '../errors.js';
import { desiredServers, unsupported } from '../plan/build.js';

/**
 * `mcpo validate`: the stack loads, and every target can express every server it lists.
 * `--json`: `{format_version, file, valid, servers, stacks, targets}` or, when invalid,
 * `{format_version, file, valid: false, problems: [{message, hint?, file?, line?}]}`, exit 1.
 */
export async function run(opts: CommandOptions, io: Io): Promise<number> {
  if (!opts.json) return check(opts, io);
  try {
    return await check(opts, io);
  } catch (e) {
    if (!(e instanceof ValidationError)) throw e;
    const problems = e.problems.map(problemJson);
    io.out(
      JSON.stringify(
        { format_version: 1, file: resolve(opts.stack as string), valid: false, problems },
        null,
        2,
      ) + '\n',
    );
    return 1;
  }
}

async function check(opts: CommandOptions, io: Io): Promise<number> {
  const s = await openSession({
    stack: opts.stack as string,
    project: opts.project as string | undefined,
    secrets: false,
  });
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
  const counts = {
    servers: Object.keys(s.stack.servers).length,
    stacks: Object.keys(s.stack.stacks).length,
    targets: s.stack.targets.length,
  };
  if (opts.json) {
    io.out(
      JSON.stringify({ format_version: 1, file: s.stack.file, valid: true, ...counts }, null, 2) +
        '\n',
    );
    return 0;
  }
  const n = (k: number, w: string) => `${k} ${w}${k === 1 ? '' : 's'}`;
  io.out(
    `${s.stack.file} is valid: ${n(Object.keys(s.stack.servers).length, 'server')}, ${n(Object.keys(s.stack.stacks).length, 'stack')}, ${n(s.stack.targets.length, 'target')}.\n`,
  );
  return 0;
}
