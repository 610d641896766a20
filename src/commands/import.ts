import { chmodSync, existsSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { Io } from '../io.js';
import type { CommandOptions } from './run-command.js';
import { realPathContext } from '../context.js';
import { loadClients } from '../clients/index.js';
import { requireClient } from './session.js';
import { stateDir } from '../state/dirs.js';
import { StateStore } from '../state/store.js';
import { openKeychain } from '../secrets/keychain.js';
import { ENV_ALTERNATIVE } from '../secrets/keychain-errors.js';
import { secretEnvVar } from '../secrets/resolve.js';
import { McpoError } from '../errors.js';
import { readClients } from '../import/read-clients.js';
import { buildImport } from '../import/build-import.js';
import { exposedTargets, importedStackYaml } from '../import/stack-text.js';
import { leaveOtherStacksEntries, recordOwnership } from '../import/ownership.js';
import { takeOverOf } from '../plan/owner.js';
import { delayedProgress } from '../progress.js';
import { reportImport } from '../import/report.js';

/**
 * `mcpo import`: load (every client file) -> decide (the stack, secrets, ownership) -> write
 * (keychain, stack file, state). Client files are only read, never written.
 */
export async function run(opts: CommandOptions, io: Io): Promise<number> {
  const out = resolve((opts.out as string | undefined) ?? 'mcp.stack.yaml');
  if (existsSync(out) && !opts.force) {
    throw new McpoError('stack-exists', `${out} already exists; nothing was written.`, {
      hint: 'pass --force to replace it, or --out FILE to write another file',
    });
  }
  const only = (opts.client as string[] | undefined) ?? [];
  const all = await loadClients(only.length ? only : undefined);
  const adapters = only.length ? only.map(requireClient) : all;
  const env = process.env;
  const projectDir = opts.project ? resolve(opts.project as string) : dirname(out);
  const ctx = realPathContext(env, projectDir);

  const keepInline = Boolean(opts.keepSecretsInline);
  const keychain = openKeychain(undefined, env);
  // What the keychain held for each name looked at, so storing below does not ask again.
  const inKeychain = new Map<string, string | undefined>();
  const store = new StateStore(stateDir(ctx));
  const progress = delayedProgress(
    `reading the MCP configs of ${adapters.length} client${adapters.length === 1 ? '' : 's'}`,
  );
  const result = await readAndBuild().finally(() => progress.stop());
  async function readAndBuild() {
    const found = leaveOtherStacksEntries(
      readClients(adapters, ctx),
      store.load(),
      out,
      takeOverOf(opts.takeOver),
    );
    progress.update('comparing the secrets found with the keychain');
    return buildImport(found, {
      keepInline,
      // A name whose keychain entry (or MCPO_SECRET_* variable) holds another value is not reused.
      taken: async (name, value) => {
        const fromEnv = env[secretEnvVar(name)];
        if (fromEnv) return fromEnv !== value;
        const stored = await keychain.get(name).catch(keychainFailed);
        inKeychain.set(name, stored);
        return stored !== undefined && stored !== value;
      },
    });
  }
  if (!result.servers.length) {
    for (const s of result.skipped) io.err(`Skipped ${s.what}: ${s.reason}`);
    const where = only.length ? `the config of ${only.join(', ')}` : 'any client config';
    throw new McpoError(
      'nothing-to-import',
      `No MCP servers to import were found in ${where} (home ${ctx.home}, project ${projectDir}); nothing was written.`,
      {
        hint: 'run `mcpo clients` to see where mcpo looks, or start a stack with `mcpo init`',
      },
    );
  }

  const exposed = await exposedTargets(result);
  const text = await importedStackYaml(result, { out, home: ctx.home, exposed });
  for (const [name, value] of result.secrets.store) {
    const stored = inKeychain.has(name)
      ? inKeychain.get(name)
      : await keychain.get(name).catch(keychainFailed);
    if (stored !== value) await keychain.set(name, value).catch(keychainFailed);
  }
  writeFileSync(out, text);
  // Values left in the stack: only the user may read it (also when --force replaced an older file).
  if (result.secrets.keptInline.length) chmodSync(out, 0o600);
  const tookOver = await recordOwnership(store, out, result.owned);
  reportImport(
    io,
    result,
    { out, home: ctx.home, tookOver, exposed, project: opts.project as string | undefined },
    Boolean(opts.json),
  );
  return 0;
}

/** Import needs the keychain itself to store values (an MCPO_SECRET_* variable does not help here). */
function keychainFailed(e: unknown): never {
  if (!(e instanceof McpoError)) throw e;
  const hint = (e.hint ?? 'fix the keychain').replace(`, ${ENV_ALTERNATIVE}`, '');
  throw new McpoError(e.code, `${e.message} The stack file was not written.`, {
    hint: `${hint}; or run \`mcpo import --keep-secrets-inline\` to leave the values in the stack file`,
  });
}
