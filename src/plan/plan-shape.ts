/**
 * The shape a saved plan must have before apply trusts it: defence in depth behind the MAC
 * (see plan-file.ts). Every path absolute and normalized, every client known with a scope it
 * has, every entries path the one its adapter uses. Returns the first problem, or null.
 */
import path from 'node:path';
import type { ClientAdapter } from '../clients/contract.js';
import type { PathContext } from '../types.js';
import { entriesPathsOf } from '../clients/dialect.js';

const ACTIONS = new Set(['create', 'update', 'delete', 'noop']);
/** Stands for the project folder, the one part of an entries path that depends on it. */
const PROJECT = '\u0000project';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);
const isStrings = (v: unknown): v is string[] =>
  Array.isArray(v) && v.every((s) => typeof s === 'string');

/** Absolute, normalized, no trailing separator: what the planner produces for every file. */
export function isCleanAbsolute(p: unknown): p is string {
  if (typeof p !== 'string' || !path.isAbsolute(p) || path.normalize(p) !== p) return false;
  return p === path.parse(p).root || !p.endsWith(path.sep);
}

type GetClient = (id: string) => ClientAdapter | undefined;
type Scope = Parameters<ClientAdapter['entriesPath']>[0];

export function planShapeProblem(
  data: unknown,
  ctx: PathContext,
  getClient: GetClient,
): string | null {
  if (!isObj(data) || data.formatVersion !== 1) return 'it is not a format 1 plan';
  const stack = data.stack;
  if (!isObj(stack) || !isCleanAbsolute(stack.file) || typeof stack.hash !== 'string') {
    return 'its stack file is not an absolute path';
  }
  if (!Array.isArray(data.targets)) return 'it has no list of targets';
  for (const list of ['skipped', 'errors'] as const)
    if (!Array.isArray(data[list])) return `it has no list of ${list}`;
  if (!isStrings(data.missingSecrets)) return 'its missing secrets are not a list of names';
  for (const [i, t] of data.targets.entries()) {
    const problem = targetProblem(t, ctx, getClient);
    if (problem) return `target ${i + 1} ${problem}`;
  }
  return null;
}

function targetProblem(t: unknown, ctx: PathContext, getClient: GetClient): string | null {
  if (!isObj(t)) return 'is not an object';
  const adapter = typeof t.client === 'string' ? getClient(t.client) : undefined;
  if (!adapter) return `names an unknown client ${JSON.stringify(t.client)}`;
  const scope = t.scope as Scope;
  if (!adapter.scopes.includes(scope)) return `has a scope ${adapter.id} does not have`;
  if (!isCleanAbsolute(t.path))
    return `has a path that is not absolute and normalized (${JSON.stringify(t.path)})`;
  if (!isStrings(t.entriesPath) || !entriesPathFits(t.entriesPath, adapter, scope, ctx)) {
    return `has an entries path ${adapter.id} does not use`;
  }
  if (t.fileDigest !== null && typeof t.fileDigest !== 'string') return 'has no file digest';
  const complete =
    typeof t.exists === 'boolean' && isStrings(t.managed) && typeof t.restartHint === 'string';
  if (!complete || !Array.isArray(t.changes)) return 'is incomplete';
  if (t.readers !== undefined && !isStrings(t.readers))
    return 'has readers that are not a list of client ids';
  for (const c of t.changes) {
    const problem = changeProblem(c);
    if (problem) return problem;
  }
  return null;
}

function changeProblem(c: unknown): string | null {
  if (!isObj(c) || !ACTIONS.has(c.action as string) || typeof c.server !== 'string')
    return 'has a change of an unknown kind';
  if (c.after !== undefined && !isObj(c.after))
    return `has an entry for ${c.server} that is not an object`;
  if (!Array.isArray(c.fields) || typeof c.drift !== 'boolean' || typeof c.adopt !== 'boolean') {
    return `has an incomplete change for ${c.server}`;
  }
  const writes = c.action === 'create' || c.action === 'update';
  return writes && c.after === undefined ? `has no entry to write for ${c.server}` : null;
}

/**
 * Equal to one of the client's entries paths (its own or a format version's), where the project
 * folder may be any clean absolute path.
 */
function entriesPathFits(
  got: string[],
  adapter: ClientAdapter,
  scope: Scope,
  ctx: PathContext,
): boolean {
  return entriesPathsOf(adapter, scope, { ...ctx, projectDir: PROJECT }).some(
    (want) =>
      want.length === got.length &&
      want.every((w, i) => (w.includes(PROJECT) ? isProjectKey(got[i]!) : w === got[i])),
  );
}

/** Claude Code keys local-scope entries by the project folder (with `/` on Windows too). */
function isProjectKey(k: string): boolean {
  return isCleanAbsolute(k) || isCleanAbsolute(String(k).replace(/\//g, path.sep));
}
