// `mcpo import` from the command line, in temp homes: dedupe and clashes, --out, --force,
// --keep-secrets-inline, --client, nothing found, broken client files, project files in git.
import { describe, test, expect, beforeEach, afterEach } from '@jest/globals';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { makeTmpHome, runCommand, runMcpo, type TmpHome } from './helpers/tmp-home.js';
import { keyringUnavailableReason, runMcpoInKeyring } from './helpers/keyring.js';

const reason = keyringUnavailableReason();
if (reason && process.env.CI === 'true') {
  test('a real Secret Service is available (required under CI=true)', () => {
    throw new Error(`import secret tests cannot run: ${reason}`);
  });
}

let h: TmpHome;
let project: string;
const mcpo = (args: string[]) => runMcpo(args, { env: h.env, cwd: project });
const mcpoKc = (args: string[], input?: string) =>
  runMcpoInKeyring(args, { env: h.env, cwd: project, ...(input !== undefined ? { input } : {}) });
const put = (rel: string, text: string) => {
  const file = join(h.home, rel);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, text);
  return file;
};
const json = (servers: Record<string, unknown>) =>
  JSON.stringify({ mcpServers: servers }, null, 2) + '\n';
const MEMORY = { command: 'npx', args: ['-y', '@modelcontextprotocol/server-memory'] };

beforeEach(() => {
  h = makeTmpHome();
  project = join(h.home, 'app');
  mkdirSync(project);
});
afterEach(() => h.cleanup());

