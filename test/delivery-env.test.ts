// Pure tests of `secrets: env`: each client's reference syntax and the variable names.
import { describe, test, expect } from '@jest/globals';
import { envVarForSecret, toEnvReferences } from '../src/delivery/env-mode.js';
import { launcherServer } from '../src/delivery/launcher-mode.js';
import { secretToken } from '../src/secrets/tokens.js';
import type { ServerSpec } from '../src/types.js';

const server: ServerSpec = {
  name: 'gh',
  transport: 'stdio',
  command: 'npx',
  args: ['--token', secretToken('gh.token')],
  env: {
    GITHUB_TOKEN: secretToken('gh.token'),
    MIXED: `pre-${secretToken('api-key')}`,
    PLAIN: 'x',
  },
};

describe('toEnvReferences', () => {
  test.each([
    ['claude-code', '${GITHUB_TOKEN}', 'pre-${API_KEY}', '${GH_TOKEN}'],
    ['cursor', '${env:GITHUB_TOKEN}', 'pre-${env:API_KEY}', '${env:GH_TOKEN}'],
    ['opencode', '{env:GITHUB_TOKEN}', 'pre-{env:API_KEY}', '{env:GH_TOKEN}'],
    ['gemini-cli', '$GITHUB_TOKEN', 'pre-$API_KEY', '$GH_TOKEN'],
  ])('%s', (client, whole, mixed, arg) => {
    const r = toEnvReferences(server, client);
    if (!r.ok) throw new Error(r.problem.message);
    expect(r.server.env).toEqual({ GITHUB_TOKEN: whole, MIXED: mixed, PLAIN: 'x' });
    expect(r.server.args).toEqual(['--token', arg]);
    expect(r.vars).toEqual(
      expect.arrayContaining([
        { name: 'GITHUB_TOKEN', secret: 'gh.token' },
        { name: 'API_KEY', secret: 'api-key' },
        { name: 'GH_TOKEN', secret: 'gh.token' },
      ]),
    );
    expect(r.vars).toHaveLength(3);
  });

  test('clients without a syntax are problems that suggest launcher', () => {
    for (const client of ['claude-desktop', 'zed']) {
      const r = toEnvReferences(server, client);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.problem.hint).toContain('secrets: launcher');
    }
  });

  test('derived names are valid variable names', () => {
    expect(envVarForSecret('linear-key')).toBe('LINEAR_KEY');
    expect(envVarForSecret('1password.item')).toBe('_1PASSWORD_ITEM');
  });
});

test('launcherServer keeps only what the client needs to start mcpo run', () => {
  const s = launcherServer({ ...server, timeout: 30, cwd: '/x' }, '/p/mcp.stack.yaml', {
    node: '/usr/bin/node',
    entry: '/opt/mcpo/dist/cli.cjs',
  });
  expect(s).toEqual({
    name: 'gh',
    transport: 'stdio',
    command: '/usr/bin/node',
    args: ['/opt/mcpo/dist/cli.cjs', 'run', 'gh', '--stack', '/p/mcp.stack.yaml'],
    timeout: 30,
  });
});
