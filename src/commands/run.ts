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

export async function run(opts: CommandOptions, io: Io): Promise<number> {
  const env = process.env;
  const file = resolve(opts.stack as string);
  const ctx = realPathContext(env, dirname(file));
  // No client registry: loading every adapter would slow each server start, and a mistake in
  // another client's block is for plan and validate to report, not a reason to refuse this server.
  // Pinned by mcp.stack.lock, as plan writes them for the other targets.
  const stack = withLock(await loadStack(file, { env, home: ctx.home })).stack;
  const name = opts.server as string;
  const declared = stack.servers[name];
  if (!declared) {
    throw new McpoError('unknown-server', `There is no server ${name} in ${stack.file}.`, { hint: `use one of: ${Object.keys(stack.servers).join(', ') || '(none)'}` });
  }
  const names = [...secretNamesIn(declared)];
  const secrets = await resolveSecrets(names, env, async () => openKeychain(stack.secretsNamespace, env));
  const missing = names.filter((n) => secrets.lookup(n) === undefined);
  if (missing.length) {
    const why = secrets.keychainProblem ? ` ${secrets.keychainProblem.message}` : '';
    throw new McpoError('missing-secrets', `Server ${name} needs secrets that have no value: ${missing.join(', ')}.${why}`, {
      hint: `store them with \`mcpo secret set NAME --stack ${stack.file}\`, or set ${missing.map(secretEnvVar).join(', ')} in the client's environment`,
    });
  }
  const spec = substituteSecrets(declared, secrets.lookup);
  // The server gets its own secrets through its env, not mcpo's MCPO_SECRET_* overrides.
  const childEnv = Object.fromEntries(Object.entries(env).filter(([k]) => !k.startsWith('MCPO_SECRET_')));
  if (spec.transport === 'stdio') {
    const { runStdioServer } = await import('../launcher/stdio.js');
    return runStdioServer(spec, declared, childEnv);
  }
  const [{ bridgeRemote }, { launcherAuth }] = await Promise.all([import('../launcher/bridge.js'), import('../launcher/oauth.js')]);
  const secretValues = knownSecretValues(names, secrets.lookup);
  const auth = await launcherAuth(spec, stack.file, secretValues, env);
  return bridgeRemote(spec, secretValues, (text) => io.err(text), auth);
}
