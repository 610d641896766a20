import { envSecretLookup, type SecretLookup } from './resolve.js';
import type { Keychain } from './keychain.js';
import { McpoError } from '../errors.js';

export type SecretSource = 'env' | 'keychain';

/** Every referenced secret resolved once: values stay in this object and go only to the writer. */
export interface ResolvedSecrets {
  lookup: SecretLookup;
  source(name: string): SecretSource | undefined;
  /** Records a value just stored in the keychain (apply's onboarding prompts). */
  remember(name: string, value: string): void;
  /** Why the keychain could not be read, when a secret was not in the environment. */
  keychainProblem?: McpoError;
}

/**
 * Environment first; the keychain is opened only for names the environment lacks, so a plan
 * whose secrets all come from `MCPO_SECRET_*` never loads the native module.
 */
export async function resolveSecrets(
  names: Iterable<string>,
  env: Record<string, string | undefined>,
  openKeychain: () => Promise<Keychain>,
): Promise<ResolvedSecrets> {
  const fromEnv = envSecretLookup(env);
  const values = new Map<string, { value: string; source: SecretSource }>();
  const rest: string[] = [];
  for (const n of names) {
    const v = fromEnv(n);
    if (v !== undefined) values.set(n, { value: v, source: 'env' });
    else rest.push(n);
  }
  let keychainProblem: McpoError | undefined;
  if (rest.length) {
    try {
      const kc = await openKeychain();
      for (const n of rest) {
        const v = await kc.get(n);
        if (v !== undefined && v !== '') values.set(n, { value: v, source: 'keychain' });
      }
    } catch (e) {
      if (!(e instanceof McpoError)) throw e;
      keychainProblem = e;
    }
  }
  return {
    lookup: (n) => values.get(n)?.value ?? fromEnv(n),
    source: (n) => values.get(n)?.source ?? (fromEnv(n) !== undefined ? 'env' : undefined),
    remember: (n, value) => void values.set(n, { value, source: 'keychain' }),
    ...(keychainProblem ? { keychainProblem } : {}),
  };
}
