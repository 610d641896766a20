import { Command } from 'commander';
import { defineCoreCommands } from './cli-core.js';
import { defineManageCommands } from './cli-manage.js';
import { addExamples } from './cli-examples.js';

/**
 * Entry point. Only argument parsing lives here; each command is a module loaded on demand,
 * so `mcpo plan` does not pay for what `mcpo apply` or `mcpo rollback` need.
 */
const program = new Command('mcpo')
  .description('Declarative MCP server configuration for every AI client.')
  .version(
    versionText(),
    '-V, --version',
    "mcpo's version, the Node version and where mcpo is installed",
  )
  // A typo'd command or option gets commander's did-you-mean and this line, not the whole help.
  .showHelpAfterError('(add --help for usage)')
  .configureOutput({ outputError: (s, write) => write(s) });

/** package.json's version, put in by the build (scripts/build.mjs). */
declare const __MCPO_VERSION__: string;

/** `--version`: what a bug report needs: mcpo's version, Node's, and where mcpo runs from. */
function versionText(): string {
  const entry = (globalThis as { __mcpoEntry?: string }).__mcpoEntry ?? process.argv[1] ?? '';
  const dir = entry.replace(/[\\/]dist[\\/][^\\/]+$/, '');
  return `mcpo ${__MCPO_VERSION__}\nnode ${process.version}\ninstalled at ${dir}`;
}

/** Each command's commander definition, by name, in the order help lists them. */
const definitions: [string, () => void][] = [];
const define = (name: string, fn: () => void) => definitions.push([name, fn]);
defineCoreCommands(program, define);
defineManageCommands(program, define);

// Shell completion (bash, zsh, fish, powershell) from these definitions, by @bomb.sh/tab; loaded
// only for `mcpo completion ...` (and the hidden `mcpo complete -- ...` the scripts call).
const first = process.argv[2];
// `mcpo NAME ...` defines NAME alone: building all 30 commands' options costs a plan ~3 ms of
// start-up, and a command's parsing, help and errors depend on its own definition only.
// Anything else (no command, help, a typo, completion) defines them all, in order.
const only = definitions.find(([name]) => name === first);
for (const [, fn] of only ? [only] : definitions) fn();
if (first === 'completion' || first === 'complete') {
  addExamples(program);
  void import('./completion.js')
    .then((m) => m.setupCompletion(program))
    .then(() => program.parseAsync(process.argv));
} else {
  program
    .command('completion <shell>')
    .description('print a shell completion script (bash, zsh, fish, powershell)');
  addExamples(program);
  void program.parseAsync(process.argv);
}
