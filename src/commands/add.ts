import type { Io } from '../io.js';
import type { CommandOptions } from './run-command.js';
import { McpoError } from '../errors.js';

/** `mcpo add`: placeholder registered so the CLI surface is fixed; replaced by its implementation. */
export async function run(_opts: CommandOptions, _io: Io): Promise<number> {
  throw new McpoError('not-implemented', '`mcpo add` is not implemented yet');
}
