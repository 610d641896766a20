// End to end against the real Claude Code CLI: `mcpo apply` writes all three claude-code scopes
// into a temporary HOME and project, then `claude mcp list` / `claude mcp get` (which read those
// files and health-check the stdio servers) must show exactly what mcpo wrote.
//
// Claude Code (native binary from npm) and @modelcontextprotocol/server-memory come from
// test/clients-cli, installed into .cache/client-clis (see test/helpers/client-clis.ts).
// Under CI this suite must run; elsewhere it is skipped, with the reason printed, when they
// cannot be installed (no network).
//
// What Claude Code 2.1.330 shows (observed):
// - `claude mcp list` merges scopes by name: local > approved project > user. Servers from an
//   unapproved `.mcp.json` show "⏸ Pending approval" and do NOT shadow a user server of the same
//   name. In ~/.claude.json, `projects[<dir>]` with both `hasTrustDialogAccepted: true` and
//   `enabledMcpjsonServers: [names]` (or `enableAllProjectMcpServers: true`) approves them; either
//   alone did not, reliably. That is per exact directory: a subdirectory needs its own entry,
//   though `.mcp.json` is found by walking up from the working directory.
// - So the three scopes are seen from three places: an unrelated directory (user scope only),
//   the project directory (local wins), and a trusted subdirectory of the project (project
//   scope wins over user; no local entry there).
import { describe, test, expect, beforeAll, afterAll } from '@jest/globals';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { clientPackagePath, ensureClientClis } from './helpers/client-clis.js';
import { startBearerServer, type BearerServer } from './helpers/bearer-server.js';
import {
  deliveryScene,
  keychainSkip,
  plansAreClean,
  type DeliveryScene,
} from './helpers/real-delivery.js';
import {
  makeTmpHome,
  MCPO_CLI,
  runCommand,
  runMcpo,
  type RunResult,
  type TmpHome,
} from './helpers/tmp-home.js';

const IN_CI = !!process.env.CI && process.env.CI !== 'false' && process.env.CI !== '0';

let binDir = '';
let skipReason = '';
try {
  binDir = ensureClientClis();
} catch (err) {
  if (IN_CI) throw err;
  const lines = (err as Error).message.split('\n');
  skipReason = [lines[0], lines.find((l) => /npm (error|ERR!) (code|FetchError)/.test(l))]
    .filter(Boolean)
    .join(' / ');
  console.warn(
    `Skipping real Claude Code tests: could not install the client CLIs (no network?): ${skipReason}`,
  );
}
const suite = skipReason ? describe.skip : describe;

const MEMORY_JS = clientPackagePath('@modelcontextprotocol/server-memory', 'dist', 'index.js');
const REMOTE_URL = 'http://127.0.0.1:9/mcp';

/** One line of `claude mcp list`: `name: <command args | url (HTTP)> - <status>`. */
interface ListEntry {
  target: string;
  status: string;
}

function parseList(out: string): Map<string, ListEntry> {
  const servers = new Map<string, ListEntry>();
  for (const line of out.split('\n')) {
    if (/^MCP config diagnostics/.test(line)) break; // the warnings block that may follow the list
    const m = /^([A-Za-z0-9][\w.-]*): (.*) - ([✔✘⏸⚠!].*)$/u.exec(line);
    if (m) servers.set(m[1]!, { target: m[2]!, status: m[3]! });
  }
  return servers;
}

/** `claude mcp get NAME`: `  Key: value` lines, plus `Environment` as a map. */
interface GetInfo {
  fields: Record<string, string>;
  env: Record<string, string>;
}

function parseGet(out: string): GetInfo {
  const fields: Record<string, string> = {};
  const env: Record<string, string> = {};
  let inEnv = false;
  for (const line of out.split('\n')) {
    const field = /^ {2}([A-Za-z][A-Za-z ]*):\s?(.*)$/.exec(line);
    const envLine = /^ {4}([^=\s]+)=(.*)$/.exec(line);
    if (inEnv && envLine) env[envLine[1]!] = envLine[2]!;
    else if (field) {
      fields[field[1]!] = field[2]!;
      inEnv = field[1] === 'Environment';
    } else inEnv = false;
  }
  return { fields, env };
}

