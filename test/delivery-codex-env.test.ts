// `secrets: env` for Codex: secret env values become `env_vars` names, a bearer header becomes
// `bearer_token_env_var`, other secret headers `env_http_headers`; anything else is a plan error.
// Pure tests of the mapping, then apply + plan in a temp home, then the real codex CLI reading it.
import { describe, test, expect, beforeEach, afterEach } from '@jest/globals';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { toEnvReferences } from '../src/delivery/env-mode.js';
import { codex } from '../src/clients/codex.js';
import { secretToken } from '../src/secrets/tokens.js';
import type { ServerSpec } from '../src/types.js';
import { makeTmpHome, runCommand, runMcpo, type TmpHome } from './helpers/tmp-home.js';
import { installOrSkip } from './helpers/real-client.js';

const stdio: ServerSpec = {
  name: 'gh',
  transport: 'stdio',
  command: 'npx',
  args: ['-y', 'gh-mcp'],
  env: { GITHUB_TOKEN: secretToken('github-token'), LOG: 'info' },
};
const remote: ServerSpec = {
  name: 'linear',
  transport: 'http',
  url: 'https://mcp.linear.app/mcp',
  headers: {
    Authorization: `Bearer ${secretToken('linear-key')}`,
    'X-Api-Key': secretToken('api.key'),
    'X-Team': 'core',
  },
};

function ok(server: ServerSpec) {
  const r = toEnvReferences(server, 'codex');
  if (!r.ok) throw new Error(r.problem.message);
  return r;
}

describe('toEnvReferences for codex', () => {
  test('a stdio secret env value becomes an env_vars name and leaves env', () => {
    const r = ok(stdio);
    expect(r.vars).toEqual([{ name: 'GITHUB_TOKEN', secret: 'github-token' }]);
    const entry = codex.render(r.server);
    expect(entry).toEqual({
      ok: true,
      entry: {
        command: 'npx',
        args: ['-y', 'gh-mcp'],
        env: { LOG: 'info' },
        env_vars: ['GITHUB_TOKEN'],
      },
    });
  });

  test('env_vars the user already listed are kept, without duplicates', () => {
    const r = ok({
      ...stdio,
      env: { GITHUB_TOKEN: secretToken('github-token') },
      clientOptions: { codex: { env_vars: ['HOME', 'GITHUB_TOKEN'] } },
    });
    expect(codex.render(r.server)).toEqual({
      ok: true,
      entry: { command: 'npx', args: ['-y', 'gh-mcp'], env_vars: ['HOME', 'GITHUB_TOKEN'] },
    });
  });

  test('a remote bearer header becomes bearer_token_env_var, other secret headers env_http_headers', () => {
    const r = ok(remote);
    expect(r.vars).toEqual([
      { name: 'LINEAR_KEY', secret: 'linear-key' },
      { name: 'API_KEY', secret: 'api.key' },
    ]);
    expect(codex.render(r.server)).toEqual({
      ok: true,
      entry: {
        url: 'https://mcp.linear.app/mcp',
        http_headers: { 'X-Team': 'core' },
        bearer_token_env_var: 'LINEAR_KEY',
        env_http_headers: { 'X-Api-Key': 'API_KEY' },
      },
    });
  });

  test.each([
    ['args', { ...stdio, args: ['--token', secretToken('t')] }, 'its args'],
    [
      'url',
      { ...remote, headers: {}, url: `https://x.dev/mcp?key=${secretToken('t')}` },
      'its url',
    ],
    [
      'part of an env value',
      { ...stdio, env: { AUTH: `token ${secretToken('t')}` } },
      'env AUTH, which is more than the secret alone',
    ],
    [
      'a non-bearer header prefix',
      { ...remote, headers: { Authorization: `Basic ${secretToken('t')}` } },
      'header Authorization',
    ],
  ])(
    'a secret in %s is a plan error naming server, client and launcher',
    (_what, server, where) => {
      const r = toEnvReferences(server as ServerSpec, 'codex');
      expect(r.ok).toBe(false);
      if (r.ok) return;
      expect(r.problem.message).toContain(where);
      expect(r.problem.message).toContain('client codex, server');
      expect(r.problem.hint).toContain('secrets: launcher');
    },
  );

  test('parse reads the names back, so rendering the parsed entry gives the same entry', () => {
    for (const server of [stdio, remote]) {
      const r = codex.render(ok(server).server);
      if (!r.ok) throw new Error(r.message);
      const parsed = codex.parse(server.name, r.entry);
      expect(parsed.clientOptions?.codex).toEqual(
        expect.objectContaining(
          server === stdio
            ? { env_vars: ['GITHUB_TOKEN'] }
            : { bearer_token_env_var: 'LINEAR_KEY' },
        ),
      );
      expect(codex.render(parsed)).toEqual(r);
    }
  });
});

