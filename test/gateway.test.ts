// `via: gateway` end to end: apply writes one `mcpo` entry, and real SDK clients start exactly
// that entry. Backends are real servers: server-memory from npm and a small SDK server
// (fixtures/gateway/tools-server.mjs) that records its starts, cancellations and can crash.
import { describe, test, expect, beforeAll, beforeEach, afterEach } from '@jest/globals';
import {
  existsSync,
  readFileSync,
  readdirSync,
  realpathSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  CreateMessageRequestSchema,
  ListRootsRequestSchema,
  ToolListChangedNotificationSchema,
  type CallToolResult,
} from '@modelcontextprotocol/sdk/types.js';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { makeTmpHome, MCPO_CLI, runMcpo, type TmpHome } from './helpers/tmp-home.js';
import { clientPackagePath, ensureClientClis } from './helpers/client-clis.js';
import { connectStdio, type StdioSession } from './helpers/mcp-client.js';

const TOOLS_JS = join(
  dirname(fileURLToPath(import.meta.url)),
  'fixtures',
  'gateway',
  'tools-server.mjs',
);
const MEMORY_JS = clientPackagePath('@modelcontextprotocol/server-memory', 'dist', 'index.js');
const EVERYTHING_JS = clientPackagePath(
  '@modelcontextprotocol/server-everything',
  'dist',
  'index.js',
);
const SECRET_JS = join(
  dirname(fileURLToPath(import.meta.url)),
  'fixtures',
  'launcher',
  'secret-server.mjs',
);
const SECRET = 'sk-gateway-4b1e7d-SECRET';
const q = (s: string) => JSON.stringify(s);
const node = q(process.execPath);
const fixture = (label: string, extra = '') =>
  `{ command: ${node}, args: [${q(TOOLS_JS)}, ${label}]${extra} }`;

let h: TmpHome;
let stack: string;
let env: NodeJS.ProcessEnv;
const sessions: StdioSession[] = [];

beforeAll(() => void ensureClientClis(), 15 * 60_000);
beforeEach(() => {
  h = makeTmpHome();
  stack = join(h.home, 'mcp.stack.yaml');
  // The daemon is the default path; it exits soon after its last session (each test its own home).
  env = {
    ...h.env,
    STARTS_FILE: join(h.home, 'starts.log'),
    CANCEL_FILE: join(h.home, 'cancel.log'),
    MCPO_GATEWAY_DAEMON_IDLE_MS: '2000',
    XDG_RUNTIME_DIR: join(h.home, 'run'),
  };
});
afterEach(async () => {
  await Promise.all(sessions.splice(0).map((s) => s.close().catch(() => {})));
  h.cleanup();
});

function writeStack(
  servers: string,
  clients = 'claude-code: { scope: project, stacks: [dev], via: gateway }',
  more = '',
): void {
  writeFileSync(
    stack,
    `version: 1\nservers:\n${servers}\nstacks:\n  dev: { servers: [${[...servers.matchAll(/^ {2}([a-z0-9-]+):/gm)].map((m) => m[1]).join(', ')}] }\n${more}clients:\n  ${clients}\n`,
  );
}

/** Applies the stack and connects a real SDK client to the one entry apply wrote. */
async function connectGateway(): Promise<{
  s: StdioSession;
  entry: { command: string; args: string[] };
}> {
  const r = runMcpo(['apply', '--yes', '--stack', stack], { env, cwd: h.home });
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  const servers = JSON.parse(readFileSync(join(h.home, '.mcp.json'), 'utf8')).mcpServers as Record<
    string,
    { command: string; args: string[] }
  >;
  const entry = servers.mcpo!;
  const s = await connectStdio(entry.command, entry.args, env, h.home);
  sessions.push(s);
  return { s, entry };
}

const starts = () =>
  existsSync(env.STARTS_FILE!)
    ? readFileSync(env.STARTS_FILE!, 'utf8').trim().split('\n').filter(Boolean)
    : [];
const textOf = (r: unknown) => ((r as CallToolResult).content[0] as { text: string }).text;

