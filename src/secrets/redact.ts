/**
 * The one masking mechanism of every output (issue 11, class 1). Two halves:
 * - `credentialSpans` / `maskString`: the rule for ONE string, by where it sits: a value under a
 *   secret-looking key (`isSecretKey`), the credential after an HTTP auth scheme (`Bearer xyz`
 *   shows `Bearer (sensitive)`), an argument `--token=V`, `GITHUB_TOKEN=V`, `Authorization: V`,
 *   the argument after a bare `--api-key`, a URL query parameter `?key=V`;
 * - `Redactor`: values known to be secret (the stack's secrets as resolved, and every credential
 *   found by the rule above in the client files read), masked wherever they appear in free text.
 * mcpo's own secret tokens (`${secret:NAME}` as loaded) always show as "(sensitive)".
 */
import { isSecretKey } from './secret-key.js';
import { SENSITIVE, hasSecret } from './tokens.js';

/** An HTTP auth scheme stays visible (and stays in an imported stack); the rest is the credential. */
export const AUTH_SCHEME_RE = /^(Bearer|Basic|Token)\s+/i;
/** `${VAR}`, `${env:VAR}`, `$VAR`, `{env:VAR}`: a reference the client resolves, not a value. */
const REFERENCE_RE = /^(\$\{[^}]+\}|\$[A-Za-z_][A-Za-z0-9_]*|\{env:[^}]+\})$/;
/** `--token=V`, `-k=V`, `GITHUB_TOKEN=V` (docker's `-e NAME=V`); not `keyring-mcp==1.2`, a Python requirement. */
const ASSIGN_RE = /^-*([A-Za-z0-9_.-]+)=(?!=)(.+)$/s;
/** `--api-key`: a flag whose value is the next word or argument. */
const FLAG_RE = /^--?([A-Za-z0-9_.-]+)$/;
/** `Authorization: Bearer V` as one argument (mcp-remote's `--header`). */
const HEADER_RE = /^([A-Za-z0-9_-]+):\s*(.+)$/s;
const QUERY_RE = /[?&]([^=&#\s]+)=([^&#\s]+)/g;
/** Every rule below a key needs one of these: `=`, `:`, or two words. */
const MAYBE_CREDENTIAL_RE = /[=:\s]/;
/** Free text masks shorter values only where quoted: bare, they would hide ordinary words. */
const MIN_BARE = 6;

type Span = [start: number, end: number];

/**
 * Where the credentials are inside `s`. `key`: the map key `s` is held under (undefined for an
 * array item); `prev`: the array item before it (so `--token`, `V` masks V).
 */
export function credentialSpans(s: string, key?: string, prev?: string): Span[] {
  if (key !== undefined && isSecretKey(key)) return credential(s, 0);
  const afterFlag = prev !== undefined && isSecretFlag(lastWord(prev));
  // Most strings (commands, paths, plain arguments) have nothing the rules below look for.
  if (!afterFlag && !MAYBE_CREDENTIAL_RE.test(s)) return [];
  // One argument: the value of `--api-key` before it, or `--token=V` / `Authorization: V` whole.
  if (afterFlag && !s.startsWith('-')) return credential(s, 0);
  for (const re of [ASSIGN_RE, HEADER_RE]) {
    const m = re.exec(s);
    if (m && isSecretKey(m[1]!)) return credential(s, s.length - m[2]!.length);
  }
  // A command line in one string: the same rules word by word, and URL query parameters.
  const spans: Span[] = [];
  let before: string | undefined;
  for (const m of s.matchAll(/\S+/g)) {
    const w = m[0];
    const end = m.index + w.length;
    const a = ASSIGN_RE.exec(w);
    if (a && isSecretKey(a[1]!)) spans.push(...credential(s, end - a[2]!.length, end));
    else if (isSecretFlag(before) && !w.startsWith('-')) spans.push(...credential(s, m.index, end));
    before = w;
  }
  for (const m of s.matchAll(QUERY_RE)) {
    const end = m.index + m[0].length;
    if (isSecretKey(m[1]!)) spans.push([end - m[2]!.length, end]);
  }
  return merge(spans);
}

/** `s` as it may be shown: a secret token or a whole credential is "(sensitive)", a part is replaced. */
export function maskString(s: string, key?: string, prev?: string): string {
  if (hasSecret(s)) return SENSITIVE;
  let out = s;
  for (const [a, b] of credentialSpans(s, key, prev).reverse()) {
    out = out.slice(0, a) + SENSITIVE + out.slice(b);
  }
  return out;
}

/**
 * The value for display, with the positional rule applied to every string (map keys give the
 * key; array items see the item before them); `known` adds the Redactor's values. Parts that
 * need no mask are shared with `value`, not copied.
 */
export function maskValue<T>(value: T, key?: string, known?: Redactor): T {
  return walkMask(value, key, undefined, known) as T;
}

/** Copy-on-write: unchanged values are returned as they are (plans of 1000 servers). */
function walkMask(
  v: unknown,
  key: string | undefined,
  prev: string | undefined,
  known?: Redactor,
): unknown {
  if (typeof v === 'string') {
    const m = maskString(v, key, prev);
    return known?.size ? known.string(m) : m;
  }
  if (Array.isArray(v)) {
    let out: unknown[] | undefined;
    v.forEach((x, i) => {
      const m = walkMask(x, undefined, itemBefore(v, i), known);
      if (m !== x) (out ??= [...v])[i] = m;
    });
    return out ?? v;
  }
  if (v && typeof v === 'object') {
    let out: Record<string, unknown> | undefined;
    for (const [k, x] of Object.entries(v)) {
      const m = walkMask(x, k, undefined, known);
      if (m !== x) (out ??= { ...v })[k] = m;
    }
    return out ?? v;
  }
  return v;
}

/** Every credential string `credentialSpans` finds anywhere inside `value` (an entry, a whole file). */
export function credentialsIn(
  value: unknown,
  into: Set<string> = new Set(),
  key?: string,
  prev?: string,
): Set<string> {
  if (typeof value === 'string') {
    // A string holding a secret token is shown as "(sensitive)" whole; the token is no value.
    if (hasSecret(value)) return into;
    for (const [a, b] of credentialSpans(value, key, prev)) into.add(value.slice(a, b));
  } else if (Array.isArray(value)) {
    value.forEach((x, i) => credentialsIn(x, into, undefined, itemBefore(value, i)));
  } else if (value && typeof value === 'object') {
    for (const [k, x] of Object.entries(value)) credentialsIn(x, into, k);
  }
  return into;
}

/**
 * Values that must not be shown, masked in free text and in structured values. Built once per
 * command from the known secret values and the credentials found in the client files it read.
 */
export class Redactor {
  private readonly known = new Set<string>();
  private sorted: string[] | null = null;
  /**
   * Values given to `addFound`, searched on first use: a re-plan with nothing to show masks
   * nothing, and searching every string of 32 client files of 1000 entries cost ~0.2 s.
   */
  private found: unknown[] = [];

  /** Known secret values (from the keychain or `MCPO_SECRET_*`); empty ones are ignored. */
  add(values: Iterable<string | undefined>): this {
    for (const v of values) if (v && v.trim()) this.known.add(v);
    this.sorted = null;
    return this;
  }

  /** The credentials found at secret-looking places inside `value` (searched when first needed). */
  addFound(value: unknown): this {
    this.found.push(value);
    this.sorted = null;
    return this;
  }

  private get values(): Set<string> {
    if (this.found.length) {
      const found = this.found;
      this.found = [];
      for (const v of found) this.add(credentialsIn(v));
    }
    return this.known;
  }

  get size(): number {
    return this.values.size;
  }

  /** Free text (a diff, a log line, a message) with every value masked, longest first. */
  text(s: string): string {
    let out = s;
    for (const v of this.ordered()) {
      const escaped = JSON.stringify(v).slice(1, -1);
      if (v.length >= MIN_BARE) {
        out = replaceAll(out, v);
        if (escaped !== v) out = replaceAll(out, escaped);
      } else {
        out = replaceAll(
          replaceAll(out, `"${escaped}"`, `"${SENSITIVE}"`),
          `'${v}'`,
          `'${SENSITIVE}'`,
        );
      }
    }
    return out;
  }

  /** One structured string: a known value as a whole, or inside it when long enough. */
  string(s: string): string {
    return this.values.has(s) ? SENSITIVE : this.text(s);
  }

  /** For display: the positional rule, secret tokens, and every known value (see maskValue). */
  value<T>(value: T, key?: string): T {
    return maskValue(value, key, this);
  }

  private ordered(): string[] {
    return (this.sorted ??= [...this.values].sort((a, b) => b.length - a.length));
  }
}

function credential(s: string, start: number, end = s.length): Span[] {
  const scheme = AUTH_SCHEME_RE.exec(s.slice(start, end))?.[0].length ?? 0;
  const value = s.slice(start + scheme, end);
  if (!value.trim() || REFERENCE_RE.test(value.trim())) return [];
  return [[start + scheme, end]];
}

/** The array item before index i, when it is a string (`--api-key` of `--api-key V`). */
function itemBefore(items: unknown[], i: number): string | undefined {
  const prev = i > 0 ? items[i - 1] : undefined;
  return typeof prev === 'string' ? prev : undefined;
}

function isSecretFlag(word: string | undefined): boolean {
  const f = word === undefined ? null : FLAG_RE.exec(word);
  return !!f && isSecretKey(f[1]!);
}

function lastWord(s: string): string | undefined {
  return /(\S+)\s*$/.exec(s)?.[1];
}

function merge(spans: Span[]): Span[] {
  const out: Span[] = [];
  for (const s of spans.sort((a, b) => a[0] - b[0])) {
    const last = out[out.length - 1];
    if (last && s[0] <= last[1]) last[1] = Math.max(last[1], s[1]);
    else out.push([s[0], s[1]]);
  }
  return out;
}

function replaceAll(text: string, v: string, mask = SENSITIVE): string {
  return text.includes(v) ? text.split(v).join(mask) : text;
}