suite('real Claude Code reads what mcpo wrote (all three scopes)', () => {
  let tmp: TmpHome;
  let project = '';
  let sub = '';
  let elsewhere = '';
  let stackFile = '';
  let withEnvJs = '';
  let claudeEnv: NodeJS.ProcessEnv = {};

  const claude = (args: string[], cwd: string): RunResult => {
    const r = runCommand(join(binDir, 'claude'), args, { env: claudeEnv, cwd, timeoutMs: 90_000 });
    if (r.code !== 0)
      throw new Error(
        `claude ${args.join(' ')} (in ${cwd}) exited ${r.code}\n${r.stdout}\n${r.stderr}`,
      );
    return r;
  };
  const list = (cwd: string) => parseList(claude(['mcp', 'list'], cwd).stdout);
  const get = (name: string, cwd: string) => parseGet(claude(['mcp', 'get', name], cwd).stdout);

  const readClaudeJson = () =>
    JSON.parse(readFileSync(join(tmp.home, '.claude.json'), 'utf8')) as Record<string, any>;
  /** What answering Claude Code's trust and `.mcp.json` approval prompts records for a folder. */
  const approveProjectServers = (dir: string, names: string[]) => {
    const j = readClaudeJson();
    j.projects ??= {};
    j.projects[dir] = {
      ...(j.projects[dir] ?? {}),
      hasTrustDialogAccepted: true,
      enabledMcpjsonServers: names,
    };
    writeFileSync(join(tmp.home, '.claude.json'), JSON.stringify(j, null, 2));
  };

  beforeAll(() => {
    if (!existsSync(MCPO_CLI))
      throw new Error(`${MCPO_CLI} is missing: run \`npm run build\` first (npm test does)`);
    tmp = makeTmpHome('mcpo-real-claude-');
    claudeEnv = {
      ...tmp.env,
      // No update check, telemetry, error reports or other calls home: runs offline and quickly.
      DISABLE_AUTOUPDATER: '1',
      CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1',
      DISABLE_TELEMETRY: '1',
      DISABLE_ERROR_REPORTING: '1',
    };
    delete claudeEnv.ANTHROPIC_API_KEY;
    project = join(tmp.home, 'work', 'proj');
    sub = join(project, 'sub');
    elsewhere = join(tmp.home, 'elsewhere');
    for (const d of [project, sub, elsewhere, join(tmp.home, '.claude')])
      mkdirSync(d, { recursive: true });

    // Claude Code looks installed: ~/.claude/ and a ~/.claude.json with keys mcpo must keep.
    writeFileSync(
      join(tmp.home, '.claude.json'),
      JSON.stringify({ numStartups: 3, theme: 'dark', autoUpdates: false }, null, 2),
    );

    // A stdio server that only starts when the env block reached it.
    withEnvJs = join(tmp.home, 'servers', 'withenv-server.mjs');
    mkdirSync(join(tmp.home, 'servers'));
    writeFileSync(
      withEnvJs,
      `if (process.env.FOO !== 'bar') { console.error('FOO is not bar'); process.exit(3); }\n` +
        `await import(${JSON.stringify(pathToFileURL(MEMORY_JS).href)});\n`,
    );

    stackFile = join(project, 'mcp.stack.yaml');
    writeFileSync(
      stackFile,
      [
        'version: 1',
        'servers:',
        `  memory: { command: node, args: [${JSON.stringify(MEMORY_JS)}] }`,
        `  withenv: { command: node, args: [${JSON.stringify(withEnvJs)}], env: { FOO: bar } }`,
        `  remote: { url: ${JSON.stringify(REMOTE_URL)}, transport: http }`,
        'clients:',
        '  claude-code:',
        '    - { scope: user, servers: [memory, withenv, remote] }',
        '    - { scope: project, servers: [memory, remote] }',
        '    - { scope: local, servers: [memory] }',
        '',
      ].join('\n'),
    );

    const r = runMcpo(
      ['apply', '--stack', stackFile, '--project', project, '--yes', '--no-color'],
      { env: tmp.env, cwd: project },
    );
    if (r.code !== 0) throw new Error(`mcpo apply exited ${r.code}\n${r.stdout}\n${r.stderr}`);
  }, 120_000);

  afterAll(() => tmp?.cleanup());

  test('mcpo wrote the three files and kept the keys it does not own', () => {
    const j = readClaudeJson();
    expect(j).toMatchObject({ numStartups: 3, theme: 'dark', autoUpdates: false });
    expect(Object.keys(j.mcpServers ?? {}).sort()).toEqual(['memory', 'remote', 'withenv']);
    expect(Object.keys(j.projects?.[project]?.mcpServers ?? {})).toEqual(['memory']);
    const mcpJson = JSON.parse(readFileSync(join(project, '.mcp.json'), 'utf8'));
    expect(Object.keys(mcpJson.mcpServers ?? {}).sort()).toEqual(['memory', 'remote']);
  });

  test('user scope: from an unrelated folder, claude lists exactly the user servers', () => {
    const servers = list(elsewhere);
    expect([...servers.keys()].sort()).toEqual(['memory', 'remote', 'withenv']);
    expect(servers.get('memory')).toEqual({ target: `node ${MEMORY_JS}`, status: '✔ Connected' });
    expect(servers.get('withenv')).toEqual({ target: `node ${withEnvJs}`, status: '✔ Connected' });
    expect(servers.get('remote')?.target).toBe(`${REMOTE_URL} (HTTP)`);
    expect(servers.get('remote')?.status).toMatch(/^✘ Failed to connect/); // nothing listens on port 9

    const memory = get('memory', elsewhere);
    expect(memory.fields).toMatchObject({
      Scope: expect.stringMatching(/^User config/),
      Type: 'stdio',
      Command: 'node',
      Args: MEMORY_JS,
      Status: '✔ Connected',
    });
    const withenv = get('withenv', elsewhere);
    expect(withenv.fields).toMatchObject({
      Scope: expect.stringMatching(/^User config/),
      Type: 'stdio',
      Command: 'node',
      Args: withEnvJs,
      Status: '✔ Connected',
    });
    expect(withenv.env).toEqual({ FOO: 'bar' });
    const remote = get('remote', elsewhere);
    expect(remote.fields).toMatchObject({
      Scope: expect.stringMatching(/^User config/),
      Type: 'http',
      URL: REMOTE_URL,
    });
  }, 120_000);

  test('local scope: in the project folder the local entry wins; unapproved .mcp.json servers do not', () => {
    const servers = list(project);
    expect([...servers.keys()].sort()).toEqual(['memory', 'remote', 'withenv']);
    expect(servers.get('memory')).toEqual({ target: `node ${MEMORY_JS}`, status: '✔ Connected' });
    expect(get('memory', project).fields).toMatchObject({
      Scope: expect.stringMatching(/^Local config/),
      Command: 'node',
      Args: MEMORY_JS,
    });
    // Project servers are not approved yet ("⏸ Pending approval"), so the user entry is used.
    expect(get('remote', project).fields).toMatchObject({
      Scope: expect.stringMatching(/^User config/),
      URL: REMOTE_URL,
    });
    expect(get('withenv', project).fields.Scope).toMatch(/^User config/);
  }, 120_000);

  test('project scope: once approved, .mcp.json servers win over user ones', () => {
    approveProjectServers(project, ['memory', 'remote']);
    approveProjectServers(sub, ['memory', 'remote']);
    // In the project folder itself: local memory still wins, the project's remote now beats the user's.
    const inProject = list(project);
    expect([...inProject.keys()].sort()).toEqual(['memory', 'remote', 'withenv']);
    expect(get('memory', project).fields.Scope).toMatch(/^Local config/);
    expect(get('remote', project).fields).toMatchObject({
      Scope: expect.stringMatching(/^Project config/),
      Type: 'http',
      URL: REMOTE_URL,
    });

    // In a trusted subfolder there is no local entry, so both project servers show.
    const inSub = list(sub);
    expect([...inSub.keys()].sort()).toEqual(['memory', 'remote', 'withenv']);
    expect(inSub.get('memory')).toEqual({ target: `node ${MEMORY_JS}`, status: '✔ Connected' });
    expect(get('memory', sub).fields).toMatchObject({
      Scope: expect.stringMatching(/^Project config/),
      Type: 'stdio',
      Command: 'node',
      Args: MEMORY_JS,
      Status: '✔ Connected',
    });
    expect(get('remote', sub).fields).toMatchObject({
      Scope: expect.stringMatching(/^Project config/),
      Type: 'http',
      URL: REMOTE_URL,
    });
    expect(get('withenv', sub).fields.Scope).toMatch(/^User config/);
  }, 120_000);

  test('what Claude Code itself wrote into ~/.claude.json is not drift: plan shows no changes', () => {
    // Claude rewrote ~/.claude.json (firstStartTime, userID, ...) and the test added trust flags.
    expect(readClaudeJson()).toHaveProperty('firstStartTime');
    const r = runMcpo(
      ['plan', '--stack', stackFile, '--project', project, '--detailed-exitcode', '--no-color'],
      { env: tmp.env, cwd: project },
    );
    expect({ code: r.code, output: r.stdout + r.stderr }).toMatchObject({ code: 0 });
  });
});