/** Processes whose parent is `pid` (Linux /proc), to count the backends a gateway runs. */
function childrenOf(pid: number): number[] {
  return readdirSync('/proc')
    .filter((d) => /^\d+$/.test(d))
    .filter((d) => {
      try {
        return (
          Number(readFileSync(`/proc/${d}/stat`, 'utf8').split(') ')[1]!.split(' ')[1]) === pid
        );
      } catch {
        return false;
      }
    })
    .map(Number);
}

/** Waits for a condition the gateway brings about asynchronously (a child exits, a file is written). */
async function until(check: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (check()) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`never happened: ${what}`);
}

/** Every file under `dir` whose bytes contain `text`. */
function filesContaining(dir: string, text: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((f) => join(dir, f))
    .filter((f) => statSync(f).isFile() && readFileSync(f).includes(text));
}

/** Tests that count a gateway's children or read its status by pid: the in-process mode. */
const inProcess = () => void (env.MCPO_GATEWAY_DAEMON = '0');
const gatewayPid = (s: StdioSession) => (s.client.transport as unknown as { pid: number }).pid;

describe('via: gateway', () => {
  test('plan and apply write one `mcpo` entry that starts the gateway; the servers are not written', async () => {
    writeStack(`  a: ${fixture('a')}\n  memory: { command: ${node}, args: [${q(MEMORY_JS)}] }`);
    const plan = runMcpo(['plan', '--stack', stack], { env, cwd: h.home });
    expect(plan.stdout).toContain('mcpo');
    const { entry } = await connectGateway();
    const servers = JSON.parse(readFileSync(join(h.home, '.mcp.json'), 'utf8')).mcpServers;
    expect(Object.keys(servers)).toEqual(['mcpo']);
    expect(entry.args).toEqual([
      realpathSync(MCPO_CLI),
      'gateway',
      '--stack',
      stack,
      '--target',
      'claude-code:project',
    ]);
    expect(
      runMcpo(['plan', '--stack', stack, '--detailed-exitcode'], { env, cwd: h.home }).code,
    ).toBe(0);
    // status and show read the same desired entries as the plan: the gateway entry is in sync.
    const status = JSON.parse(
      runMcpo(['status', '--json', '--stack', stack], { env, cwd: h.home }).stdout,
    );
    const row = (name: string) => status.servers.find((r: { name: string }) => r.name === name);
    expect(row('mcpo')).toMatchObject({ in_stack: true });
    expect(JSON.stringify(row('mcpo'))).toContain('in-sync');
    const shown = JSON.parse(
      runMcpo(['show', 'a', '--json', '--stack', stack], { env, cwd: h.home }).stdout,
    );
    expect(shown.targets).toEqual([
      expect.objectContaining({
        via: 'gateway',
        key: ['mcpServers', 'mcpo'],
        entry: expect.objectContaining({ args: entry.args }),
      }),
    ]);
  });

  test('lists without starting a backend once its list is cached; the first call starts only that one', async () => {
    inProcess();
    writeStack(`  a: ${fixture('a')}\n  b: ${fixture('b')}`);
    const first = await connectGateway();
    // Nothing cached yet: each backend starts once to tell its tools.
    expect((await first.s.client.listTools()).tools.length).toBe(10);
    expect(starts().length).toBe(2);
    await first.s.close();

    const { s } = await connectGateway();
    const listed = (await s.client.listTools()).tools.map((t) => t.name);
    expect(listed).toContain('a__echo');
    expect(starts().length).toBe(2);
    expect(childrenOf(gatewayPid(s))).toEqual([]);
    expect(textOf(await s.client.callTool({ name: 'b__echo', arguments: { text: 'hi' } }))).toBe(
      'b:hi',
    );
    expect(
      starts()
        .slice(2)
        .map((l) => l.split(' ')[0]),
    ).toEqual(['b']);
    expect(childrenOf(gatewayPid(s)).length).toBe(1);
  });

  test('names are kept unless two servers clash; then each gets its server prefix', async () => {
    writeStack(
      `  a: ${fixture('a')}\n  b: ${fixture('b')}\n  memory: { command: ${node}, args: [${q(MEMORY_JS)}], env: { MEMORY_FILE_PATH: ${q(join(h.home, 'm.jsonl'))} } }`,
    );
    const { s } = await connectGateway();
    const names = (await s.client.listTools()).tools.map((t) => t.name);
    expect(names).toEqual(
      expect.arrayContaining([
        'a__echo',
        'b__echo',
        'a__crash',
        'b__pid',
        'create_entities',
        'read_graph',
      ]),
    );
    expect(names).not.toContain('echo');
    expect(textOf(await s.client.callTool({ name: 'a__echo', arguments: { text: 'x' } }))).toBe(
      'a:x',
    );
    const graph = await s.client.callTool({ name: 'read_graph', arguments: {} });
    expect(graph.isError).toBeFalsy();
    // With a lock, the plan says which names the gateway prefixes: the same ones it shows.
    expect(runMcpo(['lock', '--stack', stack], { env, cwd: h.home }).code).toBe(0);
    const plan = JSON.parse(
      runMcpo(['plan', '--json', '--stack', stack], { env, cwd: h.home }).stdout,
    );
    const note = plan.targets[0].gateway as {
      servers: string[];
      renamed: { as: string; server: string; name: string }[];
    };
    expect(note.servers).toEqual(['a', 'b', 'memory']);
    expect(note.renamed).toContainEqual({ as: 'a__echo', server: 'a', name: 'echo' });
    expect(note.renamed.map((r) => r.as).sort()).toEqual(
      names.filter((n) => n.includes('__')).sort(),
    );
  });

  test('a call over the server timeout is an error naming the server and limit, and is cancelled', async () => {
    writeStack(`  a: ${fixture('a', ', timeout: 0.5')}`);
    const { s } = await connectGateway();
    const progress: number[] = [];
    const r = (await s.client.callTool({ name: 'slow', arguments: {} }, undefined, {
      onprogress: (p) => void progress.push(p.progress),
    })) as CallToolResult;
    expect(r.isError).toBe(true);
    expect(textOf(r)).toMatch(/Server a did not answer slow within its timeout of 0\.5 s/);
    expect(progress).toEqual([1]);
    await until(() => existsSync(env.CANCEL_FILE!), 'cancellation reached the backend');
    expect(readFileSync(env.CANCEL_FILE!, 'utf8')).toBe('cancelled a\n');
  });

  test('cached tools answer from the cache; others reach the server each time', async () => {
    inProcess();
    writeStack(`  a: ${fixture('a', ', cache: { ttl: 10m }')}\n  b: ${fixture('b')}`);
    const { s } = await connectGateway();
    const call = async (name: string) => textOf(await s.client.callTool({ name, arguments: {} }));
    expect([await call('a__count'), await call('a__count')]).toEqual(['1', '1']);
    expect([await call('b__count'), await call('b__count')]).toEqual(['1', '2']);
    // `mcpo gateway status` reads the figures the running gateway keeps.
    type Row = {
      server: string;
      calls: number;
      cacheHits: number;
      running: boolean;
      p50Ms: number | null;
    };
    const rows = (): Row[] => {
      const r = runMcpo(['gateway', 'status', '--json'], { env, cwd: h.home });
      const mine = JSON.parse(r.stdout).gateways.filter(
        (g: { pid: number }) => g.pid === gatewayPid(s),
      );
      return mine.length ? mine[0].backends : [];
    };
    await until(() => rows().find((b) => b.server === 'b')?.calls === 2, 'status shows the calls');
    expect(rows()).toEqual([
      expect.objectContaining({ server: 'a', calls: 1, cacheHits: 1, running: true }),
      expect.objectContaining({ server: 'b', calls: 2, cacheHits: 0, running: true }),
    ]);
    expect(rows()[0]!.p50Ms).toEqual(expect.any(Number));
    const text = runMcpo(['gateway', 'status'], { env, cwd: h.home }).stdout;
    expect(text).toMatch(/claude-code:project \(pid \d+/);
    expect(text).toMatch(/^ {2}a +running +1 +0 +1 /m);
  });

  test('a crash gives the call in flight an error; the next call restarts the server', async () => {
    writeStack(`  a: ${fixture('a')}`);
    const { s } = await connectGateway();
    const pid = textOf(await s.client.callTool({ name: 'pid', arguments: {} }));
    const crashed = (await s.client.callTool({ name: 'crash', arguments: {} })) as CallToolResult;
    expect(crashed.isError).toBe(true);
    expect(textOf(crashed)).toMatch(/Server a stopped while running crash/);
    const again = textOf(await s.client.callTool({ name: 'pid', arguments: {} }));
    expect(again).not.toBe(pid);
    expect(Number(again)).toBeGreaterThan(0);
  });

  test('`mcpo use` switches the lists of a running client: list_changed, then the new tools', async () => {
    writeFileSync(
      stack,
      `version: 1\nservers:\n  a: ${fixture('a')}\n  memory: { command: ${node}, args: [${q(MEMORY_JS)}], env: { MEMORY_FILE_PATH: ${q(join(h.home, 'm.jsonl'))} } }\nstacks:\n  dev: { servers: [a] }\n  research: { servers: [memory] }\nclients:\n  claude-code: { scope: project, stacks: [dev, research], via: gateway }\n`,
    );
    const { s } = await connectGateway();
    expect((await s.client.listTools()).tools.map((t) => t.name)).toEqual(
      expect.arrayContaining(['echo', 'read_graph']),
    );
    let changed = 0;
    s.client.setNotificationHandler(ToolListChangedNotificationSchema, () => void changed++);
    const used = runMcpo(['use', 'research', '--stack', stack], { env, cwd: h.home });
    expect(used.code).toBe(0);
    await until(() => changed > 0, 'tools/list_changed');
    const names = (await s.client.listTools()).tools.map((t) => t.name);
    expect(names).toContain('read_graph');
    expect(names).not.toContain('echo');
  });

  test('a backend idle for idle_timeout stops; the next call starts it again', async () => {
    inProcess();
    writeStack(`  a: ${fixture('a', ', idle_timeout: 300ms')}`);
    const { s } = await connectGateway();
    const first = textOf(await s.client.callTool({ name: 'pid', arguments: {} }));
    expect(childrenOf(gatewayPid(s)).map(String)).toEqual([first]);
    await until(() => childrenOf(gatewayPid(s)).length === 0, 'the idle backend stopped');
    const second = textOf(await s.client.callTool({ name: 'pid', arguments: {} }));
    expect(second).not.toBe(first);
  });

  test('resources, resource templates and prompts of a real server pass through', async () => {
    writeStack(
      `  everything: { command: ${node}, args: [${q(EVERYTHING_JS)}] }\n  a: ${fixture('a')}`,
    );
    const { s } = await connectGateway();
    const resources = (await s.client.listResources()).resources;
    expect(resources.length).toBeGreaterThan(0);
    const read = await s.client.readResource({ uri: resources[0]!.uri });
    expect(read.contents[0]!.uri).toBe(resources[0]!.uri);
    const templates = (await s.client.listResourceTemplates()).resourceTemplates;
    expect(templates.length).toBeGreaterThan(0);
    const prompts = (await s.client.listPrompts()).prompts.map((p) => p.name);
    expect(prompts).toContain('simple-prompt');
    const got = await s.client.getPrompt({ name: 'simple-prompt' });
    expect(got.messages.length).toBeGreaterThan(0);
    // Tools of both: `echo` is offered by each, so both are prefixed; the others keep their names.
    const tools = (await s.client.listTools()).tools.map((t) => t.name);
    expect(tools).toEqual(expect.arrayContaining(['everything__echo', 'a__echo', 'pid']));
  });

  test('secrets reach the backend from the environment and are written nowhere; a missing one is a plan error', async () => {
    writeStack(
      `  sec: { command: ${node}, args: [${q(SECRET_JS)}], env: { SECRET_X: "\${secret:x-key}" } }`,
    );
    const r = runMcpo(['plan', '--stack', stack], { env, cwd: h.home });
    expect(r.stdout + r.stderr).toContain('x-key');
    env.MCPO_SECRET_X_KEY = SECRET;
    const { s } = await connectGateway();
    expect(textOf(await s.client.callTool({ name: 'read_secret', arguments: {} }))).toBe(SECRET);
    expect(filesContaining(h.home, SECRET)).toEqual([]);
  });

  test('a cached list older than the server is corrected once the server runs (list_changed)', async () => {
    writeStack(`  a: ${fixture('a')}`);
    const first = await connectGateway();
    await first.s.client.listTools();
    await first.s.close();
    const dir = join(h.home, '.cache', 'mcpo', 'gateway');
    const [file] = readdirSync(dir);
    const cached = JSON.parse(readFileSync(join(dir, file!), 'utf8'));
    cached.tools.push({ name: 'retired', inputSchema: { type: 'object' } });
    writeFileSync(join(dir, file!), JSON.stringify(cached));

    const { s } = await connectGateway();
    expect((await s.client.listTools()).tools.map((t) => t.name)).toContain('retired');
    let changed = 0;
    s.client.setNotificationHandler(ToolListChangedNotificationSchema, () => void changed++);
    await s.client.callTool({ name: 'echo', arguments: { text: 'x' } });
    await until(() => changed > 0, 'tools/list_changed after the check');
    expect((await s.client.listTools()).tools.map((t) => t.name)).not.toContain('retired');
  });

  test('1000 concurrent calls over 10 servers and 3 client sessions: each answered once, to its caller', async () => {
    writeStack(Array.from({ length: 10 }, (_, i) => `  s${i}: ${fixture(`s${i}`)}`).join('\n'));
    const first = await connectGateway();
    const more = await Promise.all(
      [1, 2].map(() => connectStdio(first.entry.command, first.entry.args, env, h.home)),
    );
    sessions.push(...more);
    const clients = [first.s, ...more].map((x) => x.client);
    const calls = Array.from({ length: 1000 }, (_, i) => ({
      session: i % 3,
      server: `s${i % 10}`,
      text: `call-${i}`,
    }));
    const answers = await Promise.all(
      calls.map((c) =>
        clients[c.session]!.callTool({
          name: `${c.server}__echo`,
          arguments: { text: `${c.session}/${c.text}` },
        }),
      ),
    );
    expect(answers.map(textOf)).toEqual(calls.map((c) => `${c.server}:${c.session}/${c.text}`));
    // Each session runs its own backends (none is `shared`), each started once: learning its
    // list and serving the calls is the same process.
    expect(starts().length).toBe(30);
  }, 60_000);

  test("a backend's sampling and roots requests reach the client that made the call", async () => {
    writeStack(`  everything: { command: ${node}, args: [${q(EVERYTHING_JS)}] }`);
    const { entry } = await connectGateway();
    const client = new Client(
      { name: 'sampler', version: '1' },
      { capabilities: { sampling: {}, roots: { listChanged: true } } },
    );
    const asked: string[] = [];
    client.setRequestHandler(CreateMessageRequestSchema, async (req) => {
      asked.push(JSON.stringify(req.params.messages));
      return {
        model: 'test-model',
        role: 'assistant',
        content: { type: 'text', text: 'sampled-answer' },
      };
    });
    client.setRequestHandler(ListRootsRequestSchema, async () => ({
      roots: [{ uri: 'file:///work/root-of-this-client', name: 'mine' }],
    }));
    await client.connect(
      new StdioClientTransport({
        command: entry.command,
        args: entry.args,
        env: env as Record<string, string>,
        cwd: h.home,
        stderr: 'pipe',
      }),
    );
    sessions.push({ client, stderr: () => '', close: () => client.close() });
    // Listed with this client's capabilities (a cache key part): the conditional tools are there.
    const names = (await client.listTools()).tools.map((t) => t.name);
    expect(names).toEqual(expect.arrayContaining(['trigger-sampling-request', 'get-roots-list']));
    const sampled = await client.callTool({
      name: 'trigger-sampling-request',
      arguments: { prompt: 'hello-gateway' },
    });
    expect(textOf(sampled)).toContain('sampled-answer');
    expect(asked.join()).toContain('hello-gateway');
    const roots = await client.callTool({ name: 'get-roots-list', arguments: {} });
    expect(textOf(roots)).toContain('file:///work/root-of-this-client');
  });
});
