/**
 * The client's `mcpo gateway` process in daemon mode: it connects to the per-user daemon
 * (starting it, detached, when nothing answers), says which session it is, then relays MCP
 * messages both ways with the SDK's stdio transports (its stdin/stdout, and the socket). When
 * the daemon goes away, the calls in flight get an error (not a hang), a new daemon is started
 * and the client's `initialize` is replayed to it, so the client keeps its session.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, openSync } from 'node:fs';
import { createConnection, type Socket } from 'node:net';
import { dirname, join } from 'node:path';
import type { JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';
import type { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { importPackage } from '../import-package.js';
import { HELLO, pidFileOf } from './daemon.js';
import type { SessionRequest } from './session.js';

const CONNECT_TRIES = 100;
const CONNECT_WAIT_MS = 50;
type Stdio = typeof import('@modelcontextprotocol/sdk/server/stdio.js');
type Id = string | number;

function connect(socket: string): Promise<Socket | undefined> {
  return new Promise((done) => {
    const s = createConnection(socket, () => done(s));
    s.once('error', () => done(undefined));
  });
}

/** Starts the daemon, detached, its output to a log file beside its pid file. */
function startDaemon(socket: string): ReturnType<typeof spawn> {
  let log: number | 'ignore' = 'ignore';
  try {
    // The daemon makes this folder too, but the log is opened before it runs.
    mkdirSync(dirname(pidFileOf(socket)), { recursive: true, mode: 0o700 });
    log = openSync(join(dirname(pidFileOf(socket)), 'daemon.log'), 'a', 0o600);
  } catch {
    // No log: the daemon still runs.
  }
  const child = spawn(process.execPath, [process.argv[1]!, 'gateway', '--daemon'], {
    detached: true,
    stdio: ['ignore', 'ignore', log],
    env: process.env,
  });
  child.unref();
  return child;
}

/** A connection to the daemon, started when needed; undefined when none can be made. */
async function reach(socket: string): Promise<Socket | undefined> {
  const first = await connect(socket);
  if (first) return first;
  const daemon = startDaemon(socket);
  for (let i = 0; i < CONNECT_TRIES; i++) {
    await new Promise((r) => setTimeout(r, CONNECT_WAIT_MS));
    // Checked before connecting: a daemon that exited because another won the socket still counts.
    const exited = daemon.exitCode !== null || daemon.signalCode !== null;
    const s = await connect(socket);
    if (s) return s;
    // It could not listen (no folder for the socket, ...): serve in-process now, not in 5 s.
    if (exited) return undefined;
  }
  return undefined;
}

/**
 * Serves the client on this process's stdio through the daemon at `socket`. Resolves false at
 * once when no daemon can be reached (the caller serves in-process), else true when the client
 * has gone.
 */
export async function relayToDaemon(socket: string, req: SessionRequest): Promise<boolean> {
  let conn = await reach(socket);
  if (!conn) return false;
  const { StdioServerTransport } = await importPackage<Stdio>(
    '@modelcontextprotocol/sdk/server/stdio.js',
  );
  const client = new StdioServerTransport();
  let daemon: StdioServerTransport | undefined;
  /** The daemon connection being used or (after a loss) being set up. */
  let current: StdioServerTransport | undefined;
  let initialize: JSONRPCMessage | undefined;
  let initialized: JSONRPCMessage | undefined;
  const inFlight = new Set<Id>();
  let queue: JSONRPCMessage[] = [];
  let replays = 0;
  let ended = false;

  const attach = async (s: Socket, replay: boolean) => {
    const t = new StdioServerTransport(s, s);
    current = t;
    const replayId = `mcpo-replay-${++replays}`;
    t.onmessage = (m) => {
      if ('id' in m && m.id === replayId && !('method' in m)) {
        // The new daemon's answer to the replayed initialize: the client has had its own.
        if (initialized) void t.send(initialized);
        daemon = t;
        for (const q of queue.splice(0)) void t.send(q);
        return;
      }
      if ('id' in m && !('method' in m)) inFlight.delete(m.id as Id);
      void client.send(m).catch(() => {});
    };
    s.once('close', () => void lost(t));
    s.once('error', () => {});
    await t.start();
    await t.send({
      jsonrpc: '2.0',
      method: HELLO,
      params: req as unknown as Record<string, unknown>,
    });
    if (replay && initialize)
      return void (await t.send({ ...(initialize as object), id: replayId } as JSONRPCMessage));
    daemon = t;
    for (const q of queue.splice(0)) void t.send(q);
  };

  const lost = async (t: StdioServerTransport) => {
    if (ended || current !== t) return;
    daemon = undefined;
    // The daemon went away mid-call: each call in flight gets an error now, not a hang.
    for (const id of inFlight) {
      void client
        .send({
          jsonrpc: '2.0',
          id,
          error: {
            code: -32603,
            message: 'The mcpo gateway daemon stopped during this request; try it again.',
          },
        })
        .catch(() => {});
    }
    inFlight.clear();
    conn = await reach(socket);
    if (conn) await attach(conn, true);
    else finish();
  };

  let finish!: () => void;
  const done = new Promise<void>((r) => (finish = r));
  client.onmessage = (m) => {
    if ('method' in m && m.method === 'initialize') initialize = m;
    if ('method' in m && m.method === 'notifications/initialized') initialized = m;
    if ('method' in m && 'id' in m) inFlight.add(m.id as Id);
    if (daemon) void daemon.send(m).catch(() => {});
    else queue.push(m);
  };
  await attach(conn, false);
  await client.start();
  // The SDK's stdio transport does not watch for the end of input: the client went away.
  process.stdin.once('end', finish);
  for (const sig of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const) process.once(sig, finish);
  await done;
  ended = true;
  queue = [];
  conn?.destroy();
  await client.close().catch(() => {});
  return true;
}
