/**
 * Second entry point, only for `mcpo run SERVER --stack FILE` (dist/mcpo-run.cjs), chosen by
 * src/loader.cjs, which has parsed that command line. Every client session starts the launcher,
 * and its start-up delays the server's, so this bundle holds only what `run` needs: no
 * commander, no other command and no client adapters (half the size of dist/mcpo.cjs).
 */
import { runModule } from './commands/run-command.js';
import { run } from './commands/run.js';

const args = (
  globalThis as { __mcpoRunArgs?: { server: string; stack: string; printHeaders?: boolean } }
).__mcpoRunArgs;
if (!args)
  throw new Error(
    'mcpo-run.cjs is started by dist/cli.cjs, which parses `run SERVER --stack FILE [--print-headers]` for it',
  );
void runModule(async () => ({ run }), {
  server: args.server,
  stack: args.stack,
  printHeaders: args.printHeaders === true,
  color: false,
  oneLineErrors: true,
});
