import type { NativeEntry, ServerSpec } from '../types.js';

/**
 * Where a client keeps the stack's `tools`, `auto_approve` and `oauth`, as native key names.
 * Declared once per adapter, so render and parse map the same fields both ways.
 */
export interface OptionFields {
  /** Key for `tools.allow` and `tools.deny` (string lists). */
  allow?: string;
  deny?: string;
  /** Key holding `auto_approve` as a list of tool names, or set to true for `auto_approve: true`. */
  approveList?: string;
  approveAll?: string;
  /**
   * Per-tool policies as one list of `{ name, <field>: policy }` objects (Claude Code's remote
   * `tools`): `auto_approve` names get the `approve` policy, `tools.deny` names the `deny` one.
   */
  policies?: { key: string; field: string; approve: string; deny: string };
  /** The OAuth object: its key ('' for fields at the top level of the entry) and its field names. */
  oauth?: {
    key: string;
    clientId?: string;
    clientSecret?: string;
    callbackPort?: string;
    scopes?: string;
    /** Scopes as one space-separated string instead of a list. */
    joinScopes?: boolean;
    /** Constant fields written alongside (e.g. Gemini's `enabled: true`). */
    fixed?: Record<string, unknown>;
  };
}

const isStrings = (v: unknown): v is string[] =>
  Array.isArray(v) && v.every((x) => typeof x === 'string');
const isObject = (v: unknown): v is Record<string, unknown> =>
  !!v && typeof v === 'object' && !Array.isArray(v);

/** The native fields for a server's options (call after `rejectOptions`, which refuses the rest). */
export function optionFields(server: ServerSpec, f: OptionFields): NativeEntry {
  const out: NativeEntry = {};
  if (f.allow && server.tools?.allow) out[f.allow] = [...server.tools.allow];
  if (f.deny && server.tools?.deny) out[f.deny] = [...server.tools.deny];
  if (f.approveList && Array.isArray(server.autoApprove))
    out[f.approveList] = [...server.autoApprove];
  if (f.approveAll && server.autoApprove === true) out[f.approveAll] = true;
  const p = f.policies;
  const approve = Array.isArray(server.autoApprove) ? server.autoApprove : [];
  const deny = server.tools?.deny ?? [];
  if (p && approve.length + deny.length) {
    // A tool both approved and denied is denied: the stricter policy wins, as in the stack.
    const rule = (name: string, policy: string) => ({ name, [p.field]: policy });
    out[p.key] = [
      ...approve.filter((n) => !deny.includes(n)).map((n) => rule(n, p.approve)),
      ...deny.map((n) => rule(n, p.deny)),
    ];
  }
  const o = server.oauth;
  if (f.oauth && o) {
    const fields: NativeEntry = { ...f.oauth.fixed };
    if (f.oauth.clientId && o.clientId !== undefined) fields[f.oauth.clientId] = o.clientId;
    if (f.oauth.clientSecret && o.clientSecret !== undefined)
      fields[f.oauth.clientSecret] = o.clientSecret;
    if (f.oauth.callbackPort && o.callbackPort !== undefined)
      fields[f.oauth.callbackPort] = o.callbackPort;
    if (f.oauth.scopes && o.scopes)
      fields[f.oauth.scopes] = f.oauth.joinScopes ? o.scopes.join(' ') : [...o.scopes];
    if (f.oauth.key) out[f.oauth.key] = fields;
    else Object.assign(out, fields);
  }
  return out;
}

type Parsed = Pick<ServerSpec, 'tools' | 'autoApprove' | 'oauth'>;

/** The options found in a native entry and the keys they came from; ill-typed values are left alone. */
export function parseOptions(
  entry: NativeEntry,
  f: OptionFields,
): { spec: Parsed; consumed: string[] } {
  const spec: Parsed = {};
  const consumed: string[] = [];
  for (const part of ['allow', 'deny'] as const) {
    const key = f[part];
    if (key && isStrings(entry[key])) {
      spec.tools = { ...spec.tools, [part]: [...(entry[key] as string[])] };
      consumed.push(key);
    }
  }
  if (f.approveList && isStrings(entry[f.approveList])) {
    spec.autoApprove = [...(entry[f.approveList] as string[])];
    consumed.push(f.approveList);
  }
  if (f.approveAll && entry[f.approveAll] === true) {
    spec.autoApprove = true;
    consumed.push(f.approveAll);
  }
  const pol = f.policies;
  const policies = pol && parsePolicies(entry[pol.key], pol);
  if (pol && policies) {
    if (policies.approve.length) spec.autoApprove = policies.approve;
    if (policies.deny.length) spec.tools = { ...spec.tools, deny: policies.deny };
    consumed.push(pol.key);
  }
  const oauth = f.oauth && parseOAuth(entry, f.oauth);
  if (oauth) {
    spec.oauth = oauth.value;
    consumed.push(...oauth.keys);
  }
  return { spec, consumed };
}

/** A policy list taken whole only when every item is `{ name, field }` with a policy we map back. */
function parsePolicies(
  v: unknown,
  p: NonNullable<OptionFields['policies']>,
): { approve: string[]; deny: string[] } | undefined {
  if (!Array.isArray(v) || v.length === 0) return undefined;
  const approve: string[] = [];
  const deny: string[] = [];
  for (const item of v) {
    if (!isObject(item) || typeof item.name !== 'string' || Object.keys(item).length !== 2)
      return undefined;
    if (item[p.field] === p.approve && !deny.length) approve.push(item.name);
    else if (item[p.field] === p.deny) deny.push(item.name);
    else return undefined;
  }
  return { approve, deny };
}

function parseOAuth(
  entry: NativeEntry,
  f: NonNullable<OptionFields['oauth']>,
): { value: NonNullable<ServerSpec['oauth']>; keys: string[] } | undefined {
  const src = f.key ? entry[f.key] : entry;
  if (!isObject(src)) return undefined;
  const value: NonNullable<ServerSpec['oauth']> = {};
  const keys: string[] = [];
  const take = (
    native: string | undefined,
    ok: (v: unknown) => boolean,
    set: (v: never) => void,
  ): void => {
    if (native && src[native] !== undefined && ok(src[native])) {
      set(src[native] as never);
      keys.push(native);
    }
  };
  take(
    f.clientId,
    (v) => typeof v === 'string',
    (v: string) => (value.clientId = v),
  );
  take(
    f.clientSecret,
    (v) => typeof v === 'string',
    (v: string) => (value.clientSecret = v),
  );
  take(
    f.callbackPort,
    (v) => typeof v === 'number',
    (v: number) => (value.callbackPort = v),
  );
  take(
    f.scopes,
    (v) => (f.joinScopes ? typeof v === 'string' : isStrings(v)),
    (v: string | string[]) =>
      (value.scopes = typeof v === 'string' ? v.split(/\s+/).filter(Boolean) : [...v]),
  );
  if (!f.key) return keys.length ? { value, keys } : undefined;
  // A nested object is taken whole only when every key in it is one we map back.
  const fixed = Object.entries(f.fixed ?? {});
  const known = new Set([...keys, ...fixed.map(([k]) => k)]);
  const whole =
    Object.keys(src).every((k) => known.has(k)) && fixed.every(([k, v]) => src[k] === v);
  return whole ? { value, keys: [f.key] } : undefined;
}
