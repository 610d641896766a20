// End to end against the real Grok CLI (@vibe-kit/grok-cli 0.0.34, pinned in test/clients-cli):
// `mcpo apply` writes project scope (<proj>/.grok/settings.json, the only file its MCP commands
// read); `grok mcp list` in the project must show exactly those servers with their transport and
// command or url, and `grok mcp test NAME` must connect to the stdio ones.
//
// What 0.0.34 shows (observed; it prints 1.0.1 for --version): MCP servers live only in the
// settings file of the folder it runs in (`mcpServers.<name> = { name, transport }`); `mcp list`
// does not connect (every server shows "Disconnected"), `mcp test` does, without an API key.
// Run in a folder without settings it creates `.grok/settings.json` there with a `model` only.
// `grok mcp add` writes `args: []` and `env: {}` always and connects to the new server at once.
// Once `mcp test` or `mcp add` has connected to a stdio server, grok prints its result but never
// exits (the server it started keeps it alive): `untilLine` reads its output up to the result
// line and then ends grok and the server it started.
// Grok merges a server's `env` into its own environment verbatim (dist/mcp/transports.js): it has
// no reference syntax, so `secrets: env` is a plan error for it; inline and launcher are proven.
import { describe, test, expect, beforeAll, afterAll } from '@jest/globals';
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { installOrSkip, MEMORY_JS, planIsClean, runClient } from './helpers/real-client.js';
import { applyNpmScene, applyStack, type NpmScene } from './helpers/npm-cli-scene.js';
import { MCPO_CLI } from './helpers/tmp-home.js';
import { describeDelivery, entriesHoldingValue, planEnvMode } from './helpers/real-delivery.js';

const { binDir, skipReason } = installOrSkip('Grok CLI');
const suite = skipReason ? describe.skip : describe;

/** `grok mcp list`: `name: <status>` then indented `Transport:`, `Command:` or `URL:` lines. */
function parseList(out: string): Record<string, Record<string, string>> {
  const servers: Record<string, Record<string, string>> = {};
  let current: Record<string, string> | undefined;
  for (const line of out.split('\n')) {
    const head = /^([A-Za-z0-9][\w.-]*): (\S.*)$/.exec(line);
    const field = /^ {2}(\w[\w ]*): (.*)$/.exec(line);
    if (head) current = servers[head[1]!] = { status: head[2]! };
    else if (field && current) current[field[1]!] = field[2]!.trim();
  }
  return servers;
}

/**
 * Runs grok in its own process group until a line of its output matches `done`, then ends the
 * group; resolves with the output so far (ANSI-free with NO_COLOR). Rejects if grok exits first
 * without such a line.
 */
function untilLine(
  file: string,
  args: string[],
  opts: { env: NodeJS.ProcessEnv; cwd: string },
  done: RegExp,
): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { ...opts, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    const stop = () => {
      try {
        process.kill(-child.pid!, 'SIGTERM');
      } catch {
        // already gone
      }
    };
    const onData = (chunk: Buffer) => {
      out += chunk.toString();
      if (done.test(out)) {
        stop();
        resolve(out);
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('error', reject);
    child.on('exit', (code) => {
      if (!done.test(out))
        reject(new Error(`${file} ${args.join(' ')} exited ${code} without ${done}\n${out}`));
    });
  });
}

