// `mcpo login` / `mcpo auth status` / `mcpo logout` against a loopback authorization server and
// protected MCP server (helpers/oauth-server.ts), tokens in a real Secret Service
// (helpers/keyring.ts): the browser step is played by fetch following the printed URL.
import { describe, test, expect, beforeEach, afterEach } from '@jest/globals';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { MCPO_CLI, makeTmpHome, type TmpHome } from './helpers/tmp-home.js';
import { inKeyring, keyringUnavailableReason } from './helpers/keyring.js';
import { connectStdio } from './helpers/mcp-client.js';
import {
  startOAuthFixture,
  type OAuthFixture,
  type OAuthFixtureOptions,
} from './helpers/oauth-server.js';
import {
  connectBridge,
  filesContaining,
  loginHeadless,
  mcpoInKeyringAsync,
} from './helpers/oauth-cli.js';
import { WHOAMI_TOOL } from './helpers/oauth-server.js';
import { createServer } from 'node:net';
import { runMcpoAsync } from './helpers/run-async.js';

const reason = keyringUnavailableReason();
if (reason && process.env.CI === 'true') {
  test('a real Secret Service is available (required under CI=true)', () => {
    throw new Error(`OAuth login tests cannot run: ${reason}`);
  });
}

(reason ? describe.skip : describe)(
  `mcpo login / auth status / logout${reason ? ` (skipped: ${reason})` : ''}`,
  () => {
    let h: TmpHome;
    let project: string;
    let stack: string;
    let fx: OAuthFixture | undefined;
    const outputs: string[] = [];
    const start = async (options: OAuthFixtureOptions = {}, oauth = '') => {
      fx = await startOAuthFixture(options);
      writeFileSync(
        stack,
        `version: 1\nservers:\n  remote:\n    url: "${fx.url}"\n${oauth}  plain: { command: echo }\n`,
      );
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
      expect(f.authorizations).toEqual([
        {
          clientId: f.registrations[0]!.client_id,
          redirectUri: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\/callback$/),
          resource: f.url,
          scopes: ['read', 'write'],
        },
      ]);
      expect(f.tokenRequests).toEqual([
        { grant: 'authorization_code', clientId: f.registrations[0]!.client_id, resource: f.url },
      ]);
      expect(r.stderr).toMatch(
        /Logged in to remote \(issuer http:\/\/127\.0\.0\.1:\d+\/, client registered dynamically, scopes read write, expires 20\d\d-.*, refreshable\)/,
      );

      const status = await mcpo(['auth', 'status', '--json']);
      expect(status.code).toBe(0);
      const json = JSON.parse(status.stdout);
      expect(json).toEqual({
        format_version: 1,
        servers: [
          {
            server: 'remote',
            url: f.url,
            logged_in: true,
            issuer: `${f.origin}/`,
            scopes: ['read', 'write'],
            expires_at: expect.any(String),
            refreshable: true,
          },
        ],
      });
      expect(Object.keys(json.servers[0])).toEqual([
        'server',
        'url',
        'logged_in',
        'issuer',
        'scopes',
        'expires_at',
        'refreshable',
      ]);
      const text = await mcpo(['auth', 'status']);
      expect(text.stdout).toMatch(
        /remote\s+yes\s+http:\/\/127\.0\.0\.1:\d+\/\s+read write\s+20\d\d-\S+\s+yes/,
      );
      // The plain server is not listed: only remote servers have logins.
      expect(text.stdout).not.toContain('plain');
      await mcpo(['logout', 'remote']);
      const out = await mcpo(['auth', 'status']);
      expect(out.stdout).toMatch(
        /remote\s+no\s+-\s+-\s+-\s+no\n\nLog in with: mcpo login SERVER\n/,
      );
    }, 60_000);

    /** Calls the protected tool through `mcpo run remote`; the bridge's stderr is collected too. */
    const callThroughBridge = async () => {
      const s = await connectBridge('remote', stack, h.env, project);
      try {
        const res = await s.client.callTool({ name: WHOAMI_TOOL, arguments: {} });
        return (res.content as { text: string }[])[0]!.text;
      } finally {
        await s.close();
        outputs.push(s.stderr());
      }
    };
    const bridgeFailure = async () => {
      const failure = await connectBridge('remote', stack, h.env, project).then(
        async (s) => (await s.close(), new Error('connected')),
        (e: Error) => e,
      );
      outputs.push(failure.message);
      return failure.message;
    };

    test('the launcher bridge calls a tool with the stored token; no token at all says which command logs in', async () => {
      const f = await start();
      expect(await bridgeFailure()).toContain(
        `Server remote needs an OAuth login, and mcpo holds none for ${f.url}. Run \`mcpo login remote --stack ${stack}\`.`,
      );
      expect(f.registrations).toEqual([]);
      expect((await login()).code).toBe(0);
      const before = f.unauthorized;
      expect(await callThroughBridge()).toBe(`client ${f.registrations[0]!.client_id}`);
      expect(f.toolCalls).toBe(1);
      // The token went with the first request: no 401 round trip.
      expect(f.unauthorized).toBe(before);
    }, 60_000);

    test('a gateway target reaches the OAuth server with the stored login, no token on disk or in its output', async () => {
      const f = await start();
      expect((await login()).code).toBe(0);
      writeFileSync(
        stack,
        `version: 1\nservers:\n  remote:\n    url: "${f.url}"\nclients:\n  claude-code: { servers: [remote], via: gateway }\n`,
      );
      const args = ['gateway', '--stack', stack, '--target', 'claude-code:user'];
      const [file, ...rest] = inKeyring([process.execPath, MCPO_CLI, ...args]);
      const env = { ...h.env, MCPO_GATEWAY_DAEMON: '0' };
      const s = await connectStdio(file!, rest, env, project);
      try {
        const res = await s.client.callTool({ name: WHOAMI_TOOL, arguments: {} });
        expect((res.content as { text: string }[])[0]!.text).toBe(
          `client ${f.registrations[0]!.client_id}`,
        );
        expect(f.toolCalls).toBe(1);
      } finally {
        await s.close();
        outputs.push(s.stderr());
      }
    }, 60_000);

    test('refresh on a 401 after a forced expiry; the new tokens are stored', async () => {
      const f = await start();
      expect((await login()).code).toBe(0);
      f.expireAccessTokens();
      expect(await callThroughBridge()).toContain('client dcr-');
      expect(f.tokenRequests.map((t) => t.grant)).toEqual(['authorization_code', 'refresh_token']);
      expect(f.tokenRequests[1]!.resource).toBe(f.url);
      // The refreshed token was stored: the next session needs no refresh.
      expect(await callThroughBridge()).toContain('client dcr-');
      expect(f.tokenRequests).toHaveLength(2);
    }, 60_000);

    test('refresh before expiry: a token at its end is refreshed before the first request, once', async () => {
      // The login's token ends at once; the refreshed one lives an hour.
      const f = await start({
        accessTokenTtl: (grant) => (grant === 'authorization_code' ? 0 : 3600),
      });
      expect((await login()).code).toBe(0);
      const before = f.unauthorized;
      expect(await callThroughBridge()).toContain('client dcr-');
      expect(f.tokenRequests.map((t) => t.grant)).toEqual(['authorization_code', 'refresh_token']);
      expect(f.unauthorized).toBe(before);
    }, 60_000);

    test('a revoked refresh token: the bridge says exactly what to run, and auth status shows the login gone', async () => {
      const f = await start();
      expect((await login()).code).toBe(0);
      f.expireAccessTokens();
      f.revokeRefreshTokens();
      const message = await bridgeFailure();
      expect(message).toContain(
        `The OAuth login for server remote has expired and its authorization server refused to refresh it. Run \`mcpo login remote --stack ${stack}\`.`,
      );
      const status = JSON.parse((await mcpo(['auth', 'status', '--json'])).stdout);
      expect(status.servers[0]).toMatchObject({
        server: 'remote',
        logged_in: false,
        refreshable: false,
      });
      // Logging in again repairs it.
      expect((await login()).code).toBe(0);
      expect(await callThroughBridge()).toContain('client dcr-');
    }, 60_000);

    test('static client: oauth.client_id with its secret from ${secret:}, on oauth.callback_port; no registration', async () => {
      const port = await freePort();
      const redirect = `http://127.0.0.1:${port}/callback`;
      const f = await start(
        {
          clients: [
            {
              client_id: 'static-app',
              client_secret: 'static-secret-value',
              redirect_uris: [redirect],
              token_endpoint_auth_method: 'client_secret_post',
            },
          ],
          metadataDocuments: true,
        },
        `    oauth: { client_id: static-app, client_secret: "\${secret:app-secret}", callback_port: ${port}, client_metadata_url: "https://mcpo.example/client.json" }\n`,
      );
      const env = { ...h.env, MCPO_SECRET_APP_SECRET: 'static-secret-value' };
      const r = await login([], env);
      expect(r.code).toBe(0);
      expect(r.stderr).toContain('client from oauth.client_id');
      expect(f.registrations).toEqual([]);
      expect(f.authorizations[0]).toMatchObject({ clientId: 'static-app', redirectUri: redirect });
      expect(outputs.join('')).not.toContain('static-secret-value');
      // Revocation authenticates the confidential client with its secret too.
      const out = await mcpo(['logout', 'remote'], env);
      expect(out.stderr).toContain('Revoked the login for remote');
      expect(f.revoked).toHaveLength(2);
      expect((await login([], env)).code).toBe(0);
      // A wrong secret is refused at the token endpoint: the secret really is used.
      const wrong = await login([], { ...h.env, MCPO_SECRET_APP_SECRET: 'wrong-secret' });
      expect(wrong.code).toBe(1);
      expect(wrong.stderr).toMatch(/Logging in to server remote \(.*\) failed: .*invalid_client/);
      expect(wrong.stderr).not.toContain('wrong-secret');
    }, 60_000);

    test('Client ID Metadata Document where the server supports it; registration where it does not', async () => {
      const doc = 'https://mcpo.example/oauth/client.json';
      const oauth = `    oauth: { client_metadata_url: "${doc}" }\n`;
      const f = await start(
        {
          metadataDocuments: true,
          documents: {
            [doc]: { client_name: 'mcpo', redirect_uris: ['http://127.0.0.1/callback'] },
          },
        },
        oauth,
      );
      const r = await login();
      expect(r.code).toBe(0);
      expect(r.stderr).toContain('client metadata document');
      expect(f.registrations).toEqual([]);
      expect(f.authorizations[0]!.clientId).toBe(doc);
      expect(await callThroughBridge()).toBe(`client ${doc}`);
      await f.close();

      const g = await start({ metadataDocuments: false }, oauth);
      fx = g;
      const again = await login();
      expect(again.code).toBe(0);
      expect(again.stderr).toContain('client registered dynamically');
      expect(g.registrations).toHaveLength(1);
    }, 60_000);

    test('logout revokes both tokens (RFC 7009) and deletes the keychain entries; a server without revocation is said so', async () => {
      const f = await start();
      expect((await login()).code).toBe(0);
      const held = [...f.issued];
      const out = await mcpo(['logout', 'remote']);
      expect(out.code).toBe(0);
      expect(out.stderr).toContain(
        'Revoked the login for remote at its authorization server and removed it from the keychain.',
      );
      expect(f.revoked.sort()).toEqual(held.sort());
      const status = JSON.parse((await mcpo(['auth', 'status', '--json'])).stdout);
      expect(status.servers[0]).toEqual({
        server: 'remote',
        url: f.url,
        logged_in: false,
        issuer: null,
        scopes: [],
        expires_at: null,
        refreshable: false,
      });
      expect((await mcpo(['logout', 'remote'])).stderr).toContain('mcpo held no login for remote');
      // The registration went too: the next login registers again.
      expect((await login()).code).toBe(0);
      expect(f.registrations).toHaveLength(2);
      await f.close();

      const g = await start({ revocation: false });
      fx = g;
      expect((await login()).code).toBe(0);
      const plain = await mcpo(['logout', 'remote']);
      expect(plain.stderr).toContain('its authorization server offers no revocation (RFC 7009)');
      expect(
        JSON.parse((await mcpo(['auth', 'status', '--json'])).stdout).servers[0].logged_in,
      ).toBe(false);
    }, 90_000);

    test('logout with the server gone: the keychain entries go anyway, and the warning says why nothing was revoked', async () => {
      const f = await start();
      expect((await login()).code).toBe(0);
      await f.close();
      const out = await mcpo(['logout', 'remote']);
      expect(out.code).toBe(0);
      expect(out.stderr).toMatch(
        /^Warning: Removed the login for remote from the keychain, but could not revoke it: its authorization server's metadata could not be read \(.+\)\.$/m,
      );
      expect(
        JSON.parse((await mcpo(['auth', 'status', '--json'])).stdout).servers[0].logged_in,
      ).toBe(false);
      fx = await startOAuthFixture();
      fx.issued.push(...f.issued);
    }, 60_000);

    test('no redirect within --timeout: a clear error, exit 1, nothing stored', async () => {
      const f = await start();
      const r = await loginHeadless('remote', stack, {
        env: h.env,
        cwd: project,
        extra: ['--timeout', '1'],
        follow: false,
      });
      outputs.push(r.stdout, r.stderr);
      expect(r.code).toBe(1);
      expect(r.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/authorize\?/);
      expect(r.stderr).toContain('Error: No login redirect arrived within 1 seconds.');
      expect(r.stderr).toContain('--timeout SECONDS');
      expect(f.tokenRequests).toEqual([]);
      expect(
        JSON.parse((await mcpo(['auth', 'status', '--json'])).stdout).servers[0].logged_in,
      ).toBe(false);
    }, 60_000);

    test('without --no-browser, where no browser can be opened (no display), the URL is printed and mcpo waits', async () => {
      const f = await start();
      const env = { ...h.env };
      for (const k of ['DISPLAY', 'WAYLAND_DISPLAY', 'CI']) delete env[k];
      const r = await loginHeadless('remote', stack, { env, cwd: project, noBrowserFlag: false });
      outputs.push(r.stdout, r.stderr);
      expect(r.code).toBe(0);
      expect(r.stdout).toBe(`${r.url}\n`);
      expect(r.stderr).not.toContain('Opened it in your browser');
      expect(f.tokenRequests).toHaveLength(1);
    }, 60_000);

    test('a keychain that cannot be reached fails before the browser step, with its own fix', async () => {
      // A static client: nothing would touch the keychain before the tokens arrive.
      const f = await start(
        {
          clients: [
            {
              client_id: 'static-app',
              redirect_uris: ['http://127.0.0.1/callback'],
              token_endpoint_auth_method: 'none',
            },
          ],
        },
        '    oauth: { client_id: static-app }\n',
      );
      const env = { ...h.env };
      delete env.DBUS_SESSION_BUS_ADDRESS;
      const r = await runMcpoAsync(
        ['login', 'remote', '--stack', stack, '--no-browser', '--timeout', '5'],
        { env, cwd: project },
      );
      outputs.push(r.stdout, r.stderr);
      expect(r.code).toBe(1);
      expect(r.stdout).toBe('');
      expect(r.stderr).toContain('Error: There is no D-Bus session bus');
      expect(f.authorizations).toEqual([]);
    }, 60_000);

    test('login refuses a stdio server and an unknown one, naming the stack file', async () => {
      await start();
      const stdio = await mcpo(['login', 'plain']);
      expect(stdio.code).toBe(1);
      expect(stdio.stderr).toContain(
        `Server plain in ${stack} is a stdio server; OAuth logins are for remote servers`,
      );
      const unknown = await mcpo(['login', 'remot']);
      expect(unknown.stderr).toContain(`There is no server remot in ${stack}`);
    }, 60_000);
  },
);

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}
