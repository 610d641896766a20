import { Option, type Command } from 'commander';
import { runCommand } from './commands/run-command.js';
import {
  type Define,
  stackOpt,
  projectOpt,
  clientOpt,
  noColorOpt,
  notInstalledOpt,
  takeOverOpt,
  STACK_HELP,
} from './cli-options.js';

/**
 * plan, apply and the commands around them (secrets, logins, troubleshooting), in help order.
 * Each `define` only registers: the definition runs when its command is the one run.
 */
export function defineCoreCommands(program: Command, define: Define): void {
  define('plan', () => {
    program
      .command('plan')
      .description("show what apply would change in each client's config")
      .addOption(stackOpt())
      .addOption(projectOpt())
      .addOption(clientOpt())
      .option('--json', 'machine-readable plan (stable shape, see README)')
      .option('--diff', 'unified diff of each file (secrets masked)')
      .option(
        '--detailed-exitcode',
        'exit 0 when there are no changes, 2 when there are, 1 on error',
      )
      .option('--out <file>', 'save the plan for `mcpo apply FILE`')
      .addOption(notInstalledOpt('plan'))
      .addOption(takeOverOpt('plan to take over'))
      .addOption(noColorOpt())
      .action((opts) => runCommand('plan', opts));
  });

  define('apply', () => {
    program
      .command('apply [planfile]')
      .description('apply the plan (or a saved plan file) to the client configs')
      .addOption(stackOpt())
      .addOption(projectOpt())
      .addOption(clientOpt())
      .option('-y, --yes', 'do not ask for confirmation')
      .addOption(notInstalledOpt('write'))
      .addOption(takeOverOpt('take over'))
      .addOption(noColorOpt())
      .action((planfile: string | undefined, opts) => runCommand('apply', { ...opts, planfile }));
  });

  define('validate', () => {
    program
      .command('validate')
      .description('check the stack file; exit 0 when valid, 1 otherwise')
      .addOption(stackOpt())
      .addOption(projectOpt())
      .option('--json', 'machine-readable result (problems with file, line and fix)')
      .addOption(noColorOpt())
      .action((opts) => runCommand('validate', opts));
  });

  define('clients', () => {
    program
      .command('clients')
      .description('list supported clients, their scopes and config paths on this machine')
      .addOption(projectOpt())
      .option('--json', 'machine-readable output')
      .addOption(noColorOpt())
      .action((opts) => runCommand('clients', opts));
  });

  define('rollback', () => {
    program
      .command('rollback')
      .description(
        'undo the last apply of this stack: its entries go back as they were; other changes stay',
      )
      .addOption(stackOpt())
      .option('-y, --yes', 'do not ask for confirmation')
      .option(
        '--force',
        'also put back entries changed by hand since that apply (nothing else in the files)',
      )
      .addOption(noColorOpt())
      .action((opts) => runCommand('rollback', opts));
  });

  define('run', () => {
    program
      // Internal: what `secrets: launcher` entries start. Hidden from the command list.
      .command('run <server>', { hidden: true })
      .description(
        'start a server of the stack with its secrets (what `secrets: launcher` entries run); stdio passes through untouched',
      )
      .requiredOption('--stack <file>', 'stack file that declares the server')
      .option(
        '--print-headers',
        "print a remote server's headers, secrets resolved, as one JSON object (a client's headers helper)",
      )
      .action((server: string, opts) => runCommand('run', { ...opts, server, color: false }));
  });

  define('gateway', () => {
    const gateway = program
      .command('gateway')
      .description(
        'serve the active servers of one target as one MCP server over stdio (what `via: gateway` entries run)',
      )
      // Checked by the command, not commander: `gateway status` must not need them.
      .option('--stack <file>', 'stack file that declares the target')
      .option('--target <id>', 'the target, as client:scope (or client when it has one target)')
      // Internal: the per-user daemon the gateways start on demand.
      .addOption(new Option('--daemon').hideHelp())
      .action((opts) => runCommand('gateway', { ...opts, color: false }));
    gateway
      .command('stop')
      .description(
        'stop the per-user gateway daemon and its backends (client gateways start a new one on their next use)',
      )
      .action(() => runCommand('gateway-stop', {}));
    gateway
      .command('status')
      .description(
        'the running gateways: per backend its state, calls, errors, cache hits, p50/p95 latency, restarts, last error',
      )
      .option('--json', 'machine-readable output')
      .addOption(noColorOpt())
      .action((opts) => runCommand('gateway-status', opts));
  });

  define('secret', () => {
    const secret = program
      .command('secret')
      .description('store, list and remove secrets in the OS keychain (values are never printed)');
    const secretStackOpt = () =>
      new Option(
        '--stack <file>',
        `${STACK_HELP}: its secrets_namespace and the secrets it references`,
      );
    secret
      .command('set <name>')
      .description('store a secret: hidden prompt on a terminal, or one value from standard input')
      .addOption(secretStackOpt())
      .addOption(noColorOpt())
      .action((name: string, opts) => runCommand('secret', { ...opts, action: 'set', name }));
    secret
      .command('list')
      .description(
        'every secret the stack references (present or missing, and where from), and unreferenced keychain entries',
      )
      .addOption(secretStackOpt())
      .option('--json', 'machine-readable list (never a value)')
      .addOption(noColorOpt())
      .action((opts) => runCommand('secret', { ...opts, action: 'list' }));
    secret
      .command('rm <name>')
      .description('remove a secret from the keychain')
      .addOption(secretStackOpt())
      .addOption(noColorOpt())
      .action((name: string, opts) => runCommand('secret', { ...opts, action: 'rm', name }));
  });

  // ---------------------------------------------------------------- OAuth logins (issue 14)

  define('login', () => {
    program
      .command('login <server>')
      .description(
        'log in to a remote server with OAuth (browser or printed URL); tokens go to the OS keychain, `mcpo run` uses them',
      )
      .addOption(stackOpt())
      .option(
        '--no-browser',
        'do not open a browser: print the authorization URL and wait for the redirect',
      )
      .option('--timeout <seconds>', 'how long to wait for the redirect', '300')
      .addOption(noColorOpt())
      .action((server: string, opts) => runCommand('login', { ...opts, server }));
  });

  define('logout', () => {
    program
      .command('logout <server>')
      .description(
        "revoke a server's OAuth login where the server allows it, and delete it from the keychain",
      )
      .addOption(stackOpt())
      .addOption(noColorOpt())
      .action((server: string, opts) => runCommand('logout', { ...opts, server }));
  });

  define('auth', () => {
    const auth = program.command('auth').description("OAuth logins of the stack's remote servers");
    auth
      .command('status')
      .description('per remote server: logged in, issuer, scopes, expiry, refresh (never a token)')
      .addOption(stackOpt())
      .option('--json', 'machine-readable list')
      .addOption(noColorOpt())
      .action((opts) => runCommand('auth', { ...opts, action: 'status' }));
  });

  // ---------------------------------------------------------------- troubleshooting (issue 5)

  define('doctor', () => {
    program
      .command('doctor [servers...]')
      .description(
        'check that each server starts and answers: command, runners, secrets, MCP handshake, tools/resources/prompts',
      )
      .addOption(stackOpt())
      .addOption(projectOpt())
      .addOption(clientOpt())
      .option('--timeout <seconds>', 'handshake timeout per server', '30')
      .option('--json', 'machine-readable report')
      .addOption(noColorOpt())
      .action((servers: string[], opts) => runCommand('doctor', { ...opts, servers }));
  });

  define('logs', () => {
    program
      .command('logs <server>')
      .description("show the client's own MCP log for a server, errors highlighted")
      .addOption(stackOpt())
      .addOption(projectOpt())
      .addOption(clientOpt())
      .option('-n, --lines <n>', 'last N lines', '50')
      .option('-f, --follow', 'keep printing lines as they are written')
      .addOption(noColorOpt())
      .action((server: string, opts) => runCommand('logs', { ...opts, server }));
  });
}
