// One consistent surface (issue 13): `mcpo show`, `--json` on every command that prints data
// (errors too), shell completion from the command definitions, `--version`, help and typos,
// renamed flags. The built CLI in a temporary home; the keychain cases in a real gnome-keyring.
import { describe, test, expect, beforeAll, afterAll } from '@jest/globals';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { makeTmpHome, runMcpo, type TmpHome } from './helpers/tmp-home.js';
import { keyringUnavailableReason, runMcpoInKeyring } from './helpers/keyring.js';

const LITERAL = 'sk-live-0123456789abcdefLEAK';
const STACK = `version: 1
servers:
  memory: { command: npx, args: [-y, "@modelcontextprotocol/server-memory"] }
  github:
    url: https://api.example.test/mcp
    headers: { Authorization: "Bearer \${secret:gh-token}" }
  brave:
    command: npx
    args: [-y, brave]
    env: { BRAVE_API_KEY: "${LITERAL}" }
stacks:
  research: { servers: [memory, brave] }
  development: { servers: [github] }
clients:
  claude-code: { stacks: [research, development] }
  cursor: { stacks: [development], secrets: env }
`;

let h: TmpHome;
let project: string;
const mcpo = (...args: string[]) => runMcpo(args, { env: h.env, cwd: project });
const json = (s: string) => JSON.parse(s) as Record<string, any>;

beforeAll(() => {
  h = makeTmpHome();
  project = join(h.home, 'proj');
  mkdirSync(project);
  mkdirSync(join(h.home, '.cursor'));
  writeFileSync(join(project, 'mcp.stack.yaml'), STACK);
});
afterAll(() => h.cleanup());

describe('mcpo show SERVER', () => {
  test('the effective definition and the entry each targeted client gets, in its delivery mode', () => {
    const r = mcpo('show', 'github', '--json');
    expect(r.code).toBe(0);
    const doc = json(r.stdout);
    expect(doc).toMatchObject({
      format_version: 1,
      server: 'github',
      stacks: ['development'],
      secrets: ['gh-token'],
    });
    // A secret reference shows as (sensitive) by the one masking rule; its name is in `secrets`.
    expect(doc.definition).toMatchObject({
      transport: 'http',
      url: 'https://api.example.test/mcp',
      headers: { Authorization: '(sensitive)' },
    });
    const byClient = Object.fromEntries(doc.targets.map((t: any) => [t.client, t]));
    expect(Object.keys(byClient).sort()).toEqual(['claude-code', 'cursor']);
    expect(byClient['claude-code'].key).toEqual(['mcpServers', 'github']);
    expect(byClient['claude-code'].file).toBe(join(h.home, '.claude.json'));
    // env delivery: the client gets an environment reference and must have the variable.
    expect(JSON.stringify(byClient.cursor.entry)).toContain('${env:');
    expect(byClient.cursor.env_vars.length).toBe(1);
  });

  test('a credential written literally in the stack is masked, in text and JSON', () => {
    for (const args of [
      ['show', 'brave'],
      ['show', 'brave', '--json'],
    ]) {
      const r = mcpo(...args);
      expect(r.code).toBe(0);
      expect(r.stdout + r.stderr).not.toContain(LITERAL);
      expect(r.stdout).toContain('BRAVE_API_KEY');
    }
  });

  test('an unknown server: one sentence with a did-you-mean, exit 1; --client narrows the targets', () => {
    const r = mcpo('show', 'githb');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('has no server `githb` (did you mean `github`?)');
    expect(
      json(mcpo('show', 'github', '--client', 'cursor', '--json').stdout).targets.map(
        (t: any) => t.client,
      ),
    ).toEqual(['cursor']);
  });
});

