// Asks the real Codex CLI to connect to its configured MCP servers, without a model or a login:
// `codex app-server` (experimental, JSON-RPC 2.0 as one JSON object per line on stdin/stdout) with
// `initialize`, `thread/start { cwd, ephemeral }` (a thread loads the project layer of the config
// for its cwd and starts every MCP server) and `mcpServerStatus/list { threadId }`. Method and field
// names are from `codex app-server generate-ts` of codex-cli 0.169.0 (v2/ListMcpServerStatusParams,
// v2/McpServerStatus, v2/ThreadStartParams).
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';

/** What Codex reports for one MCP server after trying to connect to it. */
export interface CodexServerStatus {
  name: string;
  /** `serverInfo.name` from the server's initialize answer; null when the handshake failed. */
  serverName: string | null;
  /** Names of the tools the server listed. */
  tools: string[];
  /** Why tool discovery failed, or null. */
  toolsError: string | null;
}

/** A tool Codex itself should call on one of its servers (`mcpServer/tool/call`), with its answer. */
export interface CodexToolCall {
  server: string;
  tool: string;
  arguments?: Record<string, unknown>;
}

type Message = { id?: number; result?: unknown; error?: { message?: string } };

/**
 * Starts `codex app-server` in `cwd`, opens an ephemeral thread for `threadCwd` and returns the
 * status of every MCP server Codex loaded for it. Rejects on a JSON-RPC error, an early exit or
 * after `timeoutMs`; the process is always killed.
 */
/** `wrap` turns the command line into the one to run (e.g. inside a keyring session). */
export function codexServerStatus(
  codex: string,
  opts: {
    env: NodeJS.ProcessEnv;
    cwd: string;
    threadCwd: string;
    timeoutMs?: number;
    wrap?: (argv: string[]) => string[];
    call?: CodexToolCall;
  },
): Promise<CodexServerStatus[]> {
  return codexSession(codex, opts).then((r) => r.status);
}

/** As codexServerStatus, and when `opts.call` is given, Codex's answer to that tool call. */
export function codexSession(
  codex: string,
  opts: {
    env: NodeJS.ProcessEnv;
    cwd: string;
    threadCwd: string;
    timeoutMs?: number;
    wrap?: (argv: string[]) => string[];
    call?: CodexToolCall;
  },
): Promise<{
  status: CodexServerStatus[];
  called?: { content: { type: string; text?: string }[]; isError?: boolean };
}> {
  const [file, ...args] = (opts.wrap ?? ((a) => a))([codex, 'app-server']);
  // Its own process group, so that a wrapper (dbus-run-session) and Codex under it are stopped together.
  const child = spawn(file!, args, {
    cwd: opts.cwd,
    env: opts.env,
    stdio: ['pipe', 'pipe', 'pipe'],
    detached: true,
  });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-4000)));
  const send = (m: object) => child.stdin.write(JSON.stringify(m) + '\n');
  const pending = new Map<number, (m: Message) => void>();
  const request = (id: number, method: string, params: unknown) =>
    new Promise<unknown>((resolve, reject) => {
      pending.set(id, (m) =>
        m.error
          ? reject(new Error(`${method}: ${m.error.message ?? JSON.stringify(m.error)}`))
          : resolve(m.result),
      );
      send({ id, method, params });
    });
  createInterface({ input: child.stdout }).on('line', (line) => {
    let m: Message;
    try {
      m = JSON.parse(line) as Message;
    } catch {
      return; // not a protocol line
    }
    if (typeof m.id === 'number' && ('result' in m || 'error' in m)) pending.get(m.id)?.(m);
  });

  const work = (async () => {
    await request(1, 'initialize', {
      clientInfo: { name: 'mcpo-test', title: null, version: '0' },
      capabilities: null,
    });
    send({ method: 'initialized' });
    const started = (await request(2, 'thread/start', {
      cwd: opts.threadCwd,
      ephemeral: true,
    })) as { thread: { id: string } };
    const list = (await request(3, 'mcpServerStatus/list', {
      detail: 'toolsAndAuthOnly',
      threadId: started.thread.id,
    })) as {
      data: {
        name: string;
        serverInfo: { name: string } | null;
        tools: Record<string, unknown>;
        toolsError: string | null;
      }[];
    };
    const status = list.data.map((s) => ({
      name: s.name,
      serverName: s.serverInfo?.name ?? null,
      tools: Object.keys(s.tools ?? {}).sort(),
      toolsError: s.toolsError,
    }));
    if (!opts.call) return { status };
    const called = (await request(4, 'mcpServer/tool/call', {
      threadId: started.thread.id,
      ...opts.call,
    })) as { content: { type: string; text?: string }[]; isError?: boolean };
    return { status, called };
  })();
  const ms = opts.timeoutMs ?? 90_000;
  let timer: NodeJS.Timeout | undefined;
  const failure = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`codex app-server gave no answer in ${ms} ms\n${stderr}`)),
      ms,
    );
    child.on('exit', (code) => reject(new Error(`codex app-server exited ${code}\n${stderr}`)));
    child.on('error', reject);
  });
  return Promise.race([work, failure]).finally(() => {
    clearTimeout(timer);
    child.stdin.end();
    try {
      process.kill(-child.pid!, 'SIGTERM');
    } catch {
      child.kill(); // the group is gone already
    }
    child.stdout.destroy();
    child.stderr.destroy();
  });
}
