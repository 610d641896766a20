/**
 * Secret lookup: `MCPO_SECRET_<NAME>` (NAME upper-cased, `-`/`.` mapped to `_`) overrides the OS
 * keychain. Resolution is async (the keychain) and happens once, up front; the planner gets a
 * synchronous lookup over the result (see resolve-all.ts).
 */
import { Redactor } from './redact.js';

export type SecretLookup = (name: string) => string | undefined;

export function secretEnvVar(name: string): string {
  return `MCPO_SECRET_${name.toUpperCase().replace(/[-.]/g, '_')}`;
}

export function envSecretLookup(env: Record<string, string | undefined>): SecretLookup {
  return (name) => {
    const v = env[secretEnvVar(name)];
    return v === undefined || v === '' ? undefined : v;
  };
}

/** Every value the lookup knows for these names, longest first, for masking free text. */
export function knownSecretValues(names: Iterable<string>, lookup: SecretLookup): string[] {
  const out = new Set<string>();
  for (const n of names) {
    const v = lookup(n);
    if (v) out.add(v);
  }
  return [...out].sort((a, b) => b.length - a.length);
}

/** Masks every known secret value in a text, with the one mechanism of src/secrets/redact.ts. */
export function redactText(text: string, values: string[]): string {
  return new Redactor().add(values).text(text);
}
