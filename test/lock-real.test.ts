// `mcpo lock` on real servers and the real npm registry: server-memory and server-everything
// (test/clients-cli, installed in .cache/client-clis) are snapshotted, and an `npx` server is
// resolved against registry.npmjs.org; its integrity must be the one npm itself recorded in
// test/clients-cli/package-lock.json. `npx` is a shim on PATH that starts the installed
// server-memory, so the lock does not download it again. Skipped (with the reason) outside CI
// when the servers cannot be installed; under CI a failed install fails the suite.
import { describe, test, expect, beforeEach, afterEach } from '@jest/globals';
import { chmodSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { clientPackagePath, REPO_ROOT } from './helpers/client-clis.js';
import { installOrSkip, MEMORY_JS } from './helpers/real-client.js';
import { makeTmpHome, type TmpHome } from './helpers/tmp-home.js';
import { runMcpoAsync } from './helpers/run-async.js';

const { skipReason } = installOrSkip('lock server');
const suite = skipReason ? describe.skip : describe;
const EVERYTHING_JS = clientPackagePath(
  '@modelcontextprotocol/server-everything',
  'dist',
  'index.js',
);
const MEMORY_TOOLS = [
  'add_observations',
  'create_entities',
  'create_relations',
  'delete_entities',
  'delete_observations',
  'delete_relations',
  'open_nodes',
  'read_graph',
  'search_nodes',
];

let h: TmpHome;
let dir: string;
let env: NodeJS.ProcessEnv;
beforeEach(() => {
  h = makeTmpHome('mcpo-lock-real-');
  dir = join(h.home, 'p');
  mkdirSync(dir);
  mkdirSync(join(h.home, 'bin'));
  writeFileSync(
    join(h.home, 'bin', 'npx'),
    `#!/bin/sh\nexec "${process.execPath}" "${MEMORY_JS}"\n`,
  );
  chmodSync(join(h.home, 'bin', 'npx'), 0o755);
  env = { ...h.env, PATH: `${join(h.home, 'bin')}:${process.env.PATH}` };
  delete env.npm_config_registry;
  delete env.NPM_CONFIG_REGISTRY;
});
afterEach(() => h.cleanup());

const items = (text: string, server: string, kind: string) => {
  const block = text.split('\n\n').find((b) => b.startsWith(`server ${server}\n`)) ?? '';
  return [...block.matchAll(new RegExp(`^  ${kind} ("[^"]*"|\\S+) [0-9a-f]{32}$`, 'gm'))].map(
    (m) => m[1],
  );
};

suite('mcpo lock with real servers', () => {
  test('server-memory and server-everything: their known lists; the same bytes on a second lock', async () => {
    const lockedMemory = JSON.parse(
      readFileSync(join(REPO_ROOT, 'test', 'clients-cli', 'package-lock.json'), 'utf8'),
    ).packages['node_modules/@modelcontextprotocol/server-memory'] as {
      version: string;
      integrity: string;
    };
    writeFileSync(
      join(dir, 'mcp.stack.yaml'),
      [
        'version: 1',
        'servers:',
        `  memory: { command: node, args: ['${MEMORY_JS}'] }`,
        `  everything: { command: node, args: ['${EVERYTHING_JS}'] }`,
        `  published: { command: npx, args: [-y, '@modelcontextprotocol/server-memory@${lockedMemory.version}'] }`,
        '',
      ].join('\n'),
    );
    const r = await runMcpoAsync(['lock'], { env, cwd: dir });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const text = readFileSync(join(dir, 'mcp.stack.lock'), 'utf8');
    expect(items(text, 'memory', 'tool')).toEqual(MEMORY_TOOLS);
    expect(items(text, 'published', 'tool')).toEqual(MEMORY_TOOLS);
    expect(text).toContain(
      `  version ${lockedMemory.version}\n  integrity ${lockedMemory.integrity}\n`,
    );
    expect(items(text, 'everything', 'tool')).toEqual(
      expect.arrayContaining(['echo', 'get-sum', 'get-env']),
    );
    expect(items(text, 'everything', 'prompt').length).toBeGreaterThan(0);
    expect(items(text, 'everything', 'template').length).toBeGreaterThan(0);
    expect(text).toMatch(/\n {2}tool echo [0-9a-f]{32}\n {4}\| Echoes back the input string\n/);

    rmSync(join(dir, 'mcp.stack.lock'));
    expect((await runMcpoAsync(['lock'], { env, cwd: dir })).code).toBe(0);
    expect(readFileSync(join(dir, 'mcp.stack.lock'), 'utf8')).toBe(text);
    const doctor = await runMcpoAsync(['doctor', '--json'], { env, cwd: dir });
    expect(JSON.parse(doctor.stdout).lockChanges).toBeUndefined();
    expect(doctor.code).toBe(0);
  }, 120_000);

  test('outdated asks registry.npmjs.org for the newest version', async () => {
    writeFileSync(
      join(dir, 'mcp.stack.yaml'),
      "version: 1\nservers:\n  old: { command: npx, args: [-y, '@modelcontextprotocol/server-memory@0.6.2'] }\n",
    );
    const r = await runMcpoAsync(['outdated', '--json'], { env, cwd: dir });
    expect(r.code).toBe(0);
    const [row] = JSON.parse(r.stdout).servers;
    expect(row).toMatchObject({
      server: 'old',
      type: 'npm',
      package: '@modelcontextprotocol/server-memory',
      current: '0.6.2',
      outdated: true,
    });
    expect(row.latest).toMatch(/^\d+\.\d+\.\d+$/);
  }, 60_000);
});
