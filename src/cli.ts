import { Command, Option } from 'commander';
import { runCommand } from './commands/run-command.js';
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

const collect = (v: string, prev: string[] = []) => [...prev, v];

/** An old spelling that keeps working, out of the help. */
const deprecated = (flags: string, now: string) =>
  new Option(flags, `deprecated: use ${now}`).hideHelp();

/** Moves an old option's value to its new name, with a one-line note on stderr. */
function renamed(
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

const STACK_HELP =
  'stack file (default: the nearest mcp.stack.yaml from here up, else the user stack)';
const stackOpt = () => new Option('--stack <file>', STACK_HELP);
const projectOpt = () =>
  new Option(
    '--project <dir>',
    "project folder for project/local scope (default: the stack file's folder)",
  );
const clientOpt = () =>
  new Option('--client <id>', 'only this client (repeatable)').argParser(
    (v: string, prev: string[] = []) => [...prev, v],
  );
const noColorOpt = () => new Option('--no-color', 'no colour in the output');
const takeOverOpt = (what: string) =>
  new Option(
    '--take-over <name>',
    `${what} the entry NAME that another stack file manages (repeatable)`,
  ).argParser((v: string, prev: string[] = []) => [...prev, v]);

/** Each command's commander definition, by name, in the order help lists them. */
const definitions: [string, () => void][] = [];
const define = (name: string, fn: () => void) => definitions.push([name, fn]);

define('plan', () => {
  program
    .command('plan')
    .description("show what apply would change in each client's config")
    .addOption(stackOpt())
    .addOption(projectOpt())
    .addOption(clientOpt())
    .option('--json', 'machine-readable plan (stable shape, see README)')
    .option('--diff', 'unified diff of each file (secrets masked)')
    .option('--detailed-exitcode', 'exit 0 when there are no changes, 2 when there are, 1 on error')
    .option('--out <file>', 'save the plan for `mcpo apply FILE`')
    .option('--force', 'plan user-scope targets even when the client does not look installed')
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
    .option('--force', 'write user-scope targets even when the client does not look installed')
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
