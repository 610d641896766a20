/**
 * `mcpo run <server> --stack FILE`: what a `secrets: launcher` client entry starts. Loads the
 * stack (no plan, no client files), resolves this server's secrets (environment, then keychain)
 * and starts the server with them, or bridges a remote one to stdio. Standard output belongs
 * to the MCP client: nothing but the server's own bytes may go there.
 */
import { dirname, resolve } from 'node:path';
import type { Io } from '../io.js';
import type { CommandOptions } from './run-command.js';
import { realPathContext } from '../context.js';
import { loadStack } from '../stack/load.js';
import { resolveSecrets } from '../secrets/resolve-all.js';
import { knownSecretValues, secretEnvVar } from '../secrets/resolve.js';
import { secretNamesIn, substituteSecrets } from '../secrets/tokens.js';
import { openKeychain } from '../secrets/keychain.js';
import { McpoError } from '../errors.js';
import { withLock } from '../lock/read.js';
import { findSessionBus, type SessionBus } from '../secrets/session-bus.js';
import { ENV_ALTERNATIVE } from '../secrets/keychain-errors.js';
import { dropUnexpandedReferences } from '../delivery/client-env.js';

export async function run(opts: CommandOptions, io: Io): Promise<number> {
  const env = process.env;
  // A variable the client forwarded but did not have arrives as its own reference: it is unset.
  dropUnexpandedReferences(env);
  const file = resolve(opts.stack as string);
  const ctx = realPathContext(env, dirname(file));
  // No client registry: loading every adapter would slow each server start, and a mistake in
  // another client's block is for plan and validate to report, not a reason to refuse this server.
  // Pinned by mcp.stack.lock, as plan writes them for the other targets.
  const stack = withLock(await loadStack(file, { env, home: ctx.home })).stack;
  const name = opts.server as string;
  const declared = stack.servers[name];
  if (!declared) {
    throw new McpoError('unknown-server', `There is no server ${name} in ${stack.file}.`, {
      hint: `use one of: ${Object.keys(stack.servers).join(', ') || '(none)'}`,
    });
  }
  // --print-headers (a client's headers helper, src/delivery/headers-helper.ts): only the headers' secrets.
  const printHeaders = opts.printHeaders === true;
  if (printHeaders && declared.transport === 'stdio') {
    throw new McpoError(
      'unsupported',
      `Server ${name} is a stdio server: it has no headers to print.`,
      { hint: 'use --print-headers only for http and sse servers' },
    );
  }
  const names = [...secretNamesIn(printHeaders ? (declared.headers ?? {}) : declared)];
  // Before the keychain is opened: afterwards a bus mcpo found is in process.env too.
  const bus = process.platform === 'linux' ? findSessionBus(env) : undefined;
  const secrets = await resolveSecrets(names, env, async () =>
    openKeychain(stack.secretsNamespace, env),
  );
  const missing = names.filter((n) => secrets.lookup(n) === undefined);
  if (missing.length) throw missingSecretsError(missing, stack.file, secrets.keychainProblem, bus);
  if (printHeaders) {
    // The whole output is one JSON object of strings: what Claude Code reads from a headersHelper.
    io.out(JSON.stringify(substituteSecrets(declared.headers ?? {}, secrets.lookup)) + '\n');
    return 0;
  }
  const spec = substituteSecrets(declared, secrets.lookup);
  // The server gets its own secrets through its env, not mcpo's MCPO_SECRET_* overrides.
  const childEnv = Object.fromEntries(
    Object.entries(env).filter(([k]) => !k.startsWith('MCPO_SECRET_')),
  );
  if (spec.transport === 'stdio') {
    const { runStdioServer } = await import('../launcher/stdio.js');
    return runStdioServer(spec, declared, childEnv);
  }
  const [{ bridgeRemote }, { launcherAuth }] = await Promise.all([
    import('../launcher/bridge.js'),
    import('../launcher/oauth.js'),
  ]);
  const secretValues = knownSecretValues(names, secrets.lookup);
  const auth = await launcherAuth(spec, stack.file, secretValues, env);
  return bridgeRemote(spec, secretValues, (text) => io.err(text), auth);
}

/**
 * Which secrets, where the launcher looked (its environment, then the keychain over which bus)
 * and the fix, in one sentence: the client shows this line in its log (runModule prints it so).
 */
function missingSecretsError(
  missing: string[],
  stackFile: string,
  problem: McpoError | undefined,
  bus: SessionBus | undefined,
): McpoError {
  const vars = missing.map(secretEnvVar).join(', ');
  const them = missing.length === 1 ? 'it' : 'them';
  const via =
    bus?.from === 'variable'
      ? ` over ${bus.address}`
      : bus?.from === 'socket'
        ? ` over the session bus at ${bus.socket}`
        : '';
  const keychain =
    bus?.from === 'none'
      ? `the keychain cannot be reached: there is no DBUS_SESSION_BUS_ADDRESS and no session bus at ${bus.looked.join(' or ')}`
      : problem
        ? `the keychain${via} could not be read: ${problem.message.replace(/\.$/, '')}`
        : `the keychain${via} has no entry for ${them}`;
  const pass = `let the client pass ${vars} (\`mcpo doctor --client ID\` checks what it passes)`;
  const fix = problem
    ? (problem.hint ?? '').replace(`, ${ENV_ALTERNATIVE}`, '')
    : `store ${them} with ${missing.map((n) => `\`mcpo secret set ${n} --stack ${stackFile}\``).join(', ')}`;
  const s = missing.length === 1 ? '' : 's';
  return new McpoError(
    'missing-secrets',
    `no value for secret${s} ${missing.join(', ')}: ${vars} ${missing.length === 1 ? 'is' : 'are'} not in the environment the client started mcpo with, and ${keychain}.`,
    {
      hint: `${fix ? `${fix}, or ` : ''}${pass}`,
    },
  );
}
