// `mcpo doctor` explains a 401 instead of stopping at it: against a loopback authorization server
// and protected MCP server built from the SDK's server auth (test/helpers/oauth-server.ts),
// the report names each step of the OAuth discovery, the client identification and redirect the
// client in question will use, and the token it holds (mcpo's keychain: a real gnome-keyring; a
// client's own token file). Three cases of the issue: a missing metadata document, a wrong
// callback port, an expired token. No output ever holds a token value.
import { describe, test, expect, beforeAll, afterAll, beforeEach, afterEach } from '@jest/globals';
import { execFile } from 'node:child_process';
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  makeTmpHome,
  MCPO_CLI,
  runCommand,
  type RunResult,
  type TmpHome,
} from './helpers/tmp-home.js';
import { runMcpoAsync } from './helpers/run-async.js';
import { byServer } from './helpers/doctor.js';
import { inKeyring, keyringUnavailableReason } from './helpers/keyring.js';
import { REPO_ROOT } from './helpers/client-clis.js';
import { startOAuthFixture, type OAuthFixture } from './helpers/oauth-server.js';
import type { DoctorReport, ServerReport } from '../src/doctor/report.js';

const IN_CI = !!process.env.CI && process.env.CI !== 'false' && process.env.CI !== '0';
const noKeyring = keyringUnavailableReason();
if (noKeyring && IN_CI)
  throw new Error(`The keychain cases need a Secret Service under CI: ${noKeyring}`);
const keyringTest = noKeyring ? test.skip : test;

const ECHO_ENV = fileURLToPath(new URL('./fixtures/doctor/echo-env.mjs', import.meta.url));
const ACCESS = 'at-doctor-9f8e7d6c5b4a-SECRET';
const REFRESH = 'rt-doctor-0a1b2c3d4e5f-SECRET';
let srv: OAuthFixture;
/** No protected resource metadata; the authorization server metadata is at the origin. */
let noPrm: OAuthFixture;
/** Client ID Metadata Documents supported, no pre-registered client. */
let cimd: OAuthFixture;
beforeAll(async () => {
  srv = await startOAuthFixture({
    clients: [{ client_id: 'static-client', redirect_uris: ['http://localhost:7777/callback'] }],
  });
  noPrm = await startOAuthFixture({ resourceMetadata: false });
  cimd = await startOAuthFixture({ metadataDocuments: true });
});
afterAll(async () => {
  for (const f of [srv, noPrm, cimd]) await f.close();
});

let h: TmpHome;
let project: string;
beforeEach(() => {
  h = makeTmpHome('mcpo-doctor-auth-');
  project = join(h.home, 'p');
  mkdirSync(project);
});
afterEach(() => h.cleanup());

const writeStack = (servers: string) =>
  writeFileSync(join(project, 'mcp.stack.yaml'), `version: 1\nservers:\n${servers}`);

/** Runs mcpo inside a private keyring session without blocking the loopback servers. */
function mcpoInKeyring(args: string[]): Promise<RunResult> {
  const [file, ...rest] = inKeyring([process.execPath, MCPO_CLI, ...args]);
  return new Promise((resolve) => {
    execFile(file!, rest, { cwd: project, env: h.env, timeout: 120_000 }, (err, stdout, stderr) => {
      resolve({ code: err ? Number((err as { code?: unknown }).code ?? -1) : 0, stdout, stderr });
    });
  });
}

/** Stores a login in the layout of src/auth/contract.ts, as `mcpo login` does. */
function storeLogin(url: string, tokens: object): void {
  const script = `const k = require('@napi-rs/keyring');
new k.Entry('mcpo', process.argv[1], { linux: { store: 'secret-service' } }).setPassword(process.argv[2]);`;
  const [file, ...args] = inKeyring([
    process.execPath,
    '-e',
    script,
    `oauth-tokens:${url}`,
    JSON.stringify(tokens),
  ]);
  // From the repository, where @napi-rs/keyring resolves; the keyring itself lives in h.home.
  const r = runCommand(file!, args, { env: h.env, cwd: REPO_ROOT });
  if (r.code !== 0) throw new Error(`storing the login failed: ${r.stderr}`);
}

