// `mcpo login` / `mcpo auth status` / `mcpo logout` against a loopback authorization server and
// protected MCP server (helpers/oauth-server.ts), tokens in a real Secret Service
// (helpers/keyring.ts): the browser step is played by fetch following the printed URL.
import { describe, test, expect, beforeEach, afterEach } from '@jest/globals';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeTmpHome, type TmpHome } from './helpers/tmp-home.js';
import { keyringUnavailableReason } from './helpers/keyring.js';
import { startOAuthFixture, type OAuthFixture, type OAuthFixtureOptions } from './helpers/oauth-server.js';
import { filesContaining, loginHeadless, mcpoInKeyringAsync } from './helpers/oauth-cli.js';

const reason = keyringUnavailableReason();
if (reason && process.env.CI === 'true') {
  test('a real Secret Service is available (required under CI=true)', () => {
    throw new Error(`OAuth login tests cannot run: ${reason}`);
  });
}

(reason ? describe.skip : describe)(`mcpo login / auth status / logout${reason ? ` (skipped: ${reason})` : ''}`, () => {
  let h: TmpHome;
  let project: string;
  let stack: string;
  let fx: OAuthFixture | undefined;
  const outputs: string[] = [];
  const start = async (options: OAuthFixtureOptions = {}, oauth = '') => {
    fx = await startOAuthFixture(options);
    writeFileSync(stack, `version: 1\nservers:\n  remote:\n    url: "${fx.url}"\n${oauth}  plain: { command: echo }\n`);
    return fx;
  };
  const mcpo = async (args: string[], env = h.env) => {
    const r = await mcpoInKeyringAsync([...args, '--stack', stack], { env, cwd: project });
    outputs.push(r.stdout, r.stderr);
    return r;
  };
  const login = async (extra: string[] = [], env = h.env) => {
    const r = await loginHeadless('remote', stack, { env, cwd: project, extra });
    outputs.push(r.stdout, r.stderr);
    return r;
  };
  beforeEach(() => {
    h = makeTmpHome();
    project = join(h.home, 'p');
    mkdirSync(project);
    stack = join(project, 'mcp.stack.yaml');
    outputs.length = 0;
  });
  afterEach(async () => {
    // No token value in any output, nor in any file of the home (the keyring file is encrypted).
    if (fx) {
      expect(outputs.filter((o) => fx!.issued.some((t) => o.includes(t)))).toEqual([]);
      expect(filesContaining(h.home, fx.issued)).toEqual([]);
      await fx.close();
      fx = undefined;
    }
    h.cleanup();
  });

  test('dynamic registration: PKCE S256, resource on every request, tokens in the keychain, auth status JSON', async () => {
    const f = await start({ scopes: ['read', 'write'] });
    const r = await login();
    expect(r.stderr).toContain('open this URL in a browser');
    expect(r.code).toBe(0);
    expect(r.callback?.status).toBe(200);
    const url = new URL(r.url!);
    expect(url.searchParams.get('code_challenge_method')).toBe('S256');
    expect(url.searchParams.get('resource')).toBe(f.url);
    expect(f.registrations).toHaveLength(1);
    expect(f.authorizations).toEqual([{ clientId: f.registrations[0]!.client_id, redirectUri: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\/callback$/), resource: f.url, scopes: ['read', 'write'] }]);
    expect(f.tokenRequests).toEqual([{ grant: 'authorization_code', clientId: f.registrations[0]!.client_id, resource: f.url }]);
    expect(r.stderr).toMatch(/Logged in to remote \(issuer http:\/\/127\.0\.0\.1:\d+\/, client registered dynamically, scopes read write, expires 20\d\d-.*, refreshable\)/);

    const status = await mcpo(['auth', 'status', '--json']);
    expect(status.code).toBe(0);
    const json = JSON.parse(status.stdout);
    expect(json).toEqual({
      format_version: 1,
      servers: [{ server: 'remote', url: f.url, logged_in: true, issuer: `${f.origin}/`, scopes: ['read', 'write'], expires_at: expect.any(String), refreshable: true }],
    });
    expect(Object.keys(json.servers[0])).toEqual(['server', 'url', 'logged_in', 'issuer', 'scopes', 'expires_at', 'refreshable']);
    const text = await mcpo(['auth', 'status']);
    expect(text.stdout).toMatch(/remote\s+yes\s+http:\/\/127\.0\.0\.1:\d+\/\s+read write\s+20\d\d-\S+\s+yes/);
  }, 60_000);
});
