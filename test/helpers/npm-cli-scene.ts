// Set-up for the real-client suites of the CLIs installed from npm (Kilo CLI, Qoder CLI, Auggie,
// Factory droid, Amp, Grok CLI): like applyScene in real-client.ts, but with the scopes each
// client has, a Streamable HTTP server with headers and, where the client has it, an SSE server,
// both real (server-everything from the clients-cli install) so that clients that connect show it.
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Scope } from '../../src/types.js';
import { clientPackagePath } from './client-clis.js';
import { MEMORY_JS, type Scene } from './real-client.js';
import { makeTmpHome, runMcpo, type RunResult } from './tmp-home.js';

export const HEADERS = { 'X-Api-Key': 'k-123' };
const EVERYTHING_JS = clientPackagePath(
  '@modelcontextprotocol/server-everything',
  'dist',
  'index.js',
);

/** A running server-everything: its url and how to stop it. */
export interface RemoteServer {
  url: string;
  stop(): void;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

/**
 * Starts `server-everything streamableHttp|sse` on a free loopback port and resolves once it
 * says it listens: `/mcp` for Streamable HTTP, `/sse` for SSE.
 */
export async function startEverything(mode: 'streamableHttp' | 'sse'): Promise<RemoteServer> {
  const port = await freePort();
  const child = spawn(process.execPath, [EVERYTHING_JS, mode], {
    env: { ...process.env, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const stop = () => void child.kill('SIGTERM');
  await new Promise<void>((resolve, reject) => {
    let out = '';
    const onData = (chunk: Buffer) => {
      out += chunk.toString();
      if (new RegExp(`(listening on|running on) port ${port}`).test(out)) resolve();
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', (code) =>
      reject(new Error(`server-everything ${mode} exited ${code}\n${out}`)),
    );
  });
  return { url: `http://127.0.0.1:${port}/${mode === 'sse' ? 'sse' : 'mcp'}`, stop };
}
const PREFIX: Record<Scope, string> = { user: '', project: 'proj-', local: 'loc-' };

export interface NpmScene extends Scene {
  /** Server names per scope written by the stack, sorted. */
  servers: Partial<Record<Scope, string[]>>;
  /** The real Streamable HTTP (`remote`) and SSE (`events`) servers; stopped by `cleanup`. */
  httpUrl: string;
  sseUrl: string;
  cleanup(): void;
}

/** `memory`, `withenv` (stdio, env FOO=bar), `remote` (http + headers) and `events` (sse), per scope prefix. */
export function serverNames(scope: Scope, sse: boolean): string[] {
  return ['events', 'memory', 'remote', 'withenv']
    .filter((n) => sse || n !== 'events')
    .map((n) => PREFIX[scope] + n)
    .sort();
}

/**
 * A temporary HOME with `work/proj` and `elsewhere`, real remote servers, and a stack targeting
 * `clientId` at `scopes`, applied with `--yes --force` (the client's folders do not exist yet).
 */
export async function applyNpmScene(
  clientId: string,
  opts: { scopes: Scope[]; sse: boolean; env?: (home: string) => NodeJS.ProcessEnv },
): Promise<NpmScene> {
  const remote = await startEverything('streamableHttp');
  const events = opts.sse ? await startEverything('sse') : undefined;
  const tmp = makeTmpHome(`mcpo-real-${clientId}-`);
  Object.assign(tmp.env, opts.env?.(tmp.home) ?? {});
  const project = join(tmp.home, 'work', 'proj');
  const elsewhere = join(tmp.home, 'elsewhere');
  for (const d of [project, elsewhere, join(tmp.home, 'servers')])
    mkdirSync(d, { recursive: true });
  const withEnvJs = join(tmp.home, 'servers', 'withenv-server.mjs');
  writeFileSync(
    withEnvJs,
    `if (process.env.FOO !== 'bar') { console.error('FOO is not bar'); process.exit(3); }\n` +
      `await import(${JSON.stringify(pathToFileURL(MEMORY_JS).href)});\n`,
  );
  const defs: Record<string, string> = {
    memory: `{ command: node, args: [${JSON.stringify(MEMORY_JS)}] }`,
    withenv: `{ command: node, args: [${JSON.stringify(withEnvJs)}], env: { FOO: bar } }`,
    remote: `{ url: ${JSON.stringify(remote.url)}, transport: http, headers: ${JSON.stringify(HEADERS)} }`,
    events: `{ url: ${JSON.stringify(events?.url ?? '')}, transport: sse }`,
  };
  const servers: NpmScene['servers'] = {};
  const lines = ['version: 1', 'servers:'];
  const targets: string[] = [];
  for (const scope of opts.scopes) {
    const names = serverNames(scope, opts.sse);
    servers[scope] = names;
    for (const n of names) lines.push(`  ${n}: ${defs[n.slice(PREFIX[scope].length)]}`);
    targets.push(`    - { scope: ${scope}, servers: [${names.join(', ')}] }`);
  }
  const stackFile = join(project, 'mcp.stack.yaml');
  writeFileSync(stackFile, [...lines, 'clients:', `  ${clientId}:`, ...targets, ''].join('\n'));
  const cleanup = () => {
    remote.stop();
    events?.stop();
    tmp.cleanup();
  };
  const apply = applyStack({ tmp, project, stackFile }, ['--force']);
  if (apply.code !== 0) {
    cleanup();
    throw new Error(`mcpo apply exited ${apply.code}\n${apply.stdout}\n${apply.stderr}`);
  }
  return {
    tmp,
    project,
    elsewhere,
    withEnvJs,
    stackFile,
    apply,
    servers,
    httpUrl: remote.url,
    sseUrl: events?.url ?? '',
    cleanup,
  };
}

/** `mcpo apply --yes` of the scene's stack (e.g. again, after the client's own `mcp add`). */
export function applyStack(
  scene: Pick<Scene, 'tmp' | 'project' | 'stackFile'>,
  extra: string[] = [],
): RunResult {
  const args = [
    'apply',
    '--stack',
    scene.stackFile,
    '--project',
    scene.project,
    '--yes',
    '--no-color',
    ...extra,
  ];
  return runMcpo(args, { env: scene.tmp.env, cwd: scene.project });
}