function parse(r: RunResult): {
  report: DoctorReport;
  byName: Record<string, ServerReport>;
  out: string;
} {
  const report = JSON.parse(r.stdout) as DoctorReport;
  return { report, byName: byServer(report), out: r.stdout + r.stderr };
}
const checksOf = (s: ServerReport) =>
  Object.fromEntries(
    s.auth!.checks.map((c) => [c.step + (c.status === 'ok' ? '' : `:${c.status}`), c.message]),
  );

describe('mcpo doctor: OAuth explained, API keys reach the server', () => {
  test('a missing metadata document: no protected resource metadata; clients fall back to the origin as authorization server', async () => {
    writeStack(`  noprm: { url: "${noPrm.url}" }\n`);
    const r = parse(
      await runMcpoAsync(['doctor', '--json', '--timeout', '20'], { env: h.env, cwd: project }),
    );
    const s = r.byName.noprm!;
    expect(s.failure!.kind).toBe('http-401');
    const o = noPrm.origin;
    const tried = [
      `${o}/.well-known/oauth-protected-resource/mcp (404)`,
      `${o}/.well-known/oauth-protected-resource (404)`,
    ];
    expect(s.auth!.findings.resourceMetadata).toMatchObject({ found: false, tried });
    expect(s.auth!.findings.authorizationServer).toMatchObject({
      issuer: `${o}/`,
      fallback: true,
      found: true,
    });
    expect(s.auth!.checks.filter((c) => c.status === 'fail').map((c) => c.step)).toEqual([
      'resource-metadata',
    ]);
    expect(checksOf(s)['authorization-server']).toBe(
      `authorization server ${o}/ (the server's origin, for want of resource metadata): metadata at ${o}/.well-known/oauth-authorization-server`,
    );
    expect(s.failure!.message).toContain('no protected resource metadata');
    expect(s.failure!.fix).toBe(
      `the server must publish RFC 9728 metadata at /.well-known/oauth-protected-resource; meanwhile clients try ${o}/ as the authorization server`,
    );
  }, 60_000);

  test('--client: the identification path is the one the client takes (Claude Code: a metadata document where supported)', async () => {
    writeStack(`  docs: { url: "${cimd.url}" }\n`);
    writeFileSync(
      join(h.home, '.claude.json'),
      JSON.stringify({ mcpServers: { docs: { type: 'http', url: cimd.url } } }),
    );
    const r = parse(
      await runMcpoAsync(['doctor', '--client', 'claude-code', '--json', '--timeout', '20'], {
        env: h.env,
        cwd: project,
      }),
    );
    expect(r.byName.docs!.auth!.identification).toEqual({
      available: ['metadata-document', 'registration'],
      used: 'metadata-document',
    });
    const mcpo = parse(
      await runMcpoAsync(['doctor', '--json', '--timeout', '20'], { env: h.env, cwd: project }),
    );
    // mcpo presents a metadata document only when the stack names one (oauth.client_metadata_url).
    expect(mcpo.byName.docs!.auth).toMatchObject({
      client: 'mcpo',
      identification: { used: 'registration' },
    });
  }, 60_000);

  keyringTest(
    `an expired token in mcpo's keychain, without a refresh token: log in again${noKeyring ? ` (skipped: ${noKeyring})` : ''}`,
    async () => {
      writeStack(`  prot: { url: "${srv.url}" }\n`);
      storeLogin(srv.url, {
        access_token: ACCESS,
        token_type: 'bearer',
        issuer: `${srv.origin}/`,
        scopes: ['mcp'],
        expires_at: '2026-01-01T00:00:00.000Z',
      });
      const raw = await mcpoInKeyring(['doctor', '--json', '--timeout', '20']);
      const r = parse(raw);
      const prot = r.byName.prot!;
      expect(raw.code).toBe(1);
      const checks = checksOf(prot);
      expect(checks['resource-metadata']).toBe(
        `protected resource metadata at ${new URL(srv.url).origin}/.well-known/oauth-protected-resource/mcp (named by the 401's WWW-Authenticate)`,
      );
      expect(checks['authorization-server']).toContain(
        `authorization server ${srv.origin}/ (named by the resource metadata)`,
      );
      expect(checks.pkce).toBe('PKCE S256 supported');
      expect(prot.auth!.identification).toEqual({
        available: ['registration'],
        used: 'registration',
      });
      expect(checks.redirect).toBe(
        'mcpo will use redirect URI http://127.0.0.1:<port>/callback (an ephemeral port: no oauth.callback_port)',
      );
      expect(checks['token:fail']).toBe(
        "token in mcpo's keychain expired at 2026-01-01T00:00:00.000Z and no refresh token is held",
      );
      expect(prot.failure!.fix).toBe('log in again: mcpo login prot');
      // The text view names the steps too.
      const text = await mcpoInKeyring(['doctor']);
      expect(text.stdout).toContain('OAuth, as mcpo meets it:');
      expect(text.stdout).toMatch(/FAIL token in mcpo's keychain expired/);
      expect(r.out + text.stdout + text.stderr).not.toContain(ACCESS);
    },
    90_000,
  );

  test("--client: a callback port other than the stack's, and the client's own token file open to others", async () => {
    writeStack(
      `  prot: { url: "${srv.url}", oauth: { client_id: static-client, callback_port: 7777 } }\n`,
    );
    const entry = {
      type: 'http',
      url: srv.url,
      oauth: { clientId: 'static-client', callbackPort: 8888 },
    };
    writeFileSync(join(h.home, '.claude.json'), JSON.stringify({ mcpServers: { prot: entry } }));
    mkdirSync(join(h.home, '.claude'));
    const creds = join(h.home, '.claude', '.credentials.json');
    const held = {
      serverName: 'prot',
      serverUrl: srv.url,
      accessToken: ACCESS,
      refreshToken: REFRESH,
      expiresAt: Date.parse('2026-03-04T05:06:07Z'),
    };
    writeFileSync(creds, JSON.stringify({ mcpOAuth: { 'prot|0123456789abcdef': held } }));
    chmodSync(creds, 0o644);
    const r = parse(
      await runMcpoAsync(['doctor', '--client', 'claude-code', '--json', '--timeout', '20'], {
        env: h.env,
        cwd: project,
      }),
    );
    const prot = r.byName.prot!;
    expect(prot.auth!.client).toBe('claude-code');
    expect(prot.auth!.identification.used).toBe('static');
    expect(prot.auth!.redirect).toMatchObject({
      uri: 'http://localhost:8888/callback',
      port: 8888,
      stackPort: 7777,
      matches: false,
    });
    const checks = checksOf(prot);
    expect(checks['redirect:fail']).toBe(
      'claude-code will use redirect URI http://localhost:8888/callback (oauth.callbackPort of the entry), but the stack says oauth.callback_port 7777',
    );
    expect(prot.auth!.tokens).toEqual([
      {
        store: creds,
        checked: true,
        exists: true,
        mode: '0644',
        private: false,
        held: true,
        expiresAt: '2026-03-04T05:06:07.000Z',
        expired: true,
        refreshable: true,
      },
    ]);
    expect(checks['token:fail']).toBe(`${creds} is readable by others (mode 0644)`);
    expect(prot.failure!.fix).toContain('run `mcpo apply`');
    expect(r.out).not.toContain(ACCESS);
    expect(r.out).not.toContain(REFRESH);

    // The same entry with the stack's port: the redirect matches.
    writeFileSync(
      join(h.home, '.claude.json'),
      JSON.stringify({
        mcpServers: {
          prot: { ...entry, oauth: { clientId: 'static-client', callbackPort: 7777 } },
        },
      }),
    );
    const again = parse(
      await runMcpoAsync(['doctor', '--client', 'claude-code', '--json', '--timeout', '20'], {
        env: h.env,
        cwd: project,
      }),
    );
    expect(again.byName.prot!.auth!.redirect).toMatchObject({ port: 7777, matches: true });
  }, 90_000);

  test('--client gemini-cli: the redirect URI and static id of an oauth object mcpo does not map back; its token file', async () => {
    writeStack(
      `  prot: { url: "${srv.url}", oauth: { client_id: static-client, callback_port: 7777 } }\n`,
    );
    mkdirSync(join(h.home, '.gemini'));
    const oauth = {
      enabled: true,
      clientId: 'static-client',
      redirectUri: 'http://localhost:7777/oauth/callback',
    };
    writeFileSync(
      join(h.home, '.gemini', 'settings.json'),
      JSON.stringify({ mcpServers: { prot: { httpUrl: srv.url, oauth } } }),
    );
    const tokens = join(h.home, '.gemini', 'mcp-oauth-tokens.json');
    const token = {
      accessToken: ACCESS,
      tokenType: 'Bearer',
      expiresAt: Date.parse('2099-01-01T00:00:00Z'),
    };
    writeFileSync(
      tokens,
      JSON.stringify([{ serverName: 'prot', mcpServerUrl: srv.url, token, updatedAt: 1 }]),
      { mode: 0o600 },
    );
    const r = parse(
      await runMcpoAsync(['doctor', '--client', 'gemini-cli', '--json', '--timeout', '20'], {
        env: h.env,
        cwd: project,
      }),
    );
    const prot = r.byName.prot!;
    expect(prot.auth!.identification.used).toBe('static');
    expect(prot.auth!.redirect).toMatchObject({
      uri: oauth.redirectUri,
      port: 7777,
      from: 'oauth.redirectUri of the entry',
      matches: true,
    });
    expect(checksOf(prot).token).toBe(`token held in ${tokens} until 2099-01-01T00:00:00.000Z`);
    expect(prot.auth!.checks.filter((c) => c.status !== 'ok')).toEqual([]);
    expect(r.out).not.toContain(ACCESS);
  }, 60_000);

  test('--client: env references to variables the environment lacks fail the file, naming them (not a plain ok)', async () => {
    writeStack('  none: { command: node }\n');
    const entry = {
      command: 'node',
      args: [ECHO_ENV],
      env: {
        API_TOKEN: '${MCPO_DOCTOR_KEY}',
        EXPECTED_TOKEN: '${MCPO_DOCTOR_EXPECTED}',
        LANGUAGE: '${MCPO_DOCTOR_LANG:-en}',
      },
    };
    writeFileSync(join(h.home, '.claude.json'), JSON.stringify({ mcpServers: { keyed: entry } }));
    chmodSync(join(h.home, '.claude.json'), 0o600);
    const unset = parse(
      await runMcpoAsync(['doctor', '--client', 'claude-code', '--json', '--timeout', '20'], {
        env: { ...h.env, MCPO_DOCTOR_EXPECTED: 'x' },
        cwd: project,
      }),
    );
    const user = unset.report.clientFiles.find((f) => f.scope === 'user')!;
    expect(user).toMatchObject({
      ok: false,
      failure: {
        kind: 'env-unset',
        message: `${join(h.home, '.claude.json')} refers to environment variables that are not set here: MCPO_DOCTOR_KEY (keyed).`,
      },
    });
    expect(user.envRefs).toEqual([
      { server: 'keyed', variable: 'MCPO_DOCTOR_KEY', set: false },
      { server: 'keyed', variable: 'MCPO_DOCTOR_EXPECTED', set: true },
    ]);
    expect(unset.report.ok).toBe(false);

    const set = parse(
      await runMcpoAsync(['doctor', '--client', 'claude-code', '--json', '--timeout', '20'], {
        env: { ...h.env, MCPO_DOCTOR_EXPECTED: 'x', MCPO_DOCTOR_KEY: 'x' },
        cwd: project,
      }),
    );
    expect(set.report.clientFiles.find((f) => f.scope === 'user')).toMatchObject({ ok: true });
  }, 90_000);
});