// Every delivery mode, the secret held only in MCPO_SECRET_* and, separately, only in the keychain
// (reached through $XDG_RUNTIME_DIR/bus, with no DBUS_SESSION_BUS_ADDRESS). Claude Code passes its
// whole environment to a stdio server and health-checks it in `claude mcp list`.
for (const source of ['env', 'keychain'] as const) {
  const why = skipReason || (source === 'keychain' ? keychainSkip : undefined);
  if (why && source === 'keychain' && IN_CI && !skipReason)
    throw new Error(`keychain delivery tests cannot run: ${why}`);
  (why ? describe.skip : describe)(
    `real Claude Code starts every delivery mode, secret only in ${source === 'env' ? 'MCPO_SECRET_*' : 'the keychain'}`,
    () => {
      let d: DeliveryScene;
      beforeAll(() => {
        d = deliveryScene('claude-code', `mcpo-real-claude-${source}-`, source);
        Object.assign(d.env, {
          DISABLE_AUTOUPDATER: '1',
          CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1',
          DISABLE_TELEMETRY: '1',
          DISABLE_ERROR_REPORTING: '1',
        });
        delete d.env.ANTHROPIC_API_KEY;
      }, 180_000);
      afterAll(() => d?.tmp.cleanup());

      test('inline, env and launcher servers are all Connected (each exits unless its variable holds the secret)', () => {
        const servers = parseList(d.run(join(binDir, 'claude'), ['mcp', 'list']).stdout);
        expect(Object.fromEntries([...servers].map(([n, s]) => [n, s.status]))).toEqual({
          'd-inline': '✔ Connected',
          'd-env': '✔ Connected',
          'd-launcher': '✔ Connected',
        });
        const entries = JSON.parse(
          readFileSync(join(d.tmp.home, '.claude.json'), 'utf8'),
        ).mcpServers;
        expect(entries['d-env'].env).toEqual({ DELIVERY_TOKEN: '${DELIVERY_TOKEN}' });
        expect(entries['d-launcher'].args.slice(1)).toEqual([
          'run',
          'd-launcher',
          '--stack',
          join(d.tmp.home, 'stacks', 'launcher', 'mcp.stack.yaml'),
        ]);
      }, 120_000);

      test('plan shows no changes for any mode, and mcpo never printed the value', () => {
        expect(plansAreClean(d)).toEqual({ inline: 0, env: 0, launcher: 0 });
        expect(d.mcpoOutput).not.toContain(d.value);
      }, 120_000);
    },
  );
}

