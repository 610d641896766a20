import { Option, type Command } from 'commander';
import { runCommand } from './commands/run-command.js';
import {
  type Define,
  collect,
  deprecated,
  renamed,
  stackOpt,
  projectOpt,
  clientOpt,
  noColorOpt,
  notInstalledOpt,
  takeOverOpt,
} from './cli-options.js';

/** Adoption and editing the stack (import, init, use, status, add, lock, ...), in help order. */
export function defineManageCommands(program: Command, define: Define): void {
  // ---------------------------------------------------------------- adoption (issue 6)

  define('import', () => {
    program
      .command('import')
      .description(
        'write a stack file from the MCP servers your clients have today (secrets move to the keychain)',
      )
      .addOption(projectOpt())
      .addOption(clientOpt())
      .option('--out <file>', 'stack file to write', 'mcp.stack.yaml')
      .option('--force', 'overwrite an existing stack file')
      .option(
        '--keep-secrets-inline',
        'leave secret-looking values in the stack file (not recommended)',
      )
      .addOption(takeOverOpt('import and take over'))
      .option('--json', 'machine-readable report of what was imported (never a value)')
      .addOption(noColorOpt())
      .action((opts) => runCommand('import', opts));
  });

  define('init', () => {
    program
      .command('init')
      .description('write a commented mcp.stack.yaml from built-in workflow stacks')
      .option('--include <name...>', 'built-in stacks to start from (development, research, data)')
      .addOption(deprecated('--stack <name...>', '--include'))
      .option('--out <file>', 'stack file to write', 'mcp.stack.yaml')
      .addOption(noColorOpt())
      .action((opts) =>
        runCommand('init', renamed(opts, 'stack', 'include', 'mcpo init --stack', '--include')),
      );
  });

  define('use', () => {
    program
      .command('use [stacks...]')
      .description(
        'switch workflows: only the servers of these stacks stay enabled (saved in mcp.stack.local.yaml, then applied)',
      )
      .addOption(stackOpt())
      .addOption(projectOpt())
      .addOption(clientOpt())
      .option('--all', 'return to every server of the stack')
      .option('-y, --yes', 'do not ask for confirmation')
      .addOption(notInstalledOpt('write'))
      .option('--json', 'with no stack names: the active stacks per client, machine-readable')
      .addOption(noColorOpt())
      .action((stacks: string[], opts) => runCommand('use', { ...opts, stacks }));
  });

  define('status', () => {
    program
      .command('status')
      .description('what each client holds right now: servers down, clients across')
      .addOption(stackOpt())
      .addOption(projectOpt())
      .addOption(clientOpt())
      .option('--json', 'machine-readable matrix')
      .addOption(notInstalledOpt('show'))
      .addOption(noColorOpt())
      .action((opts) => runCommand('status', opts));
  });

  define('add', () => {
    program
      .command('add <name> [command...]')
      .description(
        'add a server to the stack file (comments and layout kept): mcpo add NAME -- COMMAND ARGS..., --url URL, or --from REGISTRY-NAME[@VERSION]',
      )
      .addOption(stackOpt())
      .addOption(
        new Option(
          '--target <client>',
          "also list it in this client's target (repeatable)",
        ).argParser(collect),
      )
      .addOption(deprecated('--client <id>', '--target').argParser(collect))
      .option('--url <url>', 'a remote server')
      .option('--to <stack>', 'also list it in this workflow stack')
      .option(
        '--env <KEY=VALUE>',
        'environment variable (repeatable); secrets as ${secret:NAME}',
        (v: string, prev: string[] = []) => [...prev, v],
      )
      .option(
        '--header <"Name: value">',
        'HTTP header of a remote server (repeatable); secrets as ${secret:NAME}',
        (v: string, prev: string[] = []) => [...prev, v],
      )
      .addOption(
        new Option('--transport <kind>', 'transport of a remote server (default http)').choices([
          'http',
          'sse',
          'ws',
        ]),
      )
      .option('--cwd <dir>', 'working folder of a command server')
      .option('--description <text>', 'what the server is for')
      .option(
        '--from <registry-name[@version]>',
        'take the server from the MCP registry (its server.json)',
      )
      .addOption(
        new Option('--package <type>', 'with --from: install this package type').choices([
          'npm',
          'pypi',
          'oci',
        ]),
      )
      .option('--remote', "with --from: use the server's remote, not a package")
      .addOption(noColorOpt())
      .action((name: string, command: string[], opts) =>
        runCommand('add', {
          ...renamed(opts, 'client', 'target', 'mcpo add --client', '--target'),
          name,
          command,
        }),
      );
  });

  define('search', () => {
    program
      .command('search <text>')
      .description(
        "find servers in the MCP registry (MCPO_REGISTRY_URL or the stack's `registry:` key; default the official one)",
      )
      .addOption(stackOpt())
      .option('--json', 'machine-readable list')
      .addOption(noColorOpt())
      .action((text: string, opts) => runCommand('search', { ...opts, text }));
  });

  // ---------------------------------------------------------------- lock file (issue 15)

  define('lock', () => {
    program
      .command('lock [servers...]')
      .description(
        'pin each package server to an exact version and record what its tools tell the model (mcp.stack.lock)',
      )
      .addOption(stackOpt())
      .addOption(projectOpt())
      .option(
        '--update',
        'resolve and snapshot again (the named servers, else all): accept new versions and tool changes',
      )
      .option(
        '--check',
        'exit 1 when the lock does not match the stack (for CI); names limit the check',
      )
      .option(
        '--live',
        'with --check: also start each server and compare its tools with the snapshot',
      )
      .option('--timeout <seconds>', 'handshake timeout per server', '60')
      .addOption(noColorOpt())
      .action((servers: string[], opts) => runCommand('lock', { ...opts, servers }));
  });

  define('outdated', () => {
    program
      .command('outdated')
      .description(
        "newer versions of the stack's package servers (MCP registry, npm, PyPI, image tags)",
      )
      .addOption(stackOpt())
      .addOption(projectOpt())
      .option('--json', 'machine-readable list')
      .addOption(noColorOpt())
      .action((opts) => runCommand('outdated', opts));
  });

  define('remove', () => {
    program
      .command('remove <name>')
      .description(
        'remove a server from the stack file (and from the stacks and targets that list it)',
      )
      .addOption(stackOpt())
      .addOption(noColorOpt())
      .action((name: string, opts) => runCommand('remove', { ...opts, name }));
  });

  define('new', () => {
    program
      .command('new <name>')
      .description(
        'write a small working MCP server project and add it to the stack as a local development server',
      )
      .addOption(
        new Option('--template <kind>', 'project template')
          .choices(['node', 'python'])
          .default('node'),
      )
      .addOption(stackOpt())
      .addOption(noColorOpt())
      .action((name: string, opts) => runCommand('new', { ...opts, name }));
  });

  define('show', () => {
    program
      .command('show <server>')
      .description(
        'the effective definition of one server (includes, local overrides, vars applied) and the entry each client gets',
      )
      .addOption(stackOpt())
      .addOption(projectOpt())
      .addOption(clientOpt())
      .option('--json', 'machine-readable (secrets masked)')
      .addOption(noColorOpt())
      .action((server: string, opts) => runCommand('show', { ...opts, server }));
  });
}
