import { resolve, dirname } from 'node:path';
import type { PathContext, Plan, Stack } from '../types.js';
import { realPathContext } from '../context.js';
import { loadStack } from '../stack/load.js';
import { clients, getClient } from '../clients/index.js';
import { stateDir } from '../state/dirs.js';
import { StateStore } from '../state/store.js';
import { envSecretLookup, type SecretLookup } from '../secrets/resolve.js';
import { loadTargets } from '../plan/load-targets.js';
import type { LoadedTarget } from '../plan/target-input.js';
import { buildPlan } from '../plan/build.js';
import { McpoError } from '../errors.js';
import type { ClientAdapter } from '../clients/contract.js';

/** What every stack-reading command needs: the loaded stack, paths, state and secrets. */
export interface Session {
  env: Record<string, string | undefined>;
  ctx: PathContext;
  stack: Stack;
  store: StateStore;
  stateDir: string;
  secrets: SecretLookup;
}

export interface SessionOptions {
  stack?: string;
  project?: string;
}

export async function openSession(opts: SessionOptions): Promise<Session> {
  const env = process.env;
  const file = resolve(opts.stack ?? 'mcp.stack.yaml');
  const projectDir = opts.project ? resolve(opts.project) : dirname(file);
  const ctx = realPathContext(env, projectDir);
  const stack = await loadStack(file, {
    env,
    home: ctx.home,
    projectDir,
    knownClients: clients.map((c) => c.id),
    clientScopes: Object.fromEntries(clients.map((c) => [c.id, c.scopes])),
  });
  const dir = stateDir(ctx);
  return { env, ctx, stack, store: new StateStore(dir), stateDir: dir, secrets: envSecretLookup(env) };
}

export function requireClient(id: string): ClientAdapter {
  const c = getClient(id);
  if (!c) throw new McpoError('unknown-client', `Unknown client ${id}.`, { hint: 'run `mcpo clients` to see the supported ones' });
  return c;
}

export function makePlan(s: Session, opts: { client?: string[]; force?: boolean }): { plan: Plan; targets: LoadedTarget[] } {
  for (const id of opts.client ?? []) requireClient(id);
  const state = s.store.load();
  const targets = loadTargets(s.stack, state, s.ctx, getClient, opts.client ?? []);
  const plan = buildPlan({ stack: s.stack, targets, state, fingerprint: s.store.fingerprinter(), secrets: s.secrets, force: Boolean(opts.force), now: new Date().toISOString() });
  return { plan, targets };
}
