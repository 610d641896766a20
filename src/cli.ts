import { Command, Option } from 'commander';
import { runCommand } from './commands/run-command.js';

/**
 * Entry point. Only argument parsing lives here; each command is a module loaded on demand,
 * so `mcpo plan` does not pay for what `mcpo apply` or `mcpo rollback` need.
 */
const program = new Command('mcpo')
  .description('Declarative MCP server configuration for every AI client.')
  .version('0.1.0')
  .showHelpAfterError()
  .configureOutput({ outputError: (s, write) => write(s) });

const stackOpt = () => new Option('--stack <file>', 'stack file').default('mcp.stack.yaml');
const projectOpt = () => new Option('--project <dir>', 'project folder for project/local scope (default: the stack file\'s folder)');
const clientOpt = () => new Option('--client <id>', 'only this client (repeatable)').argParser((v: string, prev: string[] = []) => [...prev, v]);
const noColorOpt = () => new Option('--no-color', 'no colour in the output');

program
  .command('plan')
  .description('show what apply would change in each client\'s config')
  .addOption(stackOpt()).addOption(projectOpt()).addOption(clientOpt())
  .option('--json', 'machine-readable plan (stable shape, see README)')
  .option('--diff', 'unified diff of each file (secrets masked)')
  .option('--detailed-exitcode', 'exit 0 when there are no changes, 2 when there are, 1 on error')
  .option('--out <file>', 'save the plan for `mcpo apply FILE`')
  .option('--force', 'plan user-scope targets even when the client does not look installed')
  .addOption(noColorOpt())
  .action((opts) => runCommand('plan', opts));

program
  .command('apply [planfile]')
  .description('apply the plan (or a saved plan file) to the client configs')
  .addOption(stackOpt()).addOption(projectOpt()).addOption(clientOpt())
  .option('-y, --yes', 'do not ask for confirmation')
  .option('--force', 'write user-scope targets even when the client does not look installed')
  .addOption(noColorOpt())
  .action((planfile: string | undefined, opts) => runCommand('apply', { ...opts, planfile }));

program
  .command('validate')
  .description('check the stack file; exit 0 when valid, 1 otherwise')
  .addOption(stackOpt()).addOption(projectOpt()).addOption(noColorOpt())
  .action((opts) => runCommand('validate', opts));

program
  .command('clients')
  .description('list supported clients, their scopes and config paths on this machine')
  .addOption(projectOpt()).option('--json', 'machine-readable output').addOption(noColorOpt())
  .action((opts) => runCommand('clients', opts));

program
  .command('rollback')
  .description('restore the files changed by the last apply')
  .option('--force', 'restore files even if they changed since that apply')
  .addOption(noColorOpt())
  .action((opts) => runCommand('rollback', opts));

program
  .command('run <server>')
  .description('start a server of the stack with its secrets (what `secrets: launcher` entries run); stdio passes through untouched')
  .requiredOption('--stack <file>', 'stack file that declares the server')
  .action((server: string, opts) => runCommand('run', { ...opts, server, color: false }));

const secret = program.command('secret').description('store, list and remove secrets in the OS keychain (values are never printed)');
const secretStackOpt = () => new Option('--stack <file>', 'stack file: its secrets_namespace and the secrets it references').default('mcp.stack.yaml');
secret
  .command('set <name>')
  .description('store a secret: hidden prompt on a terminal, or one value from standard input')
  .addOption(secretStackOpt()).addOption(noColorOpt())
  .action((name: string, opts) => runCommand('secret', { ...opts, action: 'set', name }));
secret
  .command('list')
  .description('every secret the stack references (present or missing, and where from), and unreferenced keychain entries')
  .addOption(secretStackOpt()).addOption(noColorOpt())
  .action((opts) => runCommand('secret', { ...opts, action: 'list' }));
secret
  .command('rm <name>')
  .description('remove a secret from the keychain')
  .addOption(secretStackOpt()).addOption(noColorOpt())
  .action((name: string, opts) => runCommand('secret', { ...opts, action: 'rm', name }));

void program.parseAsync(process.argv);
