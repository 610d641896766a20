import { describe, expect, test } from '@jest/globals';
import { join } from 'node:path';
import { brief, problemsOf, tmpFiles } from './stack-helpers.js';

async function problemsFor(text: string, extra: Record<string, string> = {}) {
  const dir = tmpFiles({ 'mcp.stack.yaml': text, ...extra });
  return problemsOf(join(dir, 'mcp.stack.yaml'));
}

const lines = (...l: string[]): string => `${l.join('\n')}\n`;

describe('every problem at once, each at its node', () => {
  test('schema, references, clients, scopes, env and secrets in one throw', async () => {
    const problems = await problemsFor(
      lines(
        'version: 1',
        'sever: {}',
        'servers:',
        '  github:',
        '    comand: npx',
        '    args: [-y, "${secret:bad name}"]',
        '  fs:',
        '    command: npx',
        '    env: { ROOT: "${env:PROJECT_ROOT}", N: 3 }',
        'stacks:',
        '  dev:',
        '    servers: [githb, fs]',
        'clients:',
        '  claude-desktp: { stacks: [dev] }',
        '  claude-desktop: { scope: project, stacks: [deev] }',
        '  cursor: { servers: [fs], scope: workspace }',
      ),
    );
    expect(brief(problems)).toEqual([
      'unknown-key 2:1 unknown top-level key `sever` (did you mean `servers`?)',
      'server-kind 4:3 servers.github: missing `command` or `url`',
      'unknown-key 5:5 servers.github: unknown key `comand` (did you mean `command`?)',
      'bad-secret-name 6:17 servers.github.args[1]: `bad name` is not a valid secret name',
      'missing-env 9:19 servers.fs.env.ROOT: environment variable `PROJECT_ROOT` is not set',
      'wrong-type 9:44 servers.fs.env.N: must be a string, not a number',
      'unknown-server 12:15 stacks.dev.servers[0]: unknown server `githb` (did you mean `github`?)',
      'unknown-client 14:3 clients: unknown client `claude-desktp` (did you mean `claude-desktop`?)',
      'unsupported-scope 15:28 clients.claude-desktop: claude-desktop has no `project` scope',
      'unknown-stack 15:46 clients.claude-desktop.stacks[0]: unknown stack `deev` (did you mean `dev`?)',
      'bad-value 16:35 clients.cursor.scope: `workspace` is not allowed',
    ]);
    expect(problems.find((p) => p.code === 'wrong-type')!.hint).toBe('quote it: "3"');
    expect(
      problems.find((p) => p.code === 'unknown-key' && p.message.includes('comand'))!.hint,
    ).toContain('allowed keys: description, command, args');
    expect(problems.find((p) => p.code === 'unsupported-scope')!.hint).toBe(
      'claude-desktop scopes: user',
    );
  });

  test('problems in included files point into those files', async () => {
    const dir = tmpFiles({
      'mcp.stack.yaml': lines(
        'version: 1',
        'include: [./extra.yaml]',
        'clients:',
        '  cursor: { servers: [x] }',
      ),
      'extra.yaml': lines('version: 1', 'servers:', '  x: { command: x, transport: http }'),
    });
    const problems = await problemsOf(join(dir, 'mcp.stack.yaml'));
    expect(problems.map((p) => [p.code, p.loc])).toEqual([
      ['bad-value', { file: join(dir, 'extra.yaml'), line: 3, col: 31 }],
    ]);
    expect(problems[0]!.message).toBe(
      `servers.x.transport: \`http\` needs a \`url\`; a server with \`command\` uses \`stdio\` (included from ${join(dir, 'mcp.stack.yaml')}:2:11)`,
    );
  });
});

describe('schema violations in plain sentences', () => {
  test('server shape: command xor url, fields per kind, timeout, empty target lists', async () => {
    const problems = await problemsFor(
      lines(
        'version: 1',
        'servers:',
        '  both: { command: a, url: "https://x.example" }',
        '  remote:',
        '    url: https://x.example/mcp',
        '    transport: stdio',
        '    env: { A: b }',
        '  local: { command: a, headers: { A: b }, timeout: 0 }',
        '  badurl: { url: "x.example" }',
        '  opts: { command: a, client_options: { cursr: { x: 1 } } }',
        'clients:',
        '  cursor: []',
      ),
    );
    expect(brief(problems)).toEqual([
      'server-kind 3:3 servers.both: has both `command` and `url`',
      'bad-value 6:16 servers.remote.transport: `stdio` needs a `command`; a server with `url` uses `http`, `sse` or `ws`',
      'server-kind 7:5 servers.remote: only a local server (with `command`) takes `env`',
      'server-kind 8:24 servers.local: only a remote server (with `url`) takes `headers`',
      'bad-value 8:52 servers.local.timeout: must be greater than 0',
      'bad-value 9:18 servers.badurl.url: `x.example` is not a URL',
      'unknown-client 10:41 servers.opts.client_options.cursr: unknown client `cursr` (did you mean `cursor`?)',
      'bad-value 12:11 clients.cursor: must not be an empty list',
    ]);
  });

  test('version, names and types', async () => {
    const problems = await problemsFor(
      lines(
        'vars: { "1x": a }',
        'servers:',
        '  "bad name": { command: a }',
        'stacks:',
        '  s: { description: 3 }',
        'clients: [cursor]',
      ),
    );
    expect(brief(problems)).toEqual([
      'missing-key 1:1 missing `version`',
      'bad-name 1:9 vars: `1x` is not a valid variable name',
      'bad-name 3:3 servers: `bad name` is not a valid name',
      'missing-key 5:3 stacks.s: missing `servers`',
      'wrong-type 5:21 stacks.s.description: must be a string, not a number',
      'wrong-type 6:10 clients: must be a mapping, not a list',
    ]);
    expect(brief(await problemsFor('version: 2\n'))).toEqual(['bad-value 1:10 version: must be 1']);
    expect(brief(await problemsFor('# nothing\n'))).toEqual([
      'wrong-type 1:1 the stack file is empty',
    ]);
  });

  test('unknown keys in targets and stacks suggest the right key', async () => {
    const problems = await problemsFor(
      lines(
        'version: 1',
        'stacks:',
        '  s: { server: [] }',
        'clients:',
        '  cursor:',
        '    - { scopes: user }',
      ),
    );
    expect(brief(problems)).toEqual([
      'missing-key 3:3 stacks.s: missing `servers`',
      'unknown-key 3:8 stacks.s: unknown key `server` (did you mean `servers`?)',
      'unknown-key 6:9 clients.cursor[0]: unknown key `scopes` (did you mean `scope`?)',
    ]);
  });
});

describe('YAML syntax', () => {
  test('syntax errors and duplicate keys are located; other files are still checked', async () => {
    const dir = tmpFiles({
      'mcp.stack.yaml': lines(
        'version: 1',
        'include: [./broken.yaml]',
        'servers:',
        '  a: { command: a }',
        '  a: { command: b }',
      ),
      'broken.yaml': lines('version: 1', 'servers:', '  x: { command: [a, b }'),
    });
    const problems = await problemsOf(join(dir, 'mcp.stack.yaml'));
    expect(
      problems.map(
        (p) => `${p.code} ${p.loc!.file.slice(dir.length + 1)}:${p.loc!.line}:${p.loc!.col}`,
      ),
    ).toEqual(['yaml-syntax broken.yaml:3:23', 'duplicate-key mcp.stack.yaml:5:3']);
    expect(problems[1]!.message).toBe('Map keys must be unique');
  });
});
