// Set-up for the real-client suites of the CLIs installed from npm (Kilo CLI, Qoder CLI, Auggie,
// Factory droid, Amp, Grok CLI): like applyScene in real-client.ts, but with the scopes each
// client has, a Streamable HTTP server with headers and, where the client has it, an SSE server.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Scope } from '../../src/types.js';
import { MEMORY_JS, REMOTE_URL, type Scene } from './real-client.js';
import { makeTmpHome, runMcpo, type RunResult } from './tmp-home.js';

/** Nothing listens on port 9: an SSE client fails fast, as the http one does. */
export const SSE_URL = 'http://127.0.0.1:9/sse';
export const HEADERS = { 'X-Api-Key': 'k-123' };
const PREFIX: Record<Scope, string> = { user: '', project: 'proj-', local: 'loc-' };

export interface NpmScene extends Scene {
  /** Server names per scope written by the stack, sorted. */
  servers: Partial<Record<Scope, string[]>>;
}

/** `memory`, `withenv` (stdio, env FOO=bar), `remote` (http + headers) and `events` (sse), per scope prefix. */
export function serverNames(scope: Scope, sse: boolean): string[] {
  return ['events', 'memory', 'remote', 'withenv'].filter((n) => sse || n !== 'events').map((n) => PREFIX[scope] + n).sort();
}

/**
 * A temporary HOME with `work/proj` and `elsewhere`, a stack targeting `clientId` at `scopes`,
 * applied with `--yes --force` (the client's folders do not exist yet).
 */
export function applyNpmScene(clientId: string, opts: { scopes: Scope[]; sse: boolean; env?: (home: string) => NodeJS.ProcessEnv }): NpmScene {
  const tmp = makeTmpHome(`mcpo-real-${clientId}-`);
  Object.assign(tmp.env, opts.env?.(tmp.home) ?? {});
  const project = join(tmp.home, 'work', 'proj');
  const elsewhere = join(tmp.home, 'elsewhere');
  for (const d of [project, elsewhere, join(tmp.home, 'servers')]) mkdirSync(d, { recursive: true });
  const withEnvJs = join(tmp.home, 'servers', 'withenv-server.mjs');
  writeFileSync(
    withEnvJs,
    `if (process.env.FOO !== 'bar') { console.error('FOO is not bar'); process.exit(3); }\n` +
      `await import(${JSON.stringify(pathToFileURL(MEMORY_JS).href)});\n`,
  );
  const defs: Record<string, string> = {
    memory: `{ command: node, args: [${JSON.stringify(MEMORY_JS)}] }`,
    withenv: `{ command: node, args: [${JSON.stringify(withEnvJs)}], env: { FOO: bar } }`,
    remote: `{ url: ${JSON.stringify(REMOTE_URL)}, transport: http, headers: ${JSON.stringify(HEADERS)} }`,
    events: `{ url: ${JSON.stringify(SSE_URL)}, transport: sse }`,
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
  const apply = applyStack({ tmp, project, stackFile } as NpmScene, ['--force']);
  if (apply.code !== 0) throw new Error(`mcpo apply exited ${apply.code}\n${apply.stdout}\n${apply.stderr}`);
  return { tmp, project, elsewhere, withEnvJs, stackFile, apply, servers };
}

/** `mcpo apply --yes` of the scene's stack (e.g. again, after the client's own `mcp add`). */
export function applyStack(scene: Pick<Scene, 'tmp' | 'project' | 'stackFile'>, extra: string[] = []): RunResult {
  const args = ['apply', '--stack', scene.stackFile, '--project', scene.project, '--yes', '--no-color', ...extra];
  return runMcpo(args, { env: scene.tmp.env, cwd: scene.project });
}
