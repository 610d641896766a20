import { rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Io } from '../io.js';
import type { CommandOptions } from './run-command.js';
import { openSession, stackArg } from './session.js';
import { applyFlow } from './apply.js';
import { McpoError } from '../errors.js';
import { LOCAL_OVERRIDE, builtinStackNames } from '../stack/sources.js';
import { activeStacksOf, targetsLeftEmpty } from '../stack/use.js';
import type { Stack } from '../types.js';
import { loadStack } from '../stack/load.js';
import { suggestion } from '../stack/suggest.js';
import { stackLoadOptions } from '../stack/load-options.js';
import { NEW_LOCAL_FILE, setUseText } from '../stack/edit-use.js';
import { writeFileSafely } from '../apply/write.js';
import { readTextFile } from '../fs/files.js';

/**
 * `mcpo use STACK... [--client ID] | --all`, or alone to show the active stacks: records the active workflow stacks in
 * mcp.stack.local.yaml (`use:`), then runs apply's flow (plan, confirm, write). When nothing
 * is applied (cancelled, refused, an error before writing), the local file is put back.
 */
/** `mcpo use` alone: the active stacks of each client the stack targets. */
function activeReport(stack: Stack): string {
  const ids = [...new Set(stack.targets.map((t) => t.client))];
  if (!ids.length) return 'The stack targets no client yet.\n';
  const width = Math.max(...ids.map((id) => id.length));
  const lines = ids.map((id) => `  ${id.padEnd(width)}  ${label(activeStacksOf(stack, id))}`);
  const defined = Object.keys(stack.stacks);
  return `Active stacks:\n${lines.join('\n')}\nSwitch with \`mcpo use STACK...\` (defined: ${defined.join(', ') || 'none'}), or \`mcpo use --all\`.\n`;
}

/** `mcpo use --json`: `{format_version, stack_file, defined, clients: [{client, active}]}`. */
function activeJson(stack: Stack): string {
  const ids = [...new Set(stack.targets.map((t) => t.client))];
  const clients = ids.map((id) => ({ client: id, active: activeStacksOf(stack, id) }));
  return (
    JSON.stringify(
      { format_version: 1, stack_file: stack.file, defined: Object.keys(stack.stacks), clients },
      null,
      2,
    ) + '\n'
  );
}

function label(active: string[] | 'all'): string {
  return active === 'all' ? 'all (every server)' : active.join(', ') || '(none)';
}

/** An unknown name; a built-in stack's name gets the include that brings it in. */
function unknownStack(name: string, defined: string[], file: string): McpoError {
  const builtin = builtinStackNames().includes(name);
  const hint = builtin
    ? `\`${name}\` is a built-in stack: add \`include: [${name}]\` to ${file}, then run \`mcpo use ${name}\` again`
    : defined.length
      ? `defined stacks: ${defined.join(', ')}`
      : 'define workflow stacks under `stacks:` first';
  return new McpoError('unknown-stack', `Unknown stack \`${name}\`${suggestion(name, defined)}.`, {
    hint,
  });
}

export async function run(opts: CommandOptions, io: Io): Promise<number> {
  const names = (opts.stacks as string[] | undefined) ?? [];
  const all = Boolean(opts.all);
  const clientIds = (opts.client as string[] | undefined) ?? [];
  if (all && names.length)
    throw new McpoError('bad-arguments', 'Give stack names or --all, not both.', {
      hint: 'e.g. `mcpo use research`, or `mcpo use --all`',
    });

  const session = await openSession({
    stack: opts.stack as string,
    project: opts.project as string | undefined,
    secrets: false,
  });
  const stack = session.stack;
  const defined = Object.keys(stack.stacks);
  if (!all && !names.length) {
    io.out(opts.json ? activeJson(stack) : activeReport(stack));
    return 0;
  }
  if (opts.json)
    throw new McpoError(
      'bad-arguments',
      '`mcpo use --json` reports the active stacks; it does not switch them.',
      { hint: 'run `mcpo use --json` alone, or switch without --json' },
    );
  for (const name of names) if (!stack.stacks[name]) throw unknownStack(name, defined, stack.file);
  const targeted = [...new Set(stack.targets.map((t) => t.client))];
  for (const id of clientIds) {
    if (!targeted.includes(id)) {
      throw new McpoError(
        'unknown-client',
        `The stack has no target for client \`${id}\`${suggestion(id, targeted)}.`,
        { hint: `clients in the stack: ${targeted.join(', ') || '(none)'}` },
      );
    }
  }

  const local = join(dirname(stack.file), LOCAL_OVERRIDE);
  const before = readTextFile(local);
  const next = setUseText(before ?? NEW_LOCAL_FILE, {
    stacks: all ? 'all' : names,
    clients: clientIds,
  });
  const changed = next !== (before ?? NEW_LOCAL_FILE);
  let after = stack;
  if (changed) {
    // Checked with the loader before anything is written: the result must be a valid stack.
    after = await loadStack(stack.file, {
      ...stackLoadOptions({ env: session.env, home: session.ctx.home }),
      projectDir: stack.projectDir,
      texts: { [local]: next },
    });
    await writeFileSafely(local, next);
  }
  const who = clientIds.length ? clientIds.join(', ') : 'every client';
  const was = [
    ...new Set(
      (clientIds.length ? clientIds : targeted).map((id) => label(activeStacksOf(stack, id))),
    ),
  ].join('; ');
  io.err(
    `${all ? 'Every server is active' : `Active stacks: ${names.join(', ')}`} for ${who} (${changed ? `was: ${was}; saved in` : 'already in'} ${local}).\n`,
  );
  // A target whose every server drops out is rarely what was meant: said before the plan.
  const emptyBefore = new Set(targetsLeftEmpty(stack));
  for (const line of targetsLeftEmpty(after).filter((l) => !emptyBefore.has(l))) {
    io.err(
      `Warning: ${line}; add the stack to its \`stacks:\`, or go back with \`mcpo use --all\`.\n`,
    );
  }

  const restore = async (): Promise<void> => {
    if (!changed) return;
    if (before === null) rmSync(local, { force: true });
    else await writeFileSafely(local, before);
    io.err(`${LOCAL_OVERRIDE} was put back as it was.\n`);
  };
  const progress = { writing: false };
  const yesCommand = [
    'mcpo use',
    all ? '--all' : names.join(' '),
    ...clientIds.map((id) => `--client ${id}`),
    stackArg(opts.stack as string | undefined),
    '--yes',
  ]
    .filter(Boolean)
    .join(' ');
  let code: number;
  try {
    code = await applyFlow({ ...opts, client: clientIds.length ? clientIds : undefined }, io, {
      yesCommand,
      progress,
    });
  } catch (e) {
    if (!progress.writing) await restore();
    throw e;
  }
  if (code !== 0 && !progress.writing) await restore();
  return code;
}
