// `secrets: env` end to end: the client files get each client's own environment reference and
// never a value; plan lists the variables to export; a client without such syntax is an error.
import { describe, test, expect, beforeEach, afterEach } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeTmpHome, runMcpo, type TmpHome } from './helpers/tmp-home.js';

const GH = 'ghp_envmode_4d2f_SECRET';
const LINEAR = 'lin_envmode_88aa_SECRET';
const STACK = `version: 1
servers:
  github:
    command: npx
    args: [-y, "@modelcontextprotocol/server-github"]
    env: { GITHUB_TOKEN: "\${secret:github-token}", LOG_LEVEL: info }
  linear:
    url: https://mcp.linear.app/mcp
    headers: { Authorization: "Bearer \${secret:linear-key}" }
clients:
  claude-code: { scope: project, servers: [github, linear] }
  cursor: { scope: project, servers: [github] }
`;

let h: TmpHome;
let project: string;
const mcpo = (...args: string[]) =>
  runMcpo(args, {
    env: { ...h.env, MCPO_SECRET_GITHUB_TOKEN: GH, MCPO_SECRET_LINEAR_KEY: LINEAR },
    cwd: project,
  });
const write = (text: string) => writeFileSync(join(project, 'mcp.stack.yaml'), text);

beforeEach(() => {
  h = makeTmpHome();
  project = join(h.home, 'p');
  mkdirSync(project);
});
afterEach(() => h.cleanup());

describe('secrets: env (the default for project scope)', () => {
  test('apply writes references in each client syntax and no value, even inside a git work tree', () => {
    execFileSync('git', ['init', '-q', project]);
    write(STACK);
    const r = mcpo('apply', '--yes');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(
      'GITHUB_TOKEN: secret github-token, for claude-code (project), cursor (project)',
    );
    expect(r.stdout).toContain('LINEAR_KEY: secret linear-key, for claude-code (project)');
    const claude = readFileSync(join(project, '.mcp.json'), 'utf8');
    const cursor = readFileSync(join(project, '.cursor', 'mcp.json'), 'utf8');
    for (const text of [claude, cursor, r.stdout]) {
      expect(text).not.toContain(GH);
      expect(text).not.toContain(LINEAR);
    }
    const servers = JSON.parse(claude).mcpServers;
    expect(servers.github.env).toEqual({ GITHUB_TOKEN: '${GITHUB_TOKEN}', LOG_LEVEL: 'info' });
    expect(servers.linear.headers).toEqual({ Authorization: 'Bearer ${LINEAR_KEY}' });
    expect(JSON.parse(cursor).mcpServers.github.env).toEqual({
      GITHUB_TOKEN: '${env:GITHUB_TOKEN}',
      LOG_LEVEL: 'info',
    });
    expect(mcpo('plan').stdout).toContain('No changes.');
  });

  test('plan --json lists the variables to export and needs no secret value', () => {
    write(STACK);
    const r = runMcpo(['plan', '--json'], { env: h.env, cwd: project });
    expect(r.code).toBe(0);
    const plan = JSON.parse(r.stdout);
    expect(plan.missing_secrets).toEqual([]);
    expect(plan.env_vars).toEqual([
      {
        name: 'GITHUB_TOKEN',
        secret: 'github-token',
        targets: ['claude-code (project)', 'cursor (project)'],
      },
      { name: 'LINEAR_KEY', secret: 'linear-key', targets: ['claude-code (project)'] },
    ]);
  });

  test('an explicit `secrets: inline` wins over the project default', () => {
    write(
      STACK.replace(
        'cursor: { scope: project, servers: [github] }',
        'cursor: { scope: project, servers: [github], secrets: inline }',
      ),
    );
    expect(mcpo('apply', '--yes').code).toBe(0);
    expect(
      JSON.parse(readFileSync(join(project, '.cursor', 'mcp.json'), 'utf8')).mcpServers.github.env
        .GITHUB_TOKEN,
    ).toBe(GH);
  });

  test('a client without environment references (Claude Desktop) is a plan error that suggests launcher', () => {
    mkdirSync(join(h.home, '.config', 'Claude'), { recursive: true });
    write(
      STACK.replace(
        /clients:[\s\S]*/,
        'clients:\n  claude-desktop: { servers: [github], secrets: env }\n',
      ),
    );
    const r = mcpo('plan');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      'claude-desktop has no syntax for reading a secret from an environment variable, so server github cannot use `secrets: env`',
    );
    expect(r.stderr).toContain('secrets: launcher');
    expect(r.stderr + r.stdout).not.toContain(GH);
  });

  test('two secrets cannot share one variable name', () => {
    write(
      STACK.replace(
        'LOG_LEVEL: info',
        'LOG_LEVEL: info }\n  other:\n    command: x\n    env: { GITHUB_TOKEN: "${secret:other-token}"',
      ).replace('servers: [github, linear]', 'servers: [github, linear, other]'),
    );
    const r = mcpo('plan');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      'GITHUB_TOKEN would have to hold both secret github-token and secret other-token',
    );
  });
});