describe('import without secrets', () => {
  test('the same server in two clients is one stack server; the same name defined differently is reported and kept apart', () => {
    const claude = put(
      '.claude.json',
      JSON.stringify(
        {
          numStartups: 4,
          mcpServers: {
            memory: { type: 'stdio', ...MEMORY },
            fs: { type: 'stdio', command: 'npx', args: ['fs', '/a'] },
          },
        },
        null,
        2,
      ),
    );
    const cursor = put(
      '.cursor/mcp.json',
      json({ memory: MEMORY, fs: { command: 'npx', args: ['fs', '/b'] } }),
    );
    const r = mcpo(['import']);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain(
      'Note: fs in ~/.cursor/mcp.json differs from the fs found earlier; it is in the stack as fs-cursor',
    );
    const stack = readFileSync(join(project, 'mcp.stack.yaml'), 'utf8');
    expect(stack).toContain(
      '# from ~/.claude.json (claude-code, user), ~/.cursor/mcp.json (cursor, user)\n  memory:',
    );
    expect(stack).toContain('fs-cursor:');
    expect(stack).toMatch(
      /# `fs` here differs from the stack's; kept as `fs-cursor`, not managed\n {2}cursor:\n {4}scope: user\n {4}servers: \[ memory \]/,
    );
    expect(r.stdout).toContain('Wrote ');
    expect(r.stdout).toContain('3 servers from 2 client files');
    const plan = mcpo(['plan']);
    expect(plan.stdout).toContain('No changes.');
    expect(mcpo(['validate']).code).toBe(0);
    // The clashing entry is not managed: removing the stack's fs-cursor later never touches it.
    const state = readFileSync(join(h.env.XDG_STATE_HOME!, 'mcpo', 'state.json'), 'utf8');
    expect(JSON.parse(state).files[`${cursor}#mcpServers`].entries).toEqual({
      memory: expect.anything(),
    });
    expect(readFileSync(claude, 'utf8')).toContain('"numStartups": 4');
  });

  test('--out writes another file; plan --stack FILE is empty', () => {
    put('.cursor/mcp.json', json({ memory: MEMORY }));
    const r = mcpo(['import', '--out', 'imported.yaml']);
    expect(r.code).toBe(0);
    expect(existsSync(join(project, 'mcp.stack.yaml'))).toBe(false);
    expect(r.stderr).toContain(`Next: mcpo plan --stack ${join(project, 'imported.yaml')}`);
    expect(mcpo(['plan', '--stack', 'imported.yaml']).stdout).toContain('No changes.');
  });

  test('an existing stack file is never overwritten without --force', () => {
    put('.cursor/mcp.json', json({ memory: MEMORY }));
    const mine = put('app/mcp.stack.yaml', '# my stack\nversion: 1\n');
    const r = mcpo(['import']);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      `Error: ${mine} already exists; nothing was written.\nFix: pass --force to replace it, or --out FILE to write another file.\n`,
    );
    expect(readFileSync(mine, 'utf8')).toBe('# my stack\nversion: 1\n');
    expect(existsSync(join(h.env.XDG_STATE_HOME!, 'mcpo', 'state.json'))).toBe(false);
    expect(mcpo(['import', '--force']).code).toBe(0);
    expect(readFileSync(mine, 'utf8')).toContain('memory:');
    expect(mcpo(['plan']).stdout).toContain('No changes.');
  });

  test('an entry another stack manages is imported only with --take-over, and the user is told', () => {
    mkdirSync(join(h.home, '.cursor'));
    put(
      'app/team.yaml',
      `version: 1\nservers:\n  memory:\n    command: npx\n    args: [-y, "@modelcontextprotocol/server-memory"]\nclients:\n  cursor: { servers: [memory] }\n`,
    );
    expect(mcpo(['apply', '--stack', 'team.yaml', '-y']).code).toBe(0);
    const left = mcpo(['import']);
    expect(left.code).toBe(1);
    expect(left.stderr).toContain(
      `Skipped memory in ${join(h.home, '.cursor', 'mcp.json')}: the stack ${join(project, 'team.yaml')} manages it;`,
    );
    expect(existsSync(join(project, 'mcp.stack.yaml'))).toBe(false);
    const r = mcpo(['import', '--take-over', 'memory']);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain(
      `Note: the new stack now manages memory in ${join(h.home, '.cursor', 'mcp.json')} (was managed by ${join(project, 'team.yaml')}).`,
    );
    expect(mcpo(['plan']).stdout).toContain('No changes.');
    // The old stack no longer owns it: its plan shows the new owner and leaves the entry alone.
    const team = JSON.parse(mcpo(['plan', '--stack', 'team.yaml', '--json']).stdout);
    expect(team.targets[0].changes[0]).toMatchObject({
      action: 'noop',
      adopt: false,
      owner: join(project, 'mcp.stack.yaml'),
    });
  });

  test('--client imports only the named clients; an unknown one is an error', () => {
    put('.cursor/mcp.json', json({ memory: MEMORY }));
    put('.gemini/settings.json', JSON.stringify({ mcpServers: { other: { command: 'x' } } }));
    expect(mcpo(['import', '--client', 'gemini-cli']).code).toBe(0);
    const stack = readFileSync(join(project, 'mcp.stack.yaml'), 'utf8');
    expect(stack).toContain('other:');
    expect(stack).not.toContain('memory');
    const bad = mcpo(['import', '--client', 'cursr', '--out', 'x.yaml']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('Unknown client cursr.');
  });

  test('no servers anywhere: one sentence, exit 1, nothing written', () => {
    put('.cursor/mcp.json', json({}));
    const r = mcpo(['import']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      /^Error: No MCP servers to import were found in any client config \(home .*, project .*\); nothing was written\.\nFix: run `mcpo clients`/,
    );
    expect(existsSync(join(project, 'mcp.stack.yaml'))).toBe(false);
    expect(mcpo(['import', '--client', 'zed']).stderr).toContain('found in the config of zed');
  });

  test('a client file that does not parse is reported with file:line and skipped; the others are imported', () => {
    const broken = put(
      '.cursor/mcp.json',
      '{\n  "mcpServers": {\n    "a": { "command": "x", }\n  ,,\n}\n',
    );
    put('.gemini/settings.json', JSON.stringify({ mcpServers: { memory: MEMORY } }));
    const r = mcpo(['import']);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(
      new RegExp(
        `Skipped cursor \\(user\\) ${broken.replace(/[.]/g, '\\.')}: ${broken.replace(/[.]/g, '\\.')}:\\d+:\\d+: `,
      ),
    );
    expect(readFileSync(join(project, 'mcp.stack.yaml'), 'utf8')).toContain('memory:');
    expect(readFileSync(broken, 'utf8')).toContain(',,');
  });

  test('with a secret to store and no reachable keychain: one sentence with the fix, exit 1, nothing written', () => {
    put(
      '.cursor/mcp.json',
      json({ gh: { command: 'npx', env: { GITHUB_TOKEN: 'ghp_unstored' } } }),
    );
    const env = { ...h.env };
    delete env.DBUS_SESSION_BUS_ADDRESS;
    const r = runMcpo(['import'], { env, cwd: project });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      /^Error: There is no D-Bus session bus .* The stack file was not written\.\nFix: .*dbus-run-session.*; or run `mcpo import --keep-secrets-inline` to leave the values in the stack file\.\n$/,
    );
    expect(r.stdout + r.stderr).not.toContain('ghp_unstored');
    expect(existsSync(join(project, 'mcp.stack.yaml'))).toBe(false);
    expect(existsSync(join(h.env.XDG_STATE_HOME!, 'mcpo', 'state.json'))).toBe(false);
  });

  test('--keep-secrets-inline leaves the values in the stack with a warning, and needs no keychain', () => {
    put(
      '.cursor/mcp.json',
      json({ gh: { command: 'npx', env: { GITHUB_TOKEN: 'ghp_inline_value' } } }),
    );
    const r = mcpo(['import', '--keep-secrets-inline']);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain(
      'Warning: --keep-secrets-inline left 1 secret-looking value in plain text in',
    );
    expect(r.stderr).toContain('(gh: env GITHUB_TOKEN)');
    expect(r.stdout + r.stderr).not.toContain('ghp_inline_value');
    expect(readFileSync(join(project, 'mcp.stack.yaml'), 'utf8')).toContain(
      'GITHUB_TOKEN: ghp_inline_value',
    );
    expect(statSync(join(project, 'mcp.stack.yaml')).mode & 0o777).toBe(0o600);
    expect(mcpo(['plan']).stdout).toContain('No changes.');
  });
});

