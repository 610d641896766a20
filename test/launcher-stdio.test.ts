// `secrets: launcher` end to end: apply writes `node <dist/cli.cjs> run NAME --stack FILE`, and an
// MCP SDK client starts exactly that entry. The servers are real: server-memory from npm and a
// small SDK server (fixtures/launcher) that reports the secret it finds in its environment.
import { describe, test, expect, beforeAll, beforeEach, afterEach } from '@jest/globals';
import { spawn } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  realpathSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { makeTmpHome, MCPO_CLI, runCommand, runMcpo, type TmpHome } from './helpers/tmp-home.js';
import { clientPackagePath, ensureClientClis } from './helpers/client-clis.js';
import { connectStdio } from './helpers/mcp-client.js';

const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), 'fixtures', 'launcher');
const MEMORY_JS = clientPackagePath('@modelcontextprotocol/server-memory', 'dist', 'index.js');
const SECRET = 'sk-launcher-7f3a9c-SECRET';
const q = (s: string) => JSON.stringify(s);

let h: TmpHome;
let project: string;
let stack: string;
let env: NodeJS.ProcessEnv;

beforeAll(() => void ensureClientClis(), 15 * 60_000);

beforeEach(() => {
  h = makeTmpHome();
  project = join(h.home, 'p');
  mkdirSync(project);
  stack = join(project, 'mcp.stack.yaml');
  writeFileSync(
    stack,
    `version: 1
servers:
  echo: { command: ${q(process.execPath)}, args: [${q(join(FIXTURES, 'secret-server.mjs'))}], env: { SECRET_X: "\${secret:x-key}" } }
  memory: { command: ${q(process.execPath)}, args: [${q(MEMORY_JS)}], env: { MEMORY_FILE_PATH: "\${secret:mem-path}" } }
  exit7: { command: ${q(process.execPath)}, args: [${q(join(FIXTURES, 'exit-with.mjs'))}, "7"] }
  waiter: { command: ${q(process.execPath)}, args: [${q(join(FIXTURES, 'exit-with.mjs'))}, wait] }
clients:
  claude-code: { scope: project, servers: [echo, memory], secrets: launcher }
`,
  );
  env = { ...h.env, MCPO_SECRET_X_KEY: SECRET, MCPO_SECRET_MEM_PATH: join(h.home, 'memory.jsonl') };
});
afterEach(() => h.cleanup());

