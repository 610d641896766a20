import { describe, expect, test } from '@jest/globals';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadStack } from '../src/stack/load.js';
import { repoRoot } from '../src/stack/sources.js';
import { brief, options, problemsOf, tmpFiles } from './stack-helpers.js';

const FIXTURES = fileURLToPath(new URL('./fixtures/stacks', import.meta.url));

describe('include', () => {
  test('relative file and built-in stack by name; later definitions override with override: true', async () => {
    const file = join(FIXTURES, 'with-include.yaml');
    const stack = await loadStack(file, options());
    expect(stack.files).toEqual([
      join(FIXTURES, 'shared.yaml'),
      join(repoRoot(), 'stacks', 'development.yaml'),
      file,
    ]);
    expect(Object.keys(stack.servers).sort()).toEqual([
      'eslint',
      'fetch',
      'filesystem',
      'git',
      'memory',
    ]);
    expect(stack.servers.memory).toMatchObject({
      command: 'node',
      args: ['memory.js'],
      source: { file, line: 6, col: 3 },
    });
    // vars of the including file win, and apply to servers from included files
    expect(stack.servers.fetch!.args).toEqual(['mcp-server-fetch', '/srv/mine']);
    expect(Object.keys(stack.stacks).sort()).toEqual(['development', 'research']);
    expect(stack.targets).toHaveLength(1);
  });

  test('a server defined twice without override: true is an error at the second definition', async () => {
    const dir = tmpFiles({
      'mcp.stack.yaml': 'version: 1\ninclude: [./base.yaml]\nservers:\n  a:\n    command: b\n',
      'base.yaml': 'version: 1\nservers:\n  a: { command: a }\n',
    });
    const problems = await problemsOf(join(dir, 'mcp.stack.yaml'));
    expect(brief(problems)).toEqual([
      `duplicate-server 4:3 servers.a: already defined at ${join(dir, 'base.yaml')}:3:3`,
    ]);
    expect(problems[0]!.loc!.file).toBe(join(dir, 'mcp.stack.yaml'));
    expect(problems[0]!.hint).toContain('override: true');
  });

  test('include cycles are reported; a file reached twice (diamond) is read once', async () => {
    const cyclic = tmpFiles({
      'mcp.stack.yaml': 'version: 1\ninclude: [./a.yaml]\n',
      'a.yaml': 'version: 1\ninclude:\n  - ./b.yaml\n',
      'b.yaml': 'version: 1\ninclude: [./mcp.stack.yaml]\n',
    });
    expect(brief(await problemsOf(join(cyclic, 'mcp.stack.yaml')))).toEqual([
      'include-cycle 2:11 include cycle: mcp.stack.yaml -> a.yaml -> b.yaml -> mcp.stack.yaml',
    ]);
    const diamond = tmpFiles({
      'mcp.stack.yaml': 'version: 1\ninclude: [./a.yaml, ./b.yaml]\n',
      'a.yaml': 'version: 1\ninclude: [./c.yaml]\n',
      'b.yaml': 'version: 1\ninclude: [./c.yaml]\n',
      'c.yaml': 'version: 1\nservers:\n  c: { command: c }\n',
    });
    const stack = await loadStack(join(diamond, 'mcp.stack.yaml'), options());
    expect(stack.files.map((f) => f.slice(diamond.length + 1))).toEqual([
      'c.yaml',
      'a.yaml',
      'b.yaml',
      'mcp.stack.yaml',
    ]);
  });

  test('a missing include or unknown built-in is reported with a suggestion', async () => {
    const dir = tmpFiles({ 'mcp.stack.yaml': 'version: 1\ninclude: [developmnt, ./nope.yaml]\n' });
    const problems = await problemsOf(join(dir, 'mcp.stack.yaml'));
    expect(brief(problems)).toEqual([
      'include-not-found 2:11 include[0]: no built-in stack `developmnt` (did you mean `development`?)',
      `include-not-found 2:23 include[1]: no file at ${join(dir, 'nope.yaml')}`,
    ]);
  });

  test('the hash covers included files', async () => {
    const dir = tmpFiles({
      'mcp.stack.yaml': 'version: 1\ninclude: [./base.yaml]\n',
      'base.yaml': 'version: 1\nvars: { a: "1" }\n',
    });
    const before = await loadStack(join(dir, 'mcp.stack.yaml'), options());
    expect((await loadStack(join(dir, 'mcp.stack.yaml'), options())).hash).toBe(before.hash);
    writeFileSync(join(dir, 'base.yaml'), 'version: 1\nvars: { a: "2" }\n');
    expect((await loadStack(join(dir, 'mcp.stack.yaml'), options())).hash).not.toBe(before.hash);
  });
});

describe('mcp.stack.local.yaml', () => {
  test('merges on top: vars override, extra servers and stacks, targets appended', async () => {
    const dir = tmpFiles({
      'mcp.stack.yaml': [
        'version: 1',
        'vars: { root: /shared }',
        'servers:',
        '  fs: { command: fs, args: ["${var:root}"] }',
        'stacks:',
        '  dev: { servers: [fs] }',
        'clients:',
        '  claude-code: { stacks: [dev] }',
        '',
      ].join('\n'),
      'mcp.stack.local.yaml': [
        'version: 1',
        'vars: { root: /mine }',
        'servers:',
        '  scratch: { command: scratch }',
        '  fs: { override: true, command: fs2, args: ["${var:root}", extra] }',
        'stacks:',
        '  mine: { servers: [scratch] }',
        'clients:',
        '  claude-code: { scope: local, stacks: [dev, mine] }',
        '  cursor: { servers: [scratch] }',
        '',
      ].join('\n'),
    });
    const stack = await loadStack(join(dir, 'mcp.stack.yaml'), options());
    expect(stack.files).toEqual([join(dir, 'mcp.stack.yaml'), join(dir, 'mcp.stack.local.yaml')]);
    expect(stack.vars.root).toBe('/mine');
    expect(stack.servers.fs).toMatchObject({ command: 'fs2', args: ['/mine', 'extra'] });
    expect(Object.keys(stack.stacks)).toEqual(['dev', 'mine']);
    expect(
      stack.targets.map((t) => `${t.client}:${t.scope}:${t.stacks.concat(t.servers).join(',')}`),
    ).toEqual(['claude-code:user:dev', 'claude-code:local:dev,mine', 'cursor:user:scratch']);
  });

  test('a local redefinition without override is an error located in the local file', async () => {
    const dir = tmpFiles({
      'mcp.stack.yaml': 'version: 1\nservers:\n  fs: { command: fs }\n',
      'mcp.stack.local.yaml': 'version: 1\nservers:\n  fs: { command: other }\n',
    });
    const [problem] = await problemsOf(join(dir, 'mcp.stack.yaml'));
    expect(problem).toMatchObject({
      code: 'duplicate-server',
      loc: { file: join(dir, 'mcp.stack.local.yaml'), line: 3, col: 3 },
    });
  });
});