(reason ? describe.skip : describe)(
  `import with secrets${reason ? ` (skipped: ${reason})` : ''}`,
  () => {
    test('one secret per value; the same name with another value, or a keychain entry holding another value, gets a new name', () => {
      expect(mcpoKc(['secret', 'set', 'linear-token'], 'someone-elses-value').code).toBe(0);
      put(
        '.cursor/mcp.json',
        json({
          github: { command: 'gh', env: { GITHUB_TOKEN: 'ghp_one' } },
          linear: {
            url: 'https://mcp.linear.app/mcp',
            headers: { Authorization: 'Bearer lin_value' },
          },
        }),
      );
      put(
        '.gemini/settings.json',
        JSON.stringify({
          mcpServers: {
            gh2: { command: 'gh2', env: { GH_TOKEN: 'ghp_one' } },
            github: { command: 'gh', args: ['x'], env: { GITHUB_TOKEN: 'ghp_two' } },
          },
        }),
      );
      const r = mcpoKc(['import']);
      expect(r.code).toBe(0);
      expect(r.stdout).toContain('Moved 3 secrets into the keychain');
      expect(r.stdout).toMatch(/ github-token {2}\(github: env GITHUB_TOKEN; gh2: env GH_TOKEN\)/);
      expect(r.stdout).toMatch(/ linear-token-2 {2}\(linear: header Authorization\)/);
      expect(r.stdout).toMatch(/ github-token-2 {2}\(github-gemini-cli: env GITHUB_TOKEN\)/);
      const stack = readFileSync(join(project, 'mcp.stack.yaml'), 'utf8');
      expect(stack).toContain('Authorization: Bearer ${secret:linear-token-2}');
      for (const v of ['ghp_one', 'ghp_two', 'lin_value'])
        expect(stack + r.stdout + r.stderr).not.toContain(v);
      const plan = mcpoKc(['plan', '--json']);
      expect(JSON.parse(plan.stdout)).toMatchObject({ changes: false, missing_secrets: [] });
      // The keychain entry that was there before keeps its value: apply writes it into a file of its own.
      put(
        'app/other.yaml',
        'version: 1\nservers:\n  l:\n    command: x\n    env: { K: "${secret:linear-token}" }\nclients:\n  cursor: { path: ./out.json, servers: [l] }\n',
      );
      expect(mcpoKc(['apply', '--stack', 'other.yaml', '-y']).code).toBe(0);
      expect(JSON.parse(readFileSync(join(project, 'out.json'), 'utf8')).mcpServers.l.env.K).toBe(
        'someone-elses-value',
      );
    }, 60_000);

    test('a project file in git that held a secret: the target keeps `secrets: inline`, with a warning; plan stays empty', () => {
      const file = put(
        'app/.mcp.json',
        json({ gh: { command: 'gh', env: { GITHUB_TOKEN: 'ghp_project_value' } } }),
      );
      const git = (...args: string[]) =>
        runCommand('git', ['-c', 'user.email=t@t', '-c', 'user.name=t', ...args], {
          env: h.env,
          cwd: project,
        });
      expect(git('init', '-q').code).toBe(0);
      expect(git('add', '.mcp.json').code).toBe(0);
      const r = mcpoKc(['import', '--client', 'claude-code']);
      expect(r.code).toBe(0);
      expect(r.stderr).toContain(
        'Warning: ~/app/.mcp.json holds secret values and git tracks this file. The stack keeps `secrets: inline` for claude-code (project)',
      );
      const stack = readFileSync(join(project, 'mcp.stack.yaml'), 'utf8');
      expect(stack).toMatch(
        /# holds secret values and git tracks this file: consider `secrets: env`.*\n {2}claude-code:\n {4}scope: project\n {4}servers: \[ gh \]\n {4}secrets: inline/,
      );
      expect(JSON.parse(mcpoKc(['plan', '--json']).stdout)).toMatchObject({
        changes: false,
        errors: [],
        missing_secrets: [],
      });
      expect(readFileSync(file, 'utf8')).toContain('ghp_project_value');
    }, 60_000);
  },
);
