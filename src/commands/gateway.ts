/**
 * `mcpo gateway --stack FILE --target ID`: what a `via: gateway` client entry starts. One MCP
 * server over stdio presenting the target's active servers (src/gateway/session.ts). By default
 * it relays to the per-user daemon, which owns the backends (src/gateway/daemon.ts); when the
 * daemon cannot be reached, or MCPO_GATEWAY_DAEMON=0, it serves the session in this process.
 * `mcpo gateway --daemon` is the daemon itself (started on demand, detached).
 */
import { dirname, resolve } from 'node:path';
import type { Io } from '../io.js';
import type { CommandOptions } from './run-command.js';
import { realPathContext } from '../context.js';
import { McpoError } from '../errors.js';
import { gatewayServer } from '../gateway/serve.js';
import { importPackage } from '../import-package.js';
import { openSession, type SessionRequest } from '../gateway/session.js';
import { daemonSocket, runDaemon } from '../gateway/daemon.js';
import { relayToDaemon } from '../gateway/daemon-client.js';

declare const __MCPO_VERSION__: string;
const VERSION = typeof __MCPO_VERSION__ === 'string' ? __MCPO_VERSION__ : '0';

export async function run(opts: CommandOptions, io: Io): Promise<number> {
  const env = process.env;
  if (opts.daemon) {
    await runDaemon(daemonSocket(env, realPathContext(env, process.cwd()).home), VERSION);
    return 0;
  }
  if (typeof opts.stack !== 'string' || typeof opts.target !== 'string') {
    throw new McpoError('usage', 'mcpo gateway needs --stack FILE and --target CLIENT:SCOPE.', {
      hint: 'client entries written by `mcpo apply` for a `via: gateway` target have both; see `mcpo gateway status` for the running ones',
    });
  }
  const stack = resolve(opts.stack);
  const req: SessionRequest = {
    stack,
    target: opts.target,
    env: Object.fromEntries(
      Object.entries(env).filter((e): e is [string, string] => e[1] !== undefined),
    ),
  };
  if (env.MCPO_GATEWAY_DAEMON !== '0') {
    // Bad input is this command's error (non-zero exit, a message on stderr), not a broken session.
    await checkTarget(req);
    const socket = daemonSocket(env, realPathContext(env, dirname(stack)).home);
    if (await relayToDaemon(socket, req)) return 0;
  }
  return serveInProcess(req, io);
}

/** Throws McpoError when the stack does not load or has no such target. */
async function checkTarget(req: SessionRequest): Promise<void> {
  const [{ loadStack }, { withLock }, { findTarget }] = await Promise.all([
    import('../stack/load.js'),
    import('../lock/read.js'),
    import('../gateway/target-servers.js'),
  ]);
  const home = realPathContext(req.env, dirname(req.stack)).home;
  findTarget(withLock(await loadStack(req.stack, { env: req.env, home })).stack, req.target);
}

/** The session served by this process, its backends its children: the fallback without a daemon. */
async function serveInProcess(req: SessionRequest, io: Io): Promise<number> {
  let opened!: (g: Promise<import('../gateway/gateway.js').Gateway>) => void;
  const gateway = new Promise<import('../gateway/gateway.js').Gateway>((r) => (opened = r));
  const server = await gatewayServer(gateway, VERSION);
  // A stack that does not load, or a target it lacks, is reported before anything is served.
  const session = await openSession(req, server, {
    statusKey: String(process.pid),
    pid: process.pid,
    warn: (t) => io.err(t),
  });
  opened(Promise.resolve(session.gateway));

  const { StdioServerTransport } = await importPackage<
    typeof import('@modelcontextprotocol/sdk/server/stdio.js')
  >('@modelcontextprotocol/sdk/server/stdio.js');
  const transport = new StdioServerTransport();
  await new Promise<void>((done) => {
    server.onclose = () => done();
    // The SDK's stdio transport does not watch for the end of input: the client went away.
    process.stdin.once('end', () => done());
    // A client that stops us by a signal still gets its backends stopped and the status removed.
    for (const sig of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const) process.once(sig, () => done());
    void server.connect(transport);
  });
  await session.close();
  await server.close().catch(() => {});
  return 0;
}
