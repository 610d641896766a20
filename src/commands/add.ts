import type { Io } from '../io.js';
import type { CommandOptions } from './run-command.js';
import { McpoError } from '../errors.js';
import { addServerToStackFile, type ServerInput } from '../stack/edit.js';
import { stackArg } from './session.js';
import { builtinStackOfServer } from '../init/builtin-server.js';

/**
 * `mcpo add NAME [--to STACK] [--target CLIENT] -- COMMAND ARGS...` or `mcpo add NAME --url URL`:
 * adds a server to the stack file, keeping its comments and layout (src/stack/edit.ts).
 */
export async function run(opts: CommandOptions, io: Io): Promise<number> {
  const name = opts.name as string;
  const command = (opts.command as string[] | undefined) ?? [];
  const url = opts.url as string | undefined;
  if (opts.from !== undefined) return fromRegistry(opts, io);
  if (opts.package !== undefined || opts.remote) {
    throw new McpoError(
      'bad-arguments',
      `${opts.remote ? '--remote' : '--package'} chooses what to install from the registry, so it needs --from.`,
      {
        hint: `e.g. \`mcpo add ${name} --from io.github.owner/server --package npm\``,
      },
    );
  }
  const usage = addUsage(name);
  if (url !== undefined && command.length)
    throw new McpoError('bad-arguments', 'Give either a command (after --) or --url, not both.', {
      hint: usage,
    });
  if (url === undefined && !command.length)
    throw new McpoError('bad-arguments', `Server ${name} needs a command (after --) or --url.`, {
      hint: usage,
    });
  const spec: ServerInput = {};
  if (typeof opts.description === 'string') spec.description = opts.description;
  if (url !== undefined) {
    spec.url = url;
    if (opts.transport !== undefined) spec.transport = opts.transport as 'http' | 'sse' | 'ws';
  } else {
    if (opts.transport !== undefined)
      throw new McpoError('bad-arguments', '--transport is for remote servers (--url).', {
        hint: 'a command server speaks stdio',
      });
    spec.command = command[0]!;
    if (command.length > 1) spec.args = command.slice(1);
    if (typeof opts.cwd === 'string') spec.cwd = opts.cwd;
  }
  const env = pairs(opts.env as string[] | undefined, '=', '--env', 'KEY=VALUE');
  if (env) spec.env = env;
  const headers = pairs(opts.header as string[] | undefined, ':', '--header', '"Name: value"');
  if (headers) {
    if (url === undefined)
      throw new McpoError('bad-arguments', '--header is for remote servers (--url).', {
        hint: 'give environment variables with --env KEY=VALUE',
      });
    spec.headers = headers;
  }
  const clients = (opts.target as string[] | undefined) ?? [];
  const to = opts.to as string | undefined;
  await addServerToStackFile(opts.stack as string, name, spec, {
    ...(to ? { toStack: to } : {}),
    clients,
  });
  const where = [to ? `stack ${to}` : '', ...clients.map((c) => `client ${c}`)].filter(Boolean);
  const sArg = stackArg(opts.stack as string | undefined);
  io.out(
    `Added server ${name} to ${opts.stack as string}${where.length ? `, listed in ${where.join(', ')}` : ''}. Run \`mcpo plan${sArg ? ' ' + sArg : ''}\` to see what it changes.\n`,
  );
  return 0;
}

/** `--from REGISTRY-NAME[@VERSION]`: the server's server.json from the MCP registry (src/registry). */
async function fromRegistry(opts: CommandOptions, io: Io): Promise<number> {
  const name = opts.name as string;
  const manual = ['url', 'env', 'header', 'transport', 'cwd', 'description'].filter(
    (k) => opts[k] !== undefined,
  );
  if ((opts.command as string[] | undefined)?.length) manual.unshift('a command');
  if (manual.length) {
    const given = manual.map((k) => (k.includes(' ') ? k : `--${k}`)).join(', ');
    throw new McpoError(
      'bad-arguments',
      `--from takes the server from the registry, so it cannot be combined with ${given}.`,
      {
        hint: 'add it with --from, then edit the stack file',
      },
    );
  }
  if (opts.package !== undefined && opts.remote) {
    throw new McpoError('bad-arguments', 'Give either --package TYPE or --remote, not both.', {
      hint: "leave both out to let mcpo choose by the stack's clients",
    });
  }
  // Loaded only here, so `mcpo add NAME -- CMD` does not pay for the registry code.
  const { addFromRegistry } = await import('../registry/install.js');
  const clients = (opts.target as string[] | undefined) ?? [];
  const to = opts.to as string | undefined;
  const r = await addFromRegistry(opts.stack as string, name, opts.from as string, {
    clients,
    ...(to ? { toStack: to } : {}),
    ...(opts.package !== undefined ? { package: opts.package as string } : {}),
    ...(opts.remote ? { remote: true } : {}),
  });
  const rec = r.install.server.registry;
  const what =
    r.choice.kind === 'remote' ? `remote ${r.install.server.url!}` : `${rec.via} package`;
  const from = `from ${rec.name} ${rec.version}: the ${what}, ${r.choice.why}`;
  io.out(`Added server ${name} to ${opts.stack as string} ${from}.\n`);
  const vars = Object.keys(r.install.vars);
  if (vars.length) {
    io.out(
      `Set ${vars.join(', ')} (in the environment, or under \`vars:\` in the stack file) before applying.\n`,
    );
  }
  const secrets = r.install.secrets;
  if (secrets.length) {
    io.out(
      `Secrets it needs: ${secrets.join(', ')} (\`mcpo apply\` asks for missing ones, or run \`mcpo secret set NAME\`).\n`,
    );
  }
  const sArg = stackArg(opts.stack as string | undefined);
  io.out(`Run \`mcpo plan${sArg ? ' ' + sArg : ''}\` to see what it changes.\n`);
  return 0;
}

/** `KEY=VALUE` (or `Name: value`) items into a map; the first separator splits. */
function pairs(
  items: string[] | undefined,
  sep: string,
  flag: string,
  form: string,
): Record<string, string> | undefined {
  if (!items?.length) return undefined;
  const out: Record<string, string> = {};
  for (const item of items) {
    const at = item.indexOf(sep);
    const key = at > 0 ? item.slice(0, at).trim() : '';
    if (!key)
      throw new McpoError('bad-arguments', `${flag} expects ${form}, got \`${item}\`.`, {
        hint: `e.g. ${flag} ${sep === '=' ? 'LOG_LEVEL=debug' : '"X-Team: docs"'}`,
      });
    const value = item.slice(at + 1);
    out[key] = sep === ':' ? value.trimStart() : value;
  }
  return out;
}

/** The fix for a missing command: one that fits the name (a built-in server's include), never another server's command. */
function addUsage(name: string): string {
  const generic = `give the server's own start command, e.g. \`mcpo add ${name} -- npx -y PACKAGE\`, or \`mcpo add ${name} --url https://HOST/mcp\``;
  const builtin = builtinStackOfServer(name);
  return builtin
    ? `\`${name}\` is a server of the built-in stack ${builtin}: add \`include: [${builtin}]\` to the stack file; or ${generic}`
    : generic;
}
