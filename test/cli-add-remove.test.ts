import { describe, test, expect, beforeEach, afterEach } from '@jest/globals';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeTmpHome, runMcpo } from './helpers/tmp-home.js';

/** `mcpo add` and `mcpo remove` end to end: the built CLI editing a real stack file in a temp home. */
let home: ReturnType<typeof makeTmpHome>;
let project: string;
const mcpo = (...args: string[]) => runMcpo(args, { env: home.env, cwd: project });
const stackFile = () => join(project, 'mcp.stack.yaml');
const read = () => readFileSync(stackFile(), 'utf8');

const STACK = `# yaml-language-server: $schema=./schemas/stack.schema.json
# Our team's MCP servers.
version: 1

servers:
  memory:   # remembers things
    command: npx
    args: [ -y, "@modelcontextprotocol/server-memory" ]

stacks:
  research: { servers: [memory] }   # research workflow

clients:
  claude-code: { scope: user, stacks: [research] }
`;

beforeEach(() => {
  home = makeTmpHome();
  project = join(home.home, 'proj');
  mkdirSync(project);
  mkdirSync(join(home.home, '.claude'));
  writeFileSync(stackFile(), STACK);
});
afterEach(() => home.cleanup());

describe('mcpo add', () => {
  test('a command server: appended with its env, comments and layout kept byte for byte, valid, and planned', () => {
    const r = mcpo(
      'add',
      'fs',
      '--env',
      'LOG_LEVEL=debug',
      '--',
      'npx',
      '-y',
      '@modelcontextprotocol/server-filesystem',
      '/tmp',
    );
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Added server fs to mcp.stack.yaml.');
    expect(read()).toBe(
      STACK.replace(
        'server-memory" ]\n',
        `server-memory" ]\n  fs:\n    command: npx\n    args: [-y, "@modelcontextprotocol/server-filesystem", /tmp]\n    env:\n      LOG_LEVEL: debug\n`,
      ),
    );
    expect(mcpo('validate').code).toBe(0);
  });

  test('--to and --client list it; apply then writes it to the client', () => {
    expect(
      mcpo(
        'add',
        'everything',
        '--to',
        'research',
        '--target',
        'cursor',
        '--',
        'npx',
        '-y',
        '@modelcontextprotocol/server-everything',
      ).code,
    ).toBe(0);
    const text = read();
    expect(text).toContain('  research: { servers: [memory, everything] }   # research workflow\n');
    expect(text).toContain(
      '  claude-code: { scope: user, stacks: [research] }\n  cursor: {servers: [everything]}\n',
    );
    expect(text.startsWith(STACK.slice(0, STACK.indexOf('stacks:')))).toBe(false); // servers grew
    expect(text).toContain('  memory:   # remembers things\n');
    expect(mcpo('validate').code).toBe(0);
    mkdirSync(join(home.home, '.cursor'));
    expect(mcpo('apply', '--yes').code).toBe(0);
    const cursor = JSON.parse(readFileSync(join(home.home, '.cursor', 'mcp.json'), 'utf8'));
    expect(cursor.mcpServers.everything.args).toEqual([
      '-y',
      '@modelcontextprotocol/server-everything',
    ]);
  });

  test('a remote server with a secret header reference', () => {
    const r = mcpo(
      'add',
      'linear',
      '--url',
      'https://mcp.linear.app/mcp',
      '--transport',
      'sse',
      '--header',
      'Authorization: Bearer ${secret:linear-key}',
    );
    expect(r.code).toBe(0);
    expect(read()).toContain(
      '  linear:\n    url: https://mcp.linear.app/mcp\n    transport: sse\n    headers:\n      Authorization: Bearer ${secret:linear-key}\n',
    );
    const v = mcpo('validate');
    expect(v.code).toBe(0);
  });

  test.each([
    [['memory', '--', 'npx'], 'Server `memory` is already defined at'],
    [['fs', '--to', 'reserch', '--', 'npx'], 'Unknown stack `reserch` (did you mean `research`?).'],
    [['fs', '--target', 'cursr', '--', 'npx'], 'Unknown client `cursr` (did you mean `cursor`?).'],
    [
      ['gh', '--env', 'GITHUB_TOKEN=ghp_abc123', '--', 'npx'],
      'env.GITHUB_TOKEN of server gh looks like a secret',
    ],
    [
      ['web', '--url', 'https://x.example', '--header', 'Authorization: Bearer abc'],
      'headers.Authorization of server web looks like a secret',
    ],
    [['t', '--', 'npx', 'srv', '--token=ghp_abc123'], 'args[1] of server t looks like a secret'],
    [
      ['t', '--', 'npx', 'srv', '--api-key', 'ghp_abc123'],
      'args[2] of server t looks like a secret',
    ],
    [
      ['t', '--url', 'https://x.example/mcp?api_key=ghp_abc123'],
      'url of server t looks like a secret',
    ],
    [['fs'], 'Server fs needs a command (after --) or --url.'],
    [
      ['fs', '--url', 'https://x.example', '--', 'npx'],
      'Give either a command (after --) or --url, not both.',
    ],
    [['fs', '--env', 'NOEQUALS', '--', 'npx'], '--env expects KEY=VALUE, got `NOEQUALS`.'],
    [['bad name', '--', 'npx'], '`bad name` is not a valid server name.'],
    [['fs', '--stack', 'nope.yaml', '--', 'npx'], 'No stack file at'],
  ])('refuses %j with one sentence; nothing written', (args, message) => {
    const r = mcpo('add', ...args);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(message);
    expect(r.stderr).not.toContain('ghp_abc123');
    expect(read()).toBe(STACK);
  });

  test('a credential argument given as a reference is added', () => {
    const r = mcpo(
      'add',
      't',
      '--',
      'npx',
      'srv',
      '--token=${secret:t-token}',
      '--api-key',
      '${secret:t-key}',
    );
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(read()).toContain('--token=${secret:t-token}');
  });

  test('the secret hint names a secret and the reference to use', () => {
    const r = mcpo(
      'add',
      'brave',
      '--env',
      'BRAVE_API_KEY=xyz',
      '--',
      'npx',
      '-y',
      '@brave/brave-search-mcp-server',
    );
    expect(r.stderr).toContain(
      'Fix: store it with `mcpo secret set brave-api-key` and give `${secret:brave-api-key}` as the value.',
    );
  });

  test("an edit that makes the stack invalid is refused with the loader's problems; nothing written", () => {
    // The local override already lists a server named `fs` for cursor: adding `fs` to cursor in the main
    // file too is fine, but a target the local file also defines would be a duplicate target.
    writeFileSync(
      join(project, 'mcp.stack.local.yaml'),
      'version: 1\nclients:\n  cursor: { servers: [memory] }\n',
    );
    const r = mcpo('add', 'fs', '--target', 'cursor', '--', 'npx');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('is already configured at');
    expect(read()).toBe(STACK);
  });
});