suite('real Grok CLI reads what mcpo wrote (project scope)', () => {
  let scene: NpmScene;
  const grok = (args: string[], cwd: string) =>
    runClient(join(binDir, 'grok'), args, { env: scene.tmp.env, cwd }).stdout;
  const file = () => join(scene.project, '.grok', 'settings.json');
  const servers = () =>
    JSON.parse(readFileSync(file(), 'utf8')).mcpServers as Record<string, unknown>;

  beforeAll(async () => {
    if (!existsSync(MCPO_CLI))
      throw new Error(`${MCPO_CLI} is missing: run \`npm run build\` first (npm test does)`);
    scene = await applyNpmScene('grok-cli', { scopes: ['project'], sse: true });
  }, 120_000);

  afterAll(() => scene?.cleanup());

  test("mcpo wrote the project file in Grok's nested form", () => {
    const s = servers();
    expect(Object.keys(s).sort()).toEqual(scene.servers.project);
    expect(s['proj-withenv']).toEqual({
      name: 'proj-withenv',
      transport: { type: 'stdio', command: 'node', args: [scene.withEnvJs], env: { FOO: 'bar' } },
    });
    expect(s['proj-remote']).toEqual({
      name: 'proj-remote',
      transport: { type: 'http', url: scene.httpUrl, headers: { 'X-Api-Key': 'k-123' } },
    });
  });

  test('in the project grok lists exactly the project servers with their fields; elsewhere none', () => {
    expect(parseList(grok(['mcp', 'list'], scene.project))).toEqual({
      'proj-events': { status: '✗ Disconnected', Transport: 'sse', URL: scene.sseUrl },
      'proj-memory': { status: '✗ Disconnected', Transport: 'stdio', Command: `node ${MEMORY_JS}` },
      'proj-remote': { status: '✗ Disconnected', Transport: 'http', URL: scene.httpUrl },
      'proj-withenv': {
        status: '✗ Disconnected',
        Transport: 'stdio',
        Command: `node ${scene.withEnvJs}`,
      },
    });
    expect(grok(['mcp', 'list'], scene.elsewhere)).toContain('No MCP servers configured');
  }, 120_000);

  test('grok connects to the stdio servers (withenv exits unless FOO=bar reached it)', async () => {
    for (const name of ['proj-memory', 'proj-withenv']) {
      const out = await untilLine(
        join(binDir, 'grok'),
        ['mcp', 'test', name],
        { env: scene.tmp.env, cwd: scene.project },
        /(Successfully connected|Failed to connect) to/,
      );
      expect(out).toContain(`Successfully connected to ${name}`);
    }
  }, 120_000);

  test('what Grok read is not drift: plan shows no changes', () => {
    const r = planIsClean(scene);
    expect({ code: r.code, output: r.stdout + r.stderr }).toMatchObject({ code: 0 });
  });

  test('a server added with `grok mcp add` survives mcpo apply, and grok still lists it', async () => {
    const add = ['mcp', 'add', 'mine', '-c', 'node', '-e', 'FOO=bar', '-a', scene.withEnvJs];
    const added = await untilLine(
      join(binDir, 'grok'),
      add,
      { env: scene.tmp.env, cwd: scene.project },
      /Connected to MCP server|Error adding/,
    );
    expect(added).toContain('✓ Connected to MCP server: mine');
    const before = servers().mine;
    expect(before).toEqual({
      name: 'mine',
      transport: { type: 'stdio', command: 'node', args: [scene.withEnvJs], env: { FOO: 'bar' } },
    });
    const apply = applyStack(scene);
    expect({ code: apply.code, output: apply.stdout + apply.stderr }).toMatchObject({ code: 0 });
    expect(servers().mine).toEqual(before);
    expect(parseList(grok(['mcp', 'list'], scene.project)).mine).toMatchObject({
      Transport: 'stdio',
      Command: `node ${scene.withEnvJs}`,
    });
    expect(planIsClean(scene).code).toBe(0);
  }, 120_000);
});

// Inline and launcher: `grok mcp test` connects, and each server exits unless its variable holds
// the secret. Grok has no user scope: each mode's stack folder is its project.
describeDelivery(
  'Grok CLI',
  'grok-cli',
  skipReason,
  { modes: ['inline', 'launcher'], scope: 'project' },
  (d) => {
    test('inline and launcher servers connect in `grok mcp test`', async () => {
      for (const mode of ['inline', 'launcher'] as const) {
        const [cmd, ...args] = d().wrap([join(binDir, 'grok'), 'mcp', 'test', `d-${mode}`]);
        const out = await untilLine(
          cmd!,
          args,
          { env: d().env, cwd: d().dirOf(mode) },
          /(Successfully connected|Failed to connect) to/,
        );
        expect(out).toContain(`Successfully connected to d-${mode}`);
        const file = JSON.parse(
          readFileSync(join(d().dirOf(mode), '.grok', 'settings.json'), 'utf8'),
        ).mcpServers;
        expect(entriesHoldingValue(d(), file)).toEqual(mode === 'inline' ? ['d-inline'] : []);
      }
    }, 120_000);

    test('`secrets: env` is a plan error naming Grok and the fix, and nothing is written', () => {
      const r = planEnvMode(d(), 'grok-cli', 'project');
      expect(r.code).toBe(1);
      expect(r.stderr).toContain(
        'grok-cli has no syntax for reading a secret from an environment variable',
      );
      expect(r.stderr).toContain('secrets: launcher');
      expect(existsSync(join(d().tmp.home, 'stacks', 'env-refused', '.grok'))).toBe(false);
    }, 60_000);
  },
);
