import { Option } from 'commander';

/** Options and helpers that several commands' definitions share (src/cli.ts). */

export const collect = (v: string, prev: string[] = []) => [...prev, v];

/** An old spelling that keeps working, out of the help. */
export const deprecated = (flags: string, now: string) =>
  new Option(flags, `deprecated: use ${now}`).hideHelp();

/** Moves an old option's value to its new name, with a one-line note on stderr. */
export function renamed(
  opts: Record<string, unknown>,
  old: string,
  now: string,
  what: string,
  flag: string,
) {
  if (opts[old] === undefined) return opts;
  process.stderr.write(
    `Note: \`${what}\` is now \`${flag}\`; the old spelling still works for now.\n`,
  );
  const { [old]: value, ...rest } = opts;
  return { ...rest, [now]: rest[now] ?? value };
}

export const STACK_HELP =
  'stack file (default: the nearest mcp.stack.yaml from here up, else the user stack)';
export const stackOpt = () => new Option('--stack <file>', STACK_HELP);
export const projectOpt = () =>
  new Option(
    '--project <dir>',
    "project folder for project/local scope (default: the stack file's folder)",
  );
export const clientOpt = () =>
  new Option('--client <id>', 'only this client (repeatable)').argParser(collect);
/**
 * `--force` of the commands that leave out user-scope targets whose client does not look
 * installed (plan, apply, use, status): what it makes them do with those targets.
 */
export const notInstalledOpt = (verb: 'plan' | 'write' | 'show') =>
  new Option('--force', `${verb} user-scope targets even when the client does not look installed`);
export const noColorOpt = () => new Option('--no-color', 'no colour in the output');
export const takeOverOpt = (what: string) =>
  new Option(
    '--take-over <name>',
    `${what} the entry NAME that another stack file manages (repeatable)`,
  ).argParser(collect);

/** Registers a command's definition under its name (src/cli.ts defines only the one run). */
export type Define = (name: string, fn: () => void) => void;