describe('--json everywhere that prints data', () => {
  test('validate: the counts when valid; each problem with file, line and fix when not', () => {
    expect(json(mcpo('validate', '--json').stdout)).toMatchObject({
      format_version: 1,
      valid: true,
      servers: 3,
      stacks: 2,
      targets: 2,
    });
    const bad = join(project, 'bad.stack.yaml');
    writeFileSync(
      bad,
      'version: 1\nservers:\n  x: { command: npx }\nclients:\n  cursor: { servers: [y] }\n',
    );
    const r = mcpo('validate', '--json', '--stack', bad);
    expect(r.code).toBe(1);
    const doc = json(r.stdout);
    expect(doc.valid).toBe(false);
    expect(doc.problems[0]).toMatchObject({ file: bad, line: 5 });
    expect(doc.problems[0].message).toContain('y');
  });

  test('use with no names: the active stacks per client', () => {
    expect(json(mcpo('use', '--json').stdout)).toEqual({
      format_version: 1,
      stack_file: join(project, 'mcp.stack.yaml'),
      defined: ['research', 'development'],
      clients: [
        { client: 'claude-code', active: 'all' },
        { client: 'cursor', active: 'all' },
      ],
    });
  });

  test('errors under --json are a JSON document on stdout, whatever the command and the bad input', () => {
    const commands = [
      ['validate'],
      ['status'],
      ['clients', '--client-x'],
      ['show', 'memory'],
      ['use'],
      ['doctor'],
      ['secret', 'list'],
    ];
    fc.assert(
      fc.property(
        fc.constantFrom(...commands.filter((c) => c.length === 1 || c[0] !== 'clients')),
        fc.stringMatching(/^[a-z][a-z0-9-]{0,12}$/),
        (cmd, name) => {
          const r = mcpo(...cmd, '--json', '--stack', join(project, `${name}.missing.yaml`));
          expect(r.code).toBe(1);
          const doc = json(r.stdout);
          expect(doc.format_version).toBe(1);
          expect(doc.error.code).toBe('stack-not-found');
          expect(doc.error.message).toContain(`${name}.missing.yaml`);
        },
      ),
      { numRuns: 12 },
    );
  });

  const keyring = keyringUnavailableReason();
  const withKeyring = keyring && !process.env.CI ? test.skip : test;
  withKeyring(
    'secret list --json: every referenced secret, where it comes from, never a value',
    () => {
      const env = { ...h.env, MCPO_SECRET_GH_TOKEN: 'ghp_valueNeverShown123' };
      const r = runMcpoInKeyring(['secret', 'list', '--json'], { env, cwd: project });
      expect(r.code).toBe(0);
      expect(r.stdout).not.toContain('ghp_valueNeverShown123');
      expect(json(r.stdout).secrets).toEqual([
        {
          name: 'gh-token',
          referenced: true,
          state: 'present',
          source: 'env MCPO_SECRET_GH_TOKEN',
        },
      ]);
    },
  );

  test('import --json: what was written and moved, names only', () => {
    const other = join(h.home, 'imp');
    mkdirSync(join(other, 'home', '.cursor'), { recursive: true });
    writeFileSync(
      join(other, 'home', '.cursor', 'mcp.json'),
      JSON.stringify({ mcpServers: { memory: { command: 'npx', args: ['-y', 'mem'] } } }),
    );
    const r = runMcpo(['import', '--json', '--client', 'cursor'], {
      env: { ...h.env, HOME: join(other, 'home') },
      cwd: other,
    });
    expect(r.code).toBe(0);
    expect(json(r.stdout)).toMatchObject({
      format_version: 1,
      stack_file: join(other, 'mcp.stack.yaml'),
      servers: 1,
      targets: [{ client: 'cursor', scope: 'user', servers: ['memory'] }],
      secrets_moved: [],
    });
  });
});

describe('completion, version, help', () => {
  test('completion scripts for bash, zsh and fish call back `mcpo complete --`', () => {
    for (const shell of ['bash', 'zsh', 'fish']) {
      const r = mcpo('completion', shell);
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/mcpo complete --|complete -- /);
    }
    expect(mcpo('completion', 'tcsh').code).not.toBe(0);
  });

  test('completions come from the command definitions and the stack: commands, flags, clients, servers', () => {
    const words = (...args: string[]) =>
      mcpo('complete', '--', ...args)
        .stdout.split('\n')
        .map((l) => l.split('\t')[0]);
    expect(words('')).toEqual(expect.arrayContaining(['plan', 'apply', 'show', 'doctor']));
    expect(words('')).not.toContain('run');
    expect(words('plan', '--')).toEqual(expect.arrayContaining(['--json', '--diff', '--client']));
    expect(words('plan', '--client', '')).toEqual(
      expect.arrayContaining(['claude-code', 'cursor', 'codex']),
    );
    expect(words('show', '')).toEqual(expect.arrayContaining(['memory', 'github', 'brave']));
    expect(words('use', '')).toEqual(expect.arrayContaining(['research', 'development']));
  });

  test('--version: mcpo, Node and the install folder', () => {
    const lines = mcpo('--version').stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^mcpo \d+\.\d+\.\d+/);
    expect(lines[1]).toBe(`node ${process.version}`);
    expect(lines[2]).toMatch(/^installed at \//);
  });

  test('help: examples under each command, `run` out of the list; a typo gets the suggestion, not the help', () => {
    expect(mcpo('plan', '--help').stdout).toContain('Examples:\n  $ mcpo plan');
    expect(mcpo('secret', 'set', '--help').stdout).toContain('$ mcpo secret set github-token');
    expect(mcpo('--help').stdout).not.toMatch(/^\s+run /m);
    const typo = mcpo('plna');
    expect(typo.code).toBe(1);
    expect(typo.stderr).toContain('(Did you mean plan?)');
    expect(typo.stderr).not.toContain('Commands:');
    expect(typo.stderr.trim().split('\n').length).toBeLessThanOrEqual(3);
  });

  test('renamed flags: `init --include`, `add --target`; the old spellings work with a note', () => {
    const dir = join(h.home, 'init');
    mkdirSync(dir);
    const old = runMcpo(['init', '--stack', 'research', '--out', join(dir, 'a.yaml')], {
      env: h.env,
      cwd: dir,
    });
    expect(old.code).toBe(0);
    expect(old.stderr).toContain('`mcpo init --stack` is now `--include`');
    const now = runMcpo(['init', '--include', 'research', '--out', join(dir, 'b.yaml')], {
      env: h.env,
      cwd: dir,
    });
    expect([now.code, now.stderr]).toEqual([0, expect.not.stringContaining('Note:')]);
    expect(readFileSync(join(dir, 'a.yaml'), 'utf8')).toBe(
      readFileSync(join(dir, 'b.yaml'), 'utf8').replace(/b\.yaml/g, 'a.yaml'),
    );
    const add = runMcpo(
      [
        'add',
        'extra',
        '--stack',
        join(dir, 'b.yaml'),
        '--client',
        'cursor',
        '--',
        'npx',
        '-y',
        'x',
      ],
      { env: h.env, cwd: dir },
    );
    expect(add.code).toBe(0);
    expect(add.stderr).toContain('`mcpo add --client` is now `--target`');
  });
});