const GH = 'ghp_codexenv_7e1c_SECRET';
const LINEAR = 'lin_codexenv_19bf_SECRET';
const APIKEY = 'key_codexenv_a0a0_SECRET';
const STACK = `version: 1
servers:
  github:
    command: npx
    args: [-y, "@modelcontextprotocol/server-github"]
    env: { GITHUB_TOKEN: "\${secret:github-token}", LOG_LEVEL: info }
  linear:
    url: https://mcp.linear.app/mcp
    headers: { Authorization: "Bearer \${secret:linear-key}", X-Api-Key: "\${secret:api-key}" }
clients:
  codex: { servers: [github, linear], secrets: env }
`;

describe('secrets: env for codex in a temp home', () => {
  let h: TmpHome;
  let project: string;
  let codexHome: string;
  const env = () => ({
    ...h.env,
    CODEX_HOME: codexHome,
    MCPO_SECRET_GITHUB_TOKEN: GH,
    MCPO_SECRET_LINEAR_KEY: LINEAR,
    MCPO_SECRET_API_KEY: APIKEY,
  });
  const mcpo = (...args: string[]) => runMcpo(args, { env: env(), cwd: project });

  beforeEach(() => {
    h = makeTmpHome();
    project = join(h.home, 'p');
    codexHome = join(h.home, 'codex-home');
    mkdirSync(project);
    mkdirSync(codexHome);
    writeFileSync(join(project, 'mcp.stack.yaml'), STACK);
  });
  afterEach(() => h.cleanup());

  test('apply writes variable names and no value, prints what to export, and a second plan has no changes', () => {
    const r = mcpo('apply', '--yes');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('GITHUB_TOKEN: secret github-token, for codex (user)');
    expect(r.stdout).toContain('LINEAR_KEY: secret linear-key, for codex (user)');
    expect(r.stdout).toContain('API_KEY: secret api-key, for codex (user)');
    const text = readFileSync(join(codexHome, 'config.toml'), 'utf8');
    for (const out of [text, r.stdout])
      for (const value of [GH, LINEAR, APIKEY]) expect(out).not.toContain(value);
    expect(text).toContain('env_vars = ["GITHUB_TOKEN"]');
    expect(text).toContain('bearer_token_env_var = "LINEAR_KEY"');
    expect(text).toContain('env_http_headers = { X-Api-Key = "API_KEY" }');
    expect(text).toContain('env = { LOG_LEVEL = "info" }');
    const again = mcpo('plan');
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('No changes.');
  });

  test('a secret in args is a plan error that names server, client and launcher, and nothing is written', () => {
    writeFileSync(
      join(project, 'mcp.stack.yaml'),
      STACK.replace(
        'args: [-y, "@modelcontextprotocol/server-github"]',
        'args: [-y, "--token=${secret:github-token}"]',
      ),
    );
    const r = mcpo('apply', '--yes');
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain(
      'Codex cannot read the secret in its args from an environment variable (client codex, server github)',
    );
    expect(r.stderr).toContain('secrets: launcher');
    expect(`${r.stdout}${r.stderr}`).not.toContain(GH);
    expect(existsSync(join(codexHome, 'config.toml'))).toBe(false);
  });

  // The real CLI is a separate check: the mapping above is useless if Codex rejects the file.
  const { binDir, skipReason } = installOrSkip('codex');
  (skipReason ? test.skip : test)(
    'the real codex CLI accepts the file and lists both servers with the names',
    () => {
      expect(mcpo('apply', '--yes').code).toBe(0);
      const r = runCommand(join(binDir, 'codex'), ['mcp', 'list', '--json'], {
        env: env(),
        cwd: project,
        timeoutMs: 60_000,
      });
      expect(r.stderr).not.toMatch(/error/i);
      expect(r.code).toBe(0);
      const listed = JSON.parse(r.stdout) as { name: string; transport: Record<string, unknown> }[];
      const byName = Object.fromEntries(listed.map((s) => [s.name, s.transport]));
      expect(byName.github).toEqual(expect.objectContaining({ env_vars: ['GITHUB_TOKEN'] }));
      expect(byName.linear).toEqual(
        expect.objectContaining({
          bearer_token_env_var: 'LINEAR_KEY',
          env_http_headers: { 'X-Api-Key': 'API_KEY' },
        }),
      );
      expect(r.stdout).not.toContain(GH);
    },
  );
});
