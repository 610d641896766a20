/**
 * The per-user gateway daemon: one process that owns the backends of every client session. It
 * listens on a Unix socket only the user can open (0600, in a 0700 folder; a named pipe on
 * Windows); each client's `mcpo gateway` connects, says which stack and target it serves (the
 * `mcpo/session` notification, first on the stream), then speaks MCP through the SDK's stdio
 * framing, which works on any stream. It exits after a while without sessions.
 */
import { chmodSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createConnection, createServer, type Socket } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { dirname, isAbsolute, join } from 'node:path';
import type { Server } from '@modelcontextprotocol/sdk/server/index.js';
import type { JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import { importPackage } from '../import-package.js';
import { stateDir } from '../state/dirs.js';
import type { Gateway } from './gateway.js';
import { gatewayServer } from './serve.js';
import { openSession, type Session, type SessionRequest } from './session.js';
import { SharedPool } from './shared-pool.js';

/** The first message a gateway sends on the socket: which session it is. */
export const HELLO = 'mcpo/session';
const DEFAULT_IDLE_MS = 60_000;

/** Where the daemon listens: $XDG_RUNTIME_DIR/mcpo, else the state folder; a pipe on Windows. */
export function daemonSocket(
  env: Record<string, string | undefined>,
  home: string,
  platform = process.platform,
): string {
  if (platform === 'win32') return `\\\\.\\pipe\\mcpo-gateway-${userInfo().username}`;
  const rt = env.XDG_RUNTIME_DIR;
  return rt && isAbsolute(rt)
    ? join(rt, 'mcpo', 'gateway.sock')
    : join(stateDir({ platform, env, home }), 'gateway', 'daemon.sock');
}

const PIPE = '\\\\.\\pipe\\';

/** The daemon's pid, next to its socket (for `mcpo gateway stop`); a pipe has no folder: %TEMP%. */
export function pidFileOf(socket: string): string {
  return socket.startsWith(PIPE)
    ? join(tmpdir(), `${socket.slice(PIPE.length)}.pid`)
    : `${socket}.pid`;
}

/** Resolves whether something answers on `socket` (a live daemon). */
export function answers(socket: string): Promise<boolean> {
  return new Promise((done) => {
    const s = createConnection(socket, () => {
      s.destroy();
      done(true);
    });
    s.once('error', () => done(false));
  });
}

/** Runs the daemon until it is stopped or idle; resolves false when another one already listens. */
export async function runDaemon(socket: string, version: string): Promise<boolean> {
  if (process.platform !== 'win32') {
    mkdirSync(dirname(socket), { recursive: true, mode: 0o700 });
    if (await answers(socket)) return false;
    // A socket file left by a daemon that died: nothing listens on it.
    rmSync(socket, { force: true });
  }
  const { StdioServerTransport } = await importPackage<
    typeof import('@modelcontextprotocol/sdk/server/stdio.js')
  >('@modelcontextprotocol/sdk/server/stdio.js');
  const servers = new Map<object, Server>();
  const pool = new SharedPool((user) => servers.get(user));
  const open = new Set<Promise<void>>();
  const conns = new Set<Socket>();
  let count = 0;
  let idle: NodeJS.Timeout | undefined;
  let finish!: () => void;
  const finished = new Promise<void>((r) => (finish = r));
  const idleMs = Number(process.env.MCPO_GATEWAY_DAEMON_IDLE_MS) || DEFAULT_IDLE_MS;
  const armIdle = () => {
    clearTimeout(idle);
    if (!open.size) idle = setTimeout(finish, idleMs);
  };

  const serve = async (conn: Socket) => {
    const key = `${process.pid}-${++count}`;
    let session: Promise<Session> | undefined;
    let ready!: (g: Promise<Gateway>) => void;
    const gateway = new Promise<Gateway>((r) => (ready = (g) => r(g)));
    gateway.catch(() => {});
    const server = await gatewayServer(gateway, version);
    const inner = new StdioServerTransport(conn, conn);
    const transport = helloFirst(inner, (req) => {
      session = openSession(req, server, {
        source: pool,
        statusKey: key,
        pid: process.pid,
        warn: () => {},
      });
      ready(
        session.then((s) => {
          servers.set(s.gateway, server);
          return s.gateway;
        }),
      );
    });
    await new Promise<void>((done) => {
      conn.once('close', done);
      conn.once('error', done);
      server.onclose = done;
      void server.connect(transport);
    });
    const s = await session?.catch(() => undefined);
    if (s) servers.delete(s.gateway);
    await s?.close();
    await server.close().catch(() => {});
    conn.destroy();
  };

  const listener = createServer((conn) => {
    conns.add(conn);
    const p = serve(conn).finally(() => {
      conns.delete(conn);
      open.delete(p);
      armIdle();
    });
    open.add(p);
    clearTimeout(idle);
  });
  const listening = await new Promise<boolean>((done) => {
    listener.once('error', () => done(false));
    listener.listen(socket, () => done(true));
  });
  if (!listening) return false;
  if (process.platform !== 'win32') chmodSync(socket, 0o600);
  writeFileSync(pidFileOf(socket), `${process.pid}\n`, { mode: 0o600 });
  for (const sig of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const) process.once(sig, finish);
  armIdle();
  await finished;
  listener.close();
  rmSync(pidFileOf(socket), { force: true });
  // Closing the sockets ends each session, which stops its backends and removes its status file.
  for (const c of conns) c.destroy();
  await Promise.allSettled([...open]);
  return true;
}

/** The SDK transport on the socket, with the first message (the `mcpo/session` hello) taken off. */
function helloFirst(inner: Transport, hello: (req: SessionRequest) => void): Transport {
  let greeted = false;
  const t: Transport = {
    start: () => inner.start(),
    send: (m, o) => inner.send(m, o),
    close: () => inner.close(),
  };
  inner.onmessage = (m: JSONRPCMessage) => {
    if (!greeted && 'method' in m && m.method === HELLO && !('id' in m)) {
      greeted = true;
      hello(m.params as unknown as SessionRequest);
    } else t.onmessage?.(m);
  };
  inner.onclose = () => t.onclose?.();
  inner.onerror = (e) => t.onerror?.(e);
  return t;
}