describe('mcpo remove', () => {
  test('removes the server with its comment and its mentions; other lines stay byte for byte; apply removes it', () => {
    mkdirSync(join(home.home, '.cursor'));
    expect(
      mcpo(
        'add',
        'fs',
        '--target',
        'claude-code',
        '--',
        'npx',
        '-y',
        '@modelcontextprotocol/server-filesystem',
      ).code,
    ).toBe(0);
    expect(mcpo('apply', '--yes').code).toBe(0);
    const r = mcpo('remove', 'memory');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Removed server memory from mcp.stack.yaml.');
    const text = read();
    expect(text).not.toContain('remembers things');
    expect(
      text.startsWith(
        "# yaml-language-server: $schema=./schemas/stack.schema.json\n# Our team's MCP servers.\nversion: 1\n\nservers:\n  fs:\n",
      ),
    ).toBe(true);
    expect(text).toContain('  research: { servers: [] }   # research workflow\n');
    expect(mcpo('validate').code).toBe(0);
    const p = mcpo('plan');
    expect(p.stdout).toContain('- memory');
    expect(mcpo('apply', '--yes').code).toBe(0);
    const servers = JSON.parse(readFileSync(join(home.home, '.claude.json'), 'utf8')).mcpServers;
    expect(Object.keys(servers)).toEqual(['fs']);
  });

  test('an unknown name gets a suggestion; a server from an included file is refused; nothing written', () => {
    const r = mcpo('remove', 'memroy');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('Unknown server `memroy` (did you mean `memory`?).');
    writeFileSync(
      join(project, 'mcp.stack.local.yaml'),
      'version: 1\nservers:\n  mine: { command: my-server }\n',
    );
    const l = mcpo('remove', 'mine');
    expect(l.code).toBe(1);
    expect(l.stderr).toContain('Server `mine` is defined in');
    expect(l.stderr).toContain('mcp.stack.local.yaml, not in');
    expect(read()).toBe(STACK);
  });

  test('a mention elsewhere that would dangle is refused with its location; nothing written', () => {
    writeFileSync(
      join(project, 'mcp.stack.local.yaml'),
      'version: 1\nclients:\n  cursor: { servers: [memory] }\n',
    );
    const r = mcpo('remove', 'memory');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      'mcp.stack.local.yaml:3:23: clients.cursor.servers[0]: unknown server `memory`',
    );
    expect(read()).toBe(STACK);
  });
});