describe('secrets: launcher', () => {
  test('apply writes the launcher entry and no secret; the entry starts the server with the secret', async () => {
    const r = runMcpo(['apply', '--yes', '--stack', stack], { env, cwd: project });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const text = readFileSync(join(project, '.mcp.json'), 'utf8');
    expect(text).not.toContain(SECRET);
    const entry = JSON.parse(text).mcpServers.echo as {
      command: string;
      args: string[];
      env?: unknown;
    };
    expect(entry).toEqual({
      type: 'stdio',
      command: process.execPath,
      args: [realpathSync(MCPO_CLI), 'run', 'echo', '--stack', stack],
    });

    // The client's environment has the secret override, as a CI machine would; the keychain is covered elsewhere.
    const s = await connectStdio(entry.command, entry.args, env, h.home);
    try {
      const tools = await s.client.listTools();
      expect(tools.tools.map((t) => t.name)).toEqual(['read_secret']);
      const res = await s.client.callTool({ name: 'read_secret', arguments: {} });
      expect(res.content).toEqual([{ type: 'text', text: SECRET }]);
    } finally {
      await s.close();
    }
  });

  test('server-memory from npm answers initialize and tools/list through mcpo run, and sees its secret', async () => {
    const s = await connectStdio(
      process.execPath,
      [MCPO_CLI, 'run', 'memory', '--stack', stack],
      env,
      h.home,
    );
    try {
      expect(s.client.getServerVersion()?.name).toMatch(/memory/);
      const names = (await s.client.listTools()).tools.map((t) => t.name);
      expect(names).toEqual(expect.arrayContaining(['create_entities', 'read_graph']));
      // The secret is the memory file's path: the server writes where its environment says.
      await s.client.callTool({
        name: 'create_entities',
        arguments: { entities: [{ name: 'mcpo', entityType: 'tool', observations: ['launched'] }] },
      });
      expect(readFileSync(join(h.home, 'memory.jsonl'), 'utf8')).toContain('"mcpo"');
    } finally {
      await s.close();
    }
  });

  test('the written entry points at the real entry point when mcpo is started through a symlink', () => {
    const link = join(h.home, 'bin', 'mcpo');
    mkdirSync(dirname(link));
    symlinkSync(MCPO_CLI, link);
    const r = runCommand(process.execPath, [link, 'apply', '--yes', '--stack', stack], {
      env,
      cwd: project,
    });
    expect(r.code).toBe(0);
    const args = JSON.parse(readFileSync(join(project, '.mcp.json'), 'utf8')).mcpServers.memory
      .args as string[];
    expect(args[0]).toBe(realpathSync(MCPO_CLI));
    expect(existsSync(args[0]!)).toBe(true);
  });

  test('plan lists the secrets mcpo run will need that have no value yet', () => {
    const r = runMcpo(['plan', '--json', '--stack', stack], {
      env: { ...h.env, DBUS_SESSION_BUS_ADDRESS: '' },
      cwd: project,
    });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).missing_secrets).toEqual(['mem-path', 'x-key']);
  });

  test('the exit code of the server is the exit code of mcpo run', () => {
    const r = runMcpo(['run', 'exit7', '--stack', stack], { env, cwd: h.home });
    expect(r).toMatchObject({ code: 7, stdout: '', stderr: '' });
  });

  test('a signal is forwarded to the server, and mcpo run dies of it too', async () => {
    const child = spawn(process.execPath, [MCPO_CLI, 'run', 'waiter', '--stack', stack], {
      env,
      cwd: h.home,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    await new Promise<void>((resolve) => child.stdout.once('data', () => resolve()));
    const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
      child.once('exit', (code, signal) => resolve({ code, signal })),
    );
    child.kill('SIGTERM');
    expect(await exit).toEqual({ code: null, signal: 'SIGTERM' });
  });

  test('the launcher command line runs its own small bundle; any other form gets the full CLI', () => {
    const cache = join(h.env.XDG_CACHE_HOME!, 'mcpo');
    expect(runMcpo(['run', '--stack=' + stack, 'exit7'], { env, cwd: h.home })).toMatchObject({
      code: 7,
      stdout: '',
      stderr: '',
    });
    // The loader keeps one code cache per bundle: only the launcher's was used.
    expect(readdirSync(cache).map((f) => f.replace(/-v8-.*/, ''))).toEqual(['mcpo-run']);
    const bogus = runMcpo(['run', 'exit7', '--stack', stack, '--bogus'], { env, cwd: h.home });
    expect([bogus.code, bogus.stderr]).toEqual([
      1,
      expect.stringContaining("unknown option '--bogus'"),
    ]);
    const noStack = runMcpo(['run', 'exit7'], { env, cwd: h.home });
    expect([noStack.code, noStack.stderr]).toEqual([
      1,
      expect.stringContaining("required option '--stack <file>' not specified"),
    ]);
    const help = runMcpo(['run', '--help'], { env, cwd: h.home });
    expect([help.code, help.stdout]).toEqual([
      0,
      expect.stringContaining('start a server of the stack'),
    ]);
  });

  test('a mistake in a client block does not stop mcpo run (validate reports it)', () => {
    writeFileSync(stack, readFileSync(stack, 'utf8') + '  claude-kode: { servers: [exit7] }\n');
    expect(runMcpo(['run', 'exit7', '--stack', stack], { env, cwd: h.home })).toMatchObject({
      code: 7,
      stderr: '',
    });
    const v = runMcpo(['validate', '--stack', stack], { env, cwd: h.home });
    expect([v.code, v.stderr]).toEqual([
      1,
      expect.stringContaining('unknown client `claude-kode`'),
    ]);
  });

  test('unknown server and missing secret are one-sentence errors without values', () => {
    const unknown = runMcpo(['run', 'nope', '--stack', stack], { env, cwd: h.home });
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('There is no server nope');
    const { MCPO_SECRET_X_KEY: _x, ...noSecret } = env;
    const missing = runMcpo(['run', 'echo', '--stack', stack], {
      env: { ...noSecret, DBUS_SESSION_BUS_ADDRESS: '' },
      cwd: h.home,
    });
    expect(missing.code).toBe(1);
    expect(missing.stdout).toBe('');
    expect(missing.stderr).toContain('x-key');
    expect(missing.stderr).toContain('MCPO_SECRET_X_KEY');
  });
});
