import { describe, expect, test } from '@jest/globals';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { McpoError } from '../src/errors.js';
import { loadStack } from '../src/stack/load.js';
import { repoRoot } from '../src/stack/sources.js';
import { secretToken } from '../src/secrets/tokens.js';
import { HOME, brief, options, problemsOf, tmpFiles } from './stack-helpers.js';

const FIXTURES = fileURLToPath(new URL('./fixtures/stacks', import.meta.url));
const ROOT = repoRoot();

describe('loadStack', () => {
  test('loads the spec example into the common model', async () => {
    const file = join(FIXTURES, 'spec.yaml');
    const stack = await loadStack(file, options());
    expect(stack.file).toBe(file);
    expect(stack.projectDir).toBe(FIXTURES);
    expect(stack.files).toEqual([file]);
    expect(stack.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(stack.vars).toEqual({ projects: '~/projects' });
    expect(stack.secretNames).toEqual(['github-token', 'linear-key']);
    const { source, ...filesystem } = stack.servers.filesystem!;
    expect(filesystem).toEqual({
      name: 'filesystem',
      transport: 'stdio',
      command: 'npx',
      args: ['-y', '@modelcontextprotocol/server-filesystem', `${HOME}/projects`],
      env: { LOG_LEVEL: 'info' },
      cwd: `${HOME}/work`,
    });
    expect(source).toEqual({ file, line: 6, col: 3 });
    expect(stack.servers.github!.env).toEqual({
      GITHUB_PERSONAL_ACCESS_TOKEN: secretToken('github-token'),
    });
    const { source: _s, ...linear } = stack.servers.linear!;
    expect(linear).toEqual({
      name: 'linear',
      transport: 'http',
      url: 'https://mcp.linear.app/mcp',
      headers: { Authorization: `Bearer ${secretToken('linear-key')}` },
    });
    expect(stack.stacks.development).toMatchObject({
      name: 'development',
      description: 'Coding workflow',
      servers: ['filesystem', 'github'],
    });
    expect(stack.targets.map(({ source: _t, ...t }) => t)).toEqual([
      {
        client: 'claude-desktop',
        scope: 'user',
        stacks: ['development'],
        servers: [],
        prune: false,
        secrets: 'inline',
      },
      {
        client: 'claude-code',
        scope: 'user',
        stacks: ['development'],
        servers: ['linear'],
        prune: false,
        secrets: 'inline',
      },
      {
        client: 'cursor',
        scope: 'project',
        stacks: [],
        servers: ['github'],
        prune: false,
        secrets: 'env',
      },
    ]);
    expect(stack.targets[2]!.source).toEqual({ file, line: 26, col: 3 });
  });

  test("the repo's own mcp.stack.yaml and built-in stacks load without secrets or env", async () => {
    const stack = await loadStack(join(ROOT, 'mcp.stack.yaml'), options());
    expect(Object.keys(stack.servers)).toEqual(['filesystem', 'github', 'linear']);
    expect(stack.targets.map((t) => `${t.client}:${t.scope}`)).toEqual([
      'claude-desktop:user',
      'claude-code:user',
      'cursor:project',
    ]);
    const builtin = await loadStack(join(ROOT, 'stacks/development.yaml'), options());
    expect(builtin.targets).toEqual([]);
    expect(builtin.stacks.development!.servers).toEqual(['filesystem', 'git', 'eslint']);
  });

  test('a missing stack file is one clear error', async () => {
    const dir = tmpFiles({});
    const err = await loadStack(join(dir, 'mcp.stack.yaml'), options()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(McpoError);
    expect(err).toMatchObject({
      code: 'stack-not-found',
      message: `No stack file at ${join(dir, 'mcp.stack.yaml')}.`,
    });
    expect((err as McpoError).hint).toContain('mcpo init');
  });

  test('a folder means its mcp.stack.yaml; projectDir can be given', async () => {
    const dir = tmpFiles({ 'mcp.stack.yaml': 'version: 1\nsecrets_namespace: acme\n' });
    const stack = await loadStack(dir, options({ projectDir: '/elsewhere' }));
    expect(stack.file).toBe(join(dir, 'mcp.stack.yaml'));
    expect(stack.projectDir).toBe('/elsewhere');
    expect(stack.secretsNamespace).toBe('acme');
    expect(stack.servers).toEqual({});
  });

  test('list-form clients: one target per scope, with path, prune and secrets', async () => {
    const dir = tmpFiles({
      'mcp.stack.yaml': [
        'version: 1',
        'servers:',
        '  a: { command: a }',
        'clients:',
        '  claude-code:',
        '    - { scope: user, servers: [a] }',
        '    - scope: project',
        '      servers: [a]',
        '      path: ./cfg/.mcp.json',
        '      prune: true',
        '      secrets: env',
        '  cursor: { scope: user, servers: [a], path: ~/cursor.json }',
        '',
      ].join('\n'),
    });
    const stack = await loadStack(join(dir, 'mcp.stack.yaml'), options());
    expect(
      stack.targets.map(({ source, ...t }) => ({ ...t, line: source?.line, col: source?.col })),
    ).toEqual([
      {
        client: 'claude-code',
        scope: 'user',
        stacks: [],
        servers: ['a'],
        prune: false,
        secrets: 'inline',
        line: 6,
        col: 7,
      },
      {
        client: 'claude-code',
        scope: 'project',
        stacks: [],
        servers: ['a'],
        prune: true,
        secrets: 'env',
        path: join(dir, 'cfg/.mcp.json'),
        line: 7,
        col: 7,
      },
      {
        client: 'cursor',
        scope: 'user',
        stacks: [],
        servers: ['a'],
        prune: false,
        secrets: 'inline',
        path: `${HOME}/cursor.json`,
        line: 12,
        col: 3,
      },
    ]);
  });

  test('the same client and scope twice is a duplicate target', async () => {
    const dir = tmpFiles({
      'mcp.stack.yaml':
        'version: 1\nservers:\n  a: { command: a }\nclients:\n  cursor:\n    - { servers: [a] }\n    - { scope: user }\n',
    });
    expect(brief(await problemsOf(join(dir, 'mcp.stack.yaml')))).toEqual([
      `duplicate-target 7:7 clients.cursor[1]: cursor (user scope) is already configured at ${join(dir, 'mcp.stack.yaml')}:6:7`,
    ]);
  });
});
