import { rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Io } from '../io.js';
import type { CommandOptions } from './run-command.js';
import { openSession, stackArg } from './session.js';
import { applyFlow } from './apply.js';
import { McpoError } from '../errors.js';
import { LOCAL_OVERRIDE } from '../stack/sources.js';
import { loadStack } from '../stack/load.js';
import { suggestion } from '../stack/suggest.js';
import { stackLoadOptions } from '../stack/load-options.js';
import { NEW_LOCAL_FILE, setUseText } from '../stack/edit-use.js';
import { writeFileSafely } from '../apply/write.js';
import { readTextFile } from '../fs/files.js';

/**
 * `mcpo use STACK... [--client ID] | --all`: records the active workflow stacks in
 * mcp.stack.local.yaml (`use:`), then runs apply's flow (plan, confirm, write). When nothing
 * is applied (cancelled, refused, an error before writing), the local file is put back.
 */
export async function run(opts: CommandOptions, io: Io): Promise<number> {
  const names = (opts.stacks as string[] | undefined) ?? [];
  const all = Boolean(opts.all);
  const clientIds = (opts.client as string[] | undefined) ?? [];
  if (all && names.length) throw new McpoError('bad-arguments', 'Give stack names or --all, not both.', { hint: 'e.g. `mcpo use research`, or `mcpo use --all`' });

  const session = await openSession({ stack: opts.stack as string, project: opts.project as string | undefined, secrets: false });
  const stack = session.stack;
  const defined = Object.keys(stack.stacks);
  if (!all && !names.length) {
    throw new McpoError('bad-arguments', 'Name the workflow stacks to use, or --all to return to every server.', { hint: `defined stacks: ${defined.join(', ') || '(none)'}` });
  }
  for (const name of names) {
    if (!stack.stacks[name]) {
      throw new McpoError('unknown-stack', `Unknown stack \`${name}\`${suggestion(name, defined)}.`, { hint: defined.length ? `defined stacks: ${defined.join(', ')}` : 'define workflow stacks under `stacks:` first' });
    }
  }
  const targeted = [...new Set(stack.targets.map((t) => t.client))];
  for (const id of clientIds) {
    if (!targeted.includes(id)) {
      throw new McpoError('unknown-client', `The stack has no target for client \`${id}\`${suggestion(id, targeted)}.`, { hint: `clients in the stack: ${targeted.join(', ') || '(none)'}` });
    }
  }

  const local = join(dirname(stack.file), LOCAL_OVERRIDE);
  const before = readTextFile(local);
  const next = setUseText(before ?? NEW_LOCAL_FILE, { stacks: all ? 'all' : names, clients: clientIds });
  const changed = next !== (before ?? NEW_LOCAL_FILE);
  if (changed) {
    // Checked with the loader before anything is written: the result must be a valid stack.
    await loadStack(stack.file, { ...stackLoadOptions({ env: session.env, home: session.ctx.home }), projectDir: stack.projectDir, texts: { [local]: next } });
    await writeFileSafely(local, next);
  }
  const who = clientIds.length ? clientIds.join(', ') : 'every client';
  io.err(`${all ? 'Every server is active' : `Active stacks: ${names.join(', ')}`} for ${who} (${changed ? 'saved in' : 'already in'} ${local}).\n`);

  const restore = async (): Promise<void> => {
    if (!changed) return;
    if (before === null) rmSync(local, { force: true });
    else await writeFileSafely(local, before);
    io.err(`${LOCAL_OVERRIDE} was put back as it was.\n`);
  };
  const progress = { writing: false };
  const yesCommand = ['mcpo use', all ? '--all' : names.join(' '), ...clientIds.map((id) => `--client ${id}`), stackArg(opts.stack as string | undefined), '--yes'].filter(Boolean).join(' ');
  let code: number;
  try {
    code = await applyFlow({ ...opts, client: clientIds.length ? clientIds : undefined }, io, { yesCommand, progress });
  } catch (e) {
    if (!progress.writing) await restore();
    throw e;
  }
  if (code !== 0 && !progress.writing) await restore();
  return code;
}
