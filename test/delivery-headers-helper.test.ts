// `secrets: launcher` for a remote server in Claude Code: no bridge, no value on disk. The entry
// keeps the url and plain headers and gets `headersHelper`, a shell command (`mcpo run NAME
// --stack FILE --print-headers`) that prints the resolved headers as one JSON object. Real files
// in a temporary home; the real Claude Code connecting through it is in real-claude-code.test.ts.
import { describe, test, expect, beforeEach, afterEach } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { makeTmpHome, runMcpo, type TmpHome } from './helpers/tmp-home.js';
import { printHeadersCommand } from '../src/delivery/headers-helper.js';

const TOKEN = 'hh-secret-7f3a-VALUE';
let h: TmpHome;
let stack = '';
beforeEach(() => {
  h = makeTmpHome('mcpo-headers-helper-');
  mkdirSync(join(h.home, '.claude'));
  mkdirSync(join(h.home, "it's here"));
  // A folder name a shell would split or expand, to check the quoting.
  stack = join(h.home, "it's here", 'mcp.stack.yaml');
  writeFileSync(
    stack,
    `version: 1
servers:
  api: { url: "https://mcp.example.test/mcp", headers: { Authorization: "Bearer \${secret:api-token}", X-Team: platform } }
  urlsecret: { url: "https://mcp.example.test/\${secret:api-token}/mcp" }
clients:
  claude-code: [{ scope: user, secrets: launcher, servers: [api, urlsecret] }]
`,
  );
});
afterEach(() => h.cleanup());

const sh = (cmd: string, env: NodeJS.ProcessEnv) =>
  spawnSync('sh', ['-c', cmd], { env, cwd: h.home, encoding: 'utf8' });

describe('Claude Code headersHelper for a remote server', () => {
  test('the entry holds the url, the plain header and a helper; the helper prints the resolved headers', () => {
    const env = { ...h.env, MCPO_SECRET_API_TOKEN: TOKEN };
    const r = runMcpo(['apply', '--stack', stack, '--yes'], { env, cwd: h.home });
    expect(r.code).toBe(0);
    const text = readFileSync(join(h.home, '.claude.json'), 'utf8');
    expect(text).not.toContain(TOKEN);
    const { api, urlsecret } = JSON.parse(text).mcpServers;
    expect(api).toEqual({
      type: 'http',
      url: 'https://mcp.example.test/mcp',
      headers: { 'X-Team': 'platform' },
      headersHelper: expect.stringMatching(
        / run api --stack '.*it'\\''s here\/mcp\.stack\.yaml' --print-headers$/,
      ),
    });
    // A secret in the url cannot be a header: that server is still bridged over stdio.
    expect(urlsecret).toMatchObject({
      type: 'stdio',
      args: [expect.any(String), 'run', 'urlsecret', '--stack', stack],
    });

    const helper = sh(api.headersHelper, env);
    expect({ code: helper.status, stderr: helper.stderr }).toEqual({ code: 0, stderr: '' });
    expect(JSON.parse(helper.stdout)).toEqual({
      Authorization: `Bearer ${TOKEN}`,
      'X-Team': 'platform',
    });
    expect(
      runMcpo(['plan', '--stack', stack, '--detailed-exitcode'], { env, cwd: h.home }).code,
    ).toBe(0);
  });

  test('without the secret the helper prints nothing on stdout and one line naming the secret and the fix', () => {
    const r = runMcpo(['apply', '--stack', stack, '--yes'], {
      env: { ...h.env, MCPO_SECRET_API_TOKEN: TOKEN },
      cwd: h.home,
    });
    expect(r.code).toBe(0);
    const { api } = JSON.parse(readFileSync(join(h.home, '.claude.json'), 'utf8')).mcpServers;
    const env = { ...h.env, DBUS_SESSION_BUS_ADDRESS: '', XDG_RUNTIME_DIR: join(h.home, 'run') };
    const helper = sh(api.headersHelper, env);
    expect(helper.status).toBe(1);
    expect(helper.stdout).toBe('');
    expect(helper.stderr.split('\n')).toEqual([
      expect.stringMatching(
        /^mcpo run api: no value for secret api-token: MCPO_SECRET_API_TOKEN is not in the environment .* Fix: .*let the client pass MCPO_SECRET_API_TOKEN.*\.$/,
      ),
      '',
    ]);
  });

  test('the helper command is one shell word per argument, whatever the paths hold', () => {
    const argvJs = join(h.home, "argv printer's.cjs");
    writeFileSync(argvJs, 'process.stdout.write(JSON.stringify(process.argv.slice(2)))');
    const word = fc.string({ minLength: 1, maxLength: 12 }).filter((s) => !s.includes('\0'));
    fc.assert(
      fc.property(word, word, (name, file) => {
        const cmd = printHeadersCommand(
          name,
          `/x/${file}`,
          { node: process.execPath, entry: argvJs },
          'linux',
        );
        const r = spawnSync('sh', ['-c', cmd], { encoding: 'utf8' });
        expect(JSON.parse(r.stdout)).toEqual([
          'run',
          name,
          '--stack',
          `/x/${file}`,
          '--print-headers',
        ]);
      }),
      { numRuns: 20 },
    );
  });
});
