/**
 * `mcpo gateway --stack FILE --target ID`: what a `via: gateway` client entry starts. One MCP
 * server over stdio presenting the target's active servers, each started on its first use with
 * its secrets resolved then (never written anywhere). It follows the stack and
 * mcp.stack.local.yaml: after `mcpo use`, the client is told its lists changed; no restart.
 */
import { watch } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import type { Io } from '../io.js';
import type { CommandOptions } from './run-command.js';
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
import { Gateway } from '../gateway/gateway.js';
import { gatewayCacheDir } from '../gateway/list-cache.js';
import { findTarget, gatewayServers } from '../gateway/target-servers.js';
import { targetServers } from '../plan/build.js';
import { announceListsChanged, gatewayServer, upstreamOf } from '../gateway/serve.js';
import { importPackage } from '../import-package.js';
import { StatusFile } from '../gateway/status-file.js';
import { stateDir } from '../state/dirs.js';

declare const __MCPO_VERSION__: string;
const RELOAD_DELAY_MS = 100;

export async function run(opts: CommandOptions, io: Io): Promise<number> {
  if (typeof opts.stack !== 'string' || typeof opts.target !== 'string') {
    throw new McpoError('usage', 'mcpo gateway needs --stack FILE and --target CLIENT:SCOPE.', {
      hint: 'client entries written by `mcpo apply` for a `via: gateway` target have both; see `mcpo gateway status` for the running ones',
    });
  }
  const env = process.env;
  const file = resolve(opts.stack as string);
  const ctx = realPathContext(env, dirname(file));
  const load = async (): Promise<Stack> =>
    withLock(await loadStack(file, { env, home: ctx.home })).stack;
  let stack = await load();
  const targetRef = opts.target as string;
  findTarget(stack, targetRef);

  // Servers get their secrets through their own env, not mcpo's MCPO_SECRET_* overrides.
  const childEnv = Object.fromEntries(
    Object.entries(env).filter(
      (e): e is [string, string] => e[1] !== undefined && !e[0].startsWith('MCPO_SECRET_'),
    ),
  );
  // Grows with each backend start: every secret value resolved is masked in the errors we send.
  const redactor = new Redactor();
  let server: Awaited<ReturnType<typeof gatewayServer>> | undefined;
  const gateway = new Gateway({
    env: childEnv,
    cacheDir: gatewayCacheDir(env),
    resolve: (declared) => withSecrets(declared, stack, env, redactor),
    redact: (text) => redactor.text(text),
    onListsChanged: () => void (server && announceListsChanged(server)),
    onActivity: () => status.changed(),
    upstream: () => (server ? upstreamOf(server) : undefined),
  });
  const status = new StatusFile(
    join(stateDir({ platform: process.platform, env, home: ctx.home }), 'gateway'),
    {
      pid: process.pid,
      stack: file,
      target: targetRef,
      startedAt: new Date().toISOString(),
    },
    () => gateway.status(),
  );
  gateway.setServers(served(stack, targetRef));
  server = await gatewayServer(
    gateway,
    typeof __MCPO_VERSION__ === 'string' ? __MCPO_VERSION__ : '0',
  );

  const reload = async () => {
    try {
      const next = await load();
      const servers = served(next, targetRef);
      stack = next;
      if (gateway.setServers(servers)) await announceListsChanged(server!);
    } catch (e) {
      // A half-saved or invalid stack keeps the servers as they were; plan/validate explain it.
      io.err(
        redactor.text(
          `mcpo gateway: keeping the current servers: ${e instanceof Error ? e.message : String(e)}\n`,
        ),
      );
    }
  };
  const stopWatching = watchStack(stack, () => void reload());

  const { StdioServerTransport } = await importPackage<
    typeof import('@modelcontextprotocol/sdk/server/stdio.js')
  >('@modelcontextprotocol/sdk/server/stdio.js');
  const transport = new StdioServerTransport();
  await new Promise<void>((done) => {
    server!.onclose = () => done();
    // The SDK's stdio transport does not watch for the end of input: the client went away.
    process.stdin.once('end', () => done());
    // A client that stops us by a signal still gets its backends stopped and the status removed.
    for (const sig of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const) process.once(sig, () => done());
    void server!.connect(transport);
  });
  status.remove();
  stopWatching();
  await gateway.stop();
  await server.close().catch(() => {});
  return 0;
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
