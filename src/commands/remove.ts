import type { Io } from '../io.js';
import type { CommandOptions } from './run-command.js';
import { removeServerFromStackFile } from '../stack/edit.js';
import { stackArg } from './session.js';

/**
 * `mcpo remove NAME`: deletes a server from the stack file, and its mentions in the file's
 * stacks and targets, keeping comments and layout. `mcpo apply` then removes it from clients.
 */
export async function run(opts: CommandOptions, io: Io): Promise<number> {
  const name = opts.name as string;
  await removeServerFromStackFile(opts.stack as string, name);
  const sArg = stackArg(opts.stack as string | undefined);
  io.out(
    `Removed server ${name} from ${opts.stack as string}. Run \`mcpo plan${sArg ? ' ' + sArg : ''}\` to see what it changes in your clients.\n`,
  );
  return 0;
}