// A remote server whose header holds the secret, `secrets: launcher`: Claude Code gets the url and
// a `headersHelper` (`mcpo run NAME --stack FILE --print-headers`), no bridge and no value on disk.
// The server answers only with `Authorization: Bearer <secret>`, so "Connected" proves the helper
// ran and its header was sent. Secret only in MCPO_SECRET_* and, separately, only in the keychain.
for (const source of ['env', 'keychain'] as const) {
  const why = skipReason || (source === 'keychain' ? keychainSkip : undefined);
  (why ? describe.skip : describe)(
    `real Claude Code sends the headers of mcpo's headersHelper, secret only in ${source === 'env' ? 'MCPO_SECRET_*' : 'the keychain'}`,
    () => {
      let d: DeliveryScene;
      let server: BearerServer;
      beforeAll(async () => {
        d = deliveryScene('claude-code', `mcpo-real-claude-hh-${source}-`, source, { modes: [] });
        Object.assign(d.env, {
          DISABLE_AUTOUPDATER: '1',
          CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1',
          DISABLE_TELEMETRY: '1',
          DISABLE_ERROR_REPORTING: '1',
        });
        delete d.env.ANTHROPIC_API_KEY;
        server = await startBearerServer(d.value);
        const stack = join(d.tmp.home, 'stacks', 'hh', 'mcp.stack.yaml');
        mkdirSync(join(d.tmp.home, 'stacks', 'hh'), { recursive: true });
        writeFileSync(
          stack,
          `version: 1\nservers:\n  api: { url: "${server.url}", headers: { Authorization: "Bearer \${secret:test-token}" } }\nclients:\n  claude-code: [{ scope: user, secrets: launcher, servers: [api] }]\n`,
        );
        const r = d.mcpo(['apply', '--stack', stack, '--yes', '--force', '--no-color']);
        if (r.code !== 0) throw new Error(`mcpo apply exited ${r.code}\n${r.stderr}`);
      }, 180_000);
      afterAll(() => {
        server?.stop();
        d?.tmp.cleanup();
      });

      test('the entry is the url and a headersHelper; claude mcp list shows it Connected', () => {
        const text = readFileSync(join(d.tmp.home, '.claude.json'), 'utf8');
        expect(text).not.toContain(d.value);
        expect(JSON.parse(text).mcpServers.api).toEqual({
          type: 'http',
          url: server.url,
          headersHelper: expect.stringMatching(/ run api --stack \S+ --print-headers$/),
        });
        const servers = parseList(d.run(join(binDir, 'claude'), ['mcp', 'list']).stdout);
        expect(servers.get('api')).toEqual({
          target: `${server.url} (HTTP)`,
          status: '✔ Connected',
        });
      }, 120_000);
    },
  );
}
