/**
 * Secret-looking values found by import: which ones, under what keychain name, and the
 * `${secret:NAME}` text that replaces them in the stack. Names are derived from the server and
 * the key (`GITHUB_TOKEN` of `github` -> `github-token`); the same value is one secret, and a
 * name already holding a different value (here or in the keychain) gets `-2`, `-3`...
 */
import { escapeText, type SecretHook } from './to-stack.js';
import { isSecretKey } from '../secrets/secret-key.js';
// An HTTP auth scheme stays in the stack; only the credential after it is the secret.
import { AUTH_SCHEME_RE as SCHEME_RE, credentialSpans } from '../secrets/redact.js';
/** Values that are already references the client resolves itself: `${VAR}`, `${env:VAR}`, `$VAR`, `{env:VAR}`. */
const REFERENCE_RE = /\$\{[^}]*\}|^\$[A-Za-z_][A-Za-z0-9_]*$|\{env:[^}]+\}/;

/** One value found: where, and the name it gets (or got) in the keychain. */
export interface FoundSecret {
  name: string;
  server: string;
  field: 'env' | 'headers' | 'oauth' | 'args';
  /** The env key or header name; for an argument, its flag (`--token`). */
  key: string;
}

/** A secret-looking value of a server: `at` is the env key, header name or argument index. */
export interface SecretValue {
  field: FoundSecret['field'];
  key: string;
  value: string;
  /** The argument before it (`--api-key` of `--api-key V`); arguments only. */
  prev?: string;
}

export interface SecretPlan {
  /** Names and values to store; values never leave this object except into the keychain. */
  store: Map<string, string>;
  found: FoundSecret[];
  /** Secret-looking values left in the stack (`--keep-secrets-inline`). */
  keptInline: FoundSecret[];
}

/** Whether the keychain (or an MCPO_SECRET_* variable) already holds `name` with another value. */
export type NameTaken = (name: string, value: string) => Promise<boolean>;

/**
 * First pass over the servers: decides names (async, since the keychain is asked whether a
 * name is free). Returns the plan and the hook that `toStackServer` calls to replace values.
 */
export async function planSecrets(
  servers: { name: string; secretValues: SecretValue[] }[],
  opts: { keepInline: boolean; taken: NameTaken },
): Promise<{ plan: SecretPlan; hook: SecretHook }> {
  const plan: SecretPlan = { store: new Map(), found: [], keptInline: [] };
  const byValue = new Map<string, string>();
  const replacement = new Map<string, string>();
  const at = (server: string, field: string, key: string) => `${server}\u0000${field}\u0000${key}`;
  for (const s of servers) {
    for (const sv of s.secretValues) {
      const { field, key } = sv;
      const part = credentialPart(sv);
      if (!part) continue;
      const found = { server: s.name, field, key: part.label, name: '' };
      if (opts.keepInline && field !== 'oauth') {
        plan.keptInline.push(found);
        continue;
      }
      const credential = part.credential;
      let name = byValue.get(credential);
      if (name === undefined) {
        const base = secretName(s.name, field, part.label);
        name = base;
        for (
          let i = 2;
          (plan.store.has(name) && plan.store.get(name) !== credential) ||
          (await opts.taken(name, credential));
          i++
        )
          name = `${base}-${i}`;
        byValue.set(credential, name);
        plan.store.set(name, credential);
      }
      found.name = name;
      plan.found.push(found);
      replacement.set(
        at(s.name, field, key),
        `${escapeText(part.before)}\${secret:${name}}${escapeText(part.after)}`,
      );
    }
  }
  return { plan, hook: (server, field, key) => replacement.get(at(server, field, key)) };
}

/**
 * The credential inside a found value and the text around it, which stays in the stack: the
 * auth scheme of a header (`Bearer `), the flag of an argument (`--token=`).
 */
function credentialPart(
  sv: SecretValue,
): { credential: string; before: string; after: string; label: string } | undefined {
  if (sv.field !== 'args') {
    const scheme = sv.field === 'headers' ? (SCHEME_RE.exec(sv.value)?.[0] ?? '') : '';
    return { credential: sv.value.slice(scheme.length), before: scheme, after: '', label: sv.key };
  }
  const spans = credentialSpans(sv.value, undefined, sv.prev);
  // One credential per argument; `?a_key=1&b_token=2` in one argument stays as it is.
  if (spans.length !== 1) return undefined;
  const [a, b] = spans[0]!;
  // `--token` of `--token=V`, `Authorization` of `Authorization: Bearer V`, or the flag before.
  const label = /[A-Za-z0-9_.-]+/.exec(sv.value.slice(0, a))?.[0] ?? sv.prev ?? 'argument';
  return {
    credential: sv.value.slice(a, b),
    before: sv.value.slice(0, a),
    after: sv.value.slice(b),
    label,
  };
}

/**
 * The values of a parsed server that look secret (the one rule of src/secrets/redact.ts): env
 * and header values under secret-looking keys, arguments holding a credential (`--token=V`,
 * `--api-key V`), the OAuth client secret.
 */
export function secretValuesOf(spec: {
  env?: Record<string, string>;
  headers?: Record<string, string>;
  args?: string[];
  oauth?: { clientSecret?: string };
}): SecretValue[] {
  const out: SecretValue[] = [];
  const looksSecret = (key: string, value: string, field: 'env' | 'headers') => {
    const credential = field === 'headers' ? value.replace(SCHEME_RE, '') : value;
    return isSecretKey(key) && credential.trim() !== '' && !REFERENCE_RE.test(credential);
  };
  for (const field of ['env', 'headers'] as const) {
    for (const [key, value] of Object.entries(spec[field] ?? {}))
      if (looksSecret(key, value, field)) out.push({ field, key, value });
  }
  (spec.args ?? []).forEach((value, i, args) => {
    const prev = i > 0 ? args[i - 1] : undefined;
    if (!credentialSpans(value, undefined, prev).length || REFERENCE_RE.test(value)) return;
    out.push({ field: 'args', key: String(i), value, ...(prev !== undefined ? { prev } : {}) });
  });
  const cs = spec.oauth?.clientSecret;
  if (cs !== undefined && cs !== '') out.push({ field: 'oauth', key: 'client_secret', value: cs });
  return out;
}

/** `GITHUB_TOKEN` of `github` -> `github-token`; `Authorization` of `linear` -> `linear-token`; `--api-key` -> `api-key`. */
export function secretName(server: string, field: FoundSecret['field'], key: string): string {
  const slug = (s: string) =>
    s
      .toLowerCase()
      .replace(/[^a-z0-9.]+/g, '-')
      .replace(/^[-.]+|[-.]+$/g, '');
  const srv = slug(server) || 'server';
  if (field === 'oauth') return `${srv}-client-secret`;
  const k = /^authorization$/i.test(key) ? 'token' : slug(key) || 'secret';
  // `BRAVE_API_KEY` of `brave-search` is `brave-api-key`: the key already names the service.
  const sameService = k.split('-')[0] === srv.split(/[-.]/)[0];
  return sameService ? k : `${srv}-${k}`;
}
