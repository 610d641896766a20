/**
 * One client session of the gateway: the target's active servers from the stack, secrets
 * resolved when a server starts (never written anywhere), the status file, and the stack
 * followed live (after `mcpo use` the client is told its lists changed; no restart). The same
 * in the client's own `mcpo gateway` process (in-process mode) and in the daemon.
 */
import { watch } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import type { Server } from '@modelcontextprotocol/sdk/server/index.js';
import type { ServerSpec, Stack } from '../types.js';
import { realPathContext } from '../context.js';
import { loadStack } from '../stack/load.js';
import { withLock } from '../lock/read.js';
import { LOCAL_OVERRIDE } from '../stack/sources.js';
import { resolveSecrets } from '../secrets/resolve-all.js';
import { knownSecretValues, secretEnvVar } from '../secrets/resolve.js';
import { Redactor } from '../secrets/redact.js';
import { secretNamesIn, substituteSecrets } from '../secrets/tokens.js';
import { openKeychain } from '../secrets/keychain.js';
import { McpoError } from '../errors.js';
import { Gateway, type BackendSource } from './gateway.js';
import { gatewayCacheDir } from './list-cache.js';
import { findTarget, gatewayServers } from './target-servers.js';
import { targetServers } from '../plan/build.js';
import { announceListsChanged, upstreamOf } from './serve.js';
import { StatusFile } from './status-file.js';
import { stateDir } from '../state/dirs.js';

const RELOAD_DELAY_MS = 100;

/** Who the session is for: what `mcpo gateway --stack --target` was given, in the client's env. */
export interface SessionRequest {
  stack: string;
  target: string;
  env: Record<string, string>;
}

export interface Session {
  gateway: Gateway;
  close(): Promise<void>;
}

/**
 * Opens a session for `req`, answering through `server` (already built, maybe not connected).
 * Throws McpoError for a stack that does not load or a target it does not have.
 */
export async function openSession(
  req: SessionRequest,
  server: Server,
  opts: { source?: BackendSource; statusKey: string; pid: number; warn(text: string): void },
): Promise<Session> {
  const env = req.env;
  const file = resolve(req.stack);
  const ctx = realPathContext(env, dirname(file));
  const load = async (): Promise<Stack> =>
    withLock(await loadStack(file, { env, home: ctx.home })).stack;
  let stack = await load();
  findTarget(stack, req.target);

  // Servers get their secrets through their own env, not mcpo's MCPO_SECRET_* overrides.
  const childEnv = Object.fromEntries(
    Object.entries(env).filter(([k]) => !k.startsWith('MCPO_SECRET_')),
  );
  // Grows with each backend start: every secret value resolved is masked in the errors we send.
  const redactor = new Redactor();
  const gateway: Gateway = new Gateway({
    env: childEnv,
    cacheDir: gatewayCacheDir(env),
    resolve: (declared) => withSecrets(declared, stack, env, redactor),
    // A remote server logged in with `mcpo login`: its tokens, masked like its secrets.
    auth: async (resolved) => {
      // The provider pushes each token value it reads: each is masked from then on.
      const sink = new TokenSink(redactor);
      const { launcherAuth } = await import('../launcher/oauth.js');
      return launcherAuth(resolved, stack.file, sink, env);
    },
    redact: (text) => redactor.text(text),
    onListsChanged: () => void announceListsChanged(server),
    onActivity: () => status.changed(),
    upstream: () => upstreamOf(server),
    ...(opts.source ? { source: opts.source } : {}),
  });
  const statusDir = join(stateDir({ platform: process.platform, env, home: ctx.home }), 'gateway');
  const header = {
    pid: opts.pid,
    stack: file,
    target: req.target,
    startedAt: new Date().toISOString(),
  };
  const status = new StatusFile(statusDir, header, () => gateway.status(), opts.statusKey);
  gateway.setServers(served(stack, req.target));

  const reload = async () => {
    try {
      const next = await load();
      const servers = served(next, req.target);
      stack = next;
      if (gateway.setServers(servers)) await announceListsChanged(server);
    } catch (e) {
      // A half-saved or invalid stack keeps the servers as they were; plan/validate explain it.
      opts.warn(
        redactor.text(
          `mcpo gateway: keeping the current servers: ${e instanceof Error ? e.message : String(e)}\n`,
        ),
      );
    }
  };
  const stopWatching = watchStack(stack, () => void reload());
  return {
    gateway,
    async close() {
      status.remove();
      stopWatching();
      await gateway.stop();
    },
  };
}

function served(stack: Stack, ref: string): ServerSpec[] {
  const target = findTarget(stack, ref);
  return gatewayServers(stack, target, targetServers(target, stack));
}

/** Watches the stack's folder for its files and the local override (which `mcpo use` may create). */
function watchStack(stack: Stack, changed: () => void): () => void {
  const names = new Set([
    ...stack.files.filter((f) => dirname(f) === dirname(stack.file)).map((f) => basename(f)),
    LOCAL_OVERRIDE,
  ]);
  let timer: NodeJS.Timeout | undefined;
  const watcher = watch(dirname(stack.file), (_event, name) => {
    if (name !== null && !names.has(basename(String(name)))) return;
    // Editors and `mcpo use` write in several steps: wait until they are done.
    clearTimeout(timer);
    timer = setTimeout(changed, RELOAD_DELAY_MS);
  });
  watcher.unref();
  return () => {
    clearTimeout(timer);
    watcher.close();
  };
}

/** The server with its secret values (environment, then keychain), as `mcpo run` resolves them. */
/** An array that also hands every value pushed into it to the redactor. */
class TokenSink extends Array<string> {
  // Derived arrays (map, filter) are plain arrays: this constructor takes a redactor, not a length.
  static override get [Symbol.species]() {
    return Array;
  }
  constructor(private readonly redactor: Redactor) {
    super();
  }
  override push(...values: string[]): number {
    this.redactor.add(values);
    return super.push(...values);
  }
}

async function withSecrets(
  declared: ServerSpec,
  stack: Stack,
  env: NodeJS.ProcessEnv,
  redactor: Redactor,
): Promise<ServerSpec> {
  const names = [...secretNamesIn(declared)];
  if (!names.length) return declared;
  const secrets = await resolveSecrets(names, env, async () =>
    openKeychain(stack.secretsNamespace, env),
  );
  const missing = names.filter((n) => secrets.lookup(n) === undefined);
  if (missing.length) {
    const why = secrets.keychainProblem ? ` ${secrets.keychainProblem.message}` : '';
    throw new McpoError(
      'missing-secrets',
      `Server ${declared.name} needs secrets that have no value: ${missing.join(', ')}.${why}`,
      {
        hint: `store them with \`mcpo secret set NAME --stack ${stack.file}\`, or set ${missing.map(secretEnvVar).join(', ')} in the client's environment`,
      },
    );
  }
  redactor.add(knownSecretValues(names, secrets.lookup));
  return substituteSecrets(declared, secrets.lookup);
}
