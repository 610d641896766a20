import { resolve, dirname } from 'node:path';
import type { PathContext, Plan, Problem, ServerSpec, Stack } from '../types.js';
import type { StateData } from '../state/contract.js';
import { realPathContext } from '../context.js';
import { loadStack } from '../stack/load.js';
import { findStackFile } from '../stack/find.js';
import { stackLoadOptions } from '../stack/load-options.js';
import { getClient, loadClients, loadedClients, withFamilies } from '../clients/index.js';
import { stateDir } from '../state/dirs.js';
import { StateStore } from '../state/store.js';
import type { SecretLookup } from '../secrets/resolve.js';
import { resolveSecrets, type ResolvedSecrets } from '../secrets/resolve-all.js';
import { openKeychain } from '../secrets/keychain.js';
import { hasSecret } from '../secrets/tokens.js';
import { loadTargets } from '../plan/load-targets.js';
import type { LoadedTarget } from '../plan/target-input.js';
import { buildPlan, desiredServers } from '../plan/build.js';
import { takeOverOf } from '../plan/owner.js';
import { resolveTargetCommands } from '../stack/absolute-commands.js';
import { McpoError } from '../errors.js';
import type { ClientAdapter } from '../clients/contract.js';
import { withLock } from '../lock/read.js';
import type { LockFile } from '../lock/types.js';
import { lockedNames } from '../gateway/plan-note.js';

/** What every stack-reading command needs: the loaded stack, paths, state and secrets. */
export interface Session {
  env: Record<string, string | undefined>;
  ctx: PathContext;
  stack: Stack;
  store: StateStore;
  stateDir: string;
  secrets: SecretLookup;
  /** Where each value came from, and why the keychain could not be read (if so). */
  resolved: ResolvedSecrets;
  /** Servers whose lock entry (mcp.stack.lock) no longer answers the stack: plan errors. */
  lockProblems: Problem[];
  /** The lock itself, when there is one (its tool names tell what a gateway renames). */
  lock?: LockFile | null;
}

export interface SessionOptions {
  stack?: string;
  project?: string;
  /** Resolve the stack's secrets (environment, then keychain). Default true. */
  secrets?: boolean;
  /** Pin each package to its version in mcp.stack.lock (default true; `mcpo lock` reads the stack as written). */
  lock?: boolean;
}

export async function openSession(opts: SessionOptions): Promise<Session> {
  const env = process.env;
  const file = resolve(opts.stack ?? 'mcp.stack.yaml');
  const projectDir = opts.project ? resolve(opts.project) : dirname(file);
  const ctx = realPathContext(env, projectDir);
  const declared = await loadStack(file, {
    ...stackLoadOptions({ env, home: ctx.home }),
    projectDir,
  });
  // The lock step: every package pinned to the version the lock names (src/lock/read.ts).
  const {
    stack,
    problems: lockProblems,
    lock,
  } = opts.lock === false ? { stack: declared, problems: [], lock: null } : withLock(declared);
  // Only the adapters of the clients the stack names, and of those that may read the same
  // files (their family), are loaded: a plan over three clients, not all of them.
  await loadClients(withFamilies(stack.targets.map((t) => t.client)));
  const dir = stateDir(ctx);
  const names = opts.secrets === false ? [] : stack.secretNames;
  const resolved = await resolveSecrets(names, env, async () =>
    openKeychain(stack.secretsNamespace, env),
  );
  return {
    env,
    ctx,
    stack,
    store: new StateStore(dir),
    stateDir: dir,
    secrets: resolved.lookup,
    resolved,
    lockProblems,
    lock,
  };
}

/** `--stack FILE` for commands printed to the user, empty when the same command would find it. */
export function stackArg(stack: string | undefined): string {
  if (!stack || resolve(stack) === resolve('mcp.stack.yaml')) return '';
  const found = findStackFile(process.cwd(), {
    env: process.env,
    home: realPathContext(process.env, '').home,
    platform: process.platform,
  });
  if (found === resolve(stack)) return '';
  return `--stack ${/^[\w./@:+-]+$/.test(stack) ? stack : `'${stack.replace(/'/g, `'\\''`)}'`}`;
}

/** Loads the adapters of files the state remembers (targets that left the stack still get cleaned). */
export async function loadStateClients(state: StateData): Promise<void> {
  await loadClients(withFamilies(Object.values(state.files).map((f) => f.client)));
}

export function requireClient(id: string): ClientAdapter {
  const c = getClient(id);
  if (!c)
    throw new McpoError('unknown-client', `Unknown client ${id}.`, {
      hint: 'run `mcpo clients` to see the supported ones',
    });
  return c;
}

/** Load (client files, state, git status where a secret would be written), then the pure plan. */
export async function makePlan(
  s: Session,
  opts: { client?: string[]; force?: boolean; takeOver?: unknown },
): Promise<{ plan: Plan; targets: LoadedTarget[]; state: StateData }> {
  await loadClients(opts.client ?? []);
  for (const id of opts.client ?? []) requireClient(id);
  resolveTargetCommands(s.stack, (t) => desiredServers(t, s.stack), {
    env: s.env,
    home: s.ctx.home,
    platform: s.ctx.platform,
  });
  const state = s.store.load();
  await loadStateClients(state);
  const targets = loadTargets(s.stack, state, s.ctx, getClient, opts.client ?? [], loadedClients());
  await markGitExposure(targets, s.stack);
  const plan = buildPlan({
    stack: s.stack,
    targets,
    state,
    fingerprint: s.store.fingerprinter(),
    secrets: s.secrets,
    force: Boolean(opts.force),
    now: new Date().toISOString(),
    takeOver: takeOverOf(opts.takeOver),
    listedNames: lockedNames(s.lock ?? null),
  });
  plan.errors.unshift(...s.lockProblems);
  return { plan, targets, state };
}

/**
 * git runs only for `inline` targets whose servers carry a secret, i.e. files that would receive
 * a value (`env` and `launcher` targets never do).
 */
async function markGitExposure(targets: LoadedTarget[], stack: Stack): Promise<void> {
  // Each server is scanned for a secret once, however many targets list it: O(servers + the
  // targets' server lists), where a deep scan per target and server was targets x servers.
  const secretful = new Map<ServerSpec, boolean>();
  const carries = (srv: ServerSpec): boolean => {
    let yes = secretful.get(srv);
    if (yes === undefined) secretful.set(srv, (yes = hasSecret(srv)));
    return yes;
  };
  const risky = targets.filter(
    (t) => t.def?.secrets === 'inline' && desiredServers(t.def, stack).some(carries),
  );
  if (!risky.length) return;
  const { gitExposure } = await import('../plan/git-exposure.js');
  await Promise.all(risky.map(async (t) => void (t.gitExposure = await gitExposure(t.path))));
}
