import type { Io } from '../io.js';
import type { Keychain } from '../secrets/keychain.js';
import { secretEnvVar } from '../secrets/resolve.js';
import { McpoError } from '../errors.js';
import type { ResolvedSecrets } from '../secrets/resolve-all.js';

/**
 * Reads one secret value: a hidden prompt on a terminal (asked twice when `confirm`, the two
 * must match), otherwise standard input with one trailing newline removed. Never echoed.
 */
export async function readSecretValue(io: Io, name: string, confirm: boolean): Promise<string> {
  if (!io.interactive) {
    const value = (await io.readStdin()).replace(/\r?\n$/, '');
    if (!value)
      throw new McpoError('empty-secret', `No value for secret ${name} on standard input.`, {
        hint: `pipe it in, e.g. \`printf %s "$TOKEN" | mcpo secret set ${name}\``,
      });
    return value;
  }
  for (;;) {
    const value = await io.password(`Value for secret ${name} (input hidden):`);
    if (!value) {
      io.err('The value is empty; type it again.');
      continue;
    }
    if (!confirm || (await io.password(`Again, to confirm ${name}:`)) === value) return value;
    io.err('The two values differ; type them again.');
  }
}

/**
 * Onboarding: asks for each missing secret on the terminal. The values are only remembered for
 * this run; the returned `store` puts them in the keychain, called by apply once the user has
 * confirmed, so that a "no" leaves the keychain as it was.
 */
export async function askMissingSecrets(
  names: string[],
  io: Io,
  keychain: Keychain,
  resolved: ResolvedSecrets,
): Promise<() => Promise<void>> {
  if (resolved.keychainProblem) throw resolved.keychainProblem;
  io.err(
    `${names.length === 1 ? '1 secret has' : `${names.length} secrets have`} no value yet: ${names.join(', ')}. Each one you type is stored in the OS keychain when you confirm the apply.`,
  );
  const typed = new Map<string, string>();
  for (const n of names) {
    const value = await readSecretValue(io, n, true);
    typed.set(n, value);
    resolved.remember(n, value);
  }
  return async () => {
    for (const [n, value] of typed) {
      await keychain.set(n, value);
      io.err(`Stored ${n} in the keychain.`);
    }
  };
}

/** Apply without a terminal: every missing secret, with the commands that provide it. */
export function missingSecretsError(
  names: string[],
  stackArg: string,
  keychainProblem?: McpoError,
): McpoError {
  const cmds = names
    .map((n) => `\`mcpo secret set ${n}${stackArg ? ' ' + stackArg : ''}\``)
    .join(', ');
  const why = keychainProblem
    ? ` (the keychain could not be read: ${keychainProblem.message})`
    : '';
  return new McpoError(
    'missing-secrets',
    `No value for secret${names.length > 1 ? 's' : ''} ${names.join(', ')}${why}; nothing was written.`,
    {
      hint: `store ${names.length > 1 ? 'each' : 'it'} with ${cmds} (or export ${names.map((n) => `${secretEnvVar(n)}=...`).join(', ')}), or run \`mcpo apply\` on a terminal to be asked`,
    },
  );
}
