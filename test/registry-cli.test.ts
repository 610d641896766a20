import { describe, test, expect, beforeAll, afterAll, beforeEach, afterEach } from '@jest/globals';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { makeTmpHome, type TmpHome } from './helpers/tmp-home.js';
import { runMcpoAsync } from './helpers/run-async.js';
import {
  startRegistry,
  type LoopbackRegistry,
  type Published,
} from './helpers/loopback-registry.js';

/** `mcpo search` and `mcpo add --from` through the built CLI against a loopback registry. */
const fixture = (f: string) =>
  JSON.parse(
    readFileSync(join(dirname(fileURLToPath(import.meta.url)), 'fixtures', 'registry', f), 'utf8'),
  ) as { name: string; version: string };
const pub = (f: string): Published => {
  const server = fixture(f);
  return { name: server.name, version: server.version, server };
};

let reg: LoopbackRegistry;
let h: TmpHome;
let project: string;
const STACK = `# Team servers.
version: 1

servers:
  memory:   # remembers things
    command: npx
    args: [ -y, "@modelcontextprotocol/server-memory" ]

clients:
  claude-code: { scope: user, servers: [memory] }
`;
const stackFile = () => join(project, 'mcp.stack.yaml');
const read = () => readFileSync(stackFile(), 'utf8');
const mcpo = (args: string[], env: NodeJS.ProcessEnv = {}) =>
  runMcpoAsync(args, { env: { ...h.env, MCPO_REGISTRY_URL: reg.url, ...env }, cwd: project });

/** Bad registry data, each served under its own name: what mcpo must refuse, writing nothing. */
const weather = () => fixture('weather.json') as Record<string, any>;
const bad = (name: string, edit: (d: Record<string, any>) => void): Published => {
  const server = weather();
  server.name = name;
  edit(server);
  return { name, version: '1.2.0', server };
};
const BAD: [string, Published, RegExp][] = [
  ['a missing version', bad('bad.test/no-version', (d) => delete d.version), /has no `version`/],
  [
    'a package version range',
    bad('bad.test/range', (d) => (d.packages[0].version = '^1.2.0')),
    /packages\[0\]\.version `\^1\.2\.0`, which is not one exact version/,
  ],
  [
    'an unknown registryType',
    bad('bad.test/cargo', (d) => (d.packages[0].registryType = 'cargo')),
    /unknown registryType `cargo`/,
  ],
  [
    'a missing identifier',
    bad('bad.test/no-id', (d) => delete d.packages[0].identifier),
    /without a valid `identifier`/,
  ],
  [
    'a remote without url',
    bad('bad.test/no-url', (d) => delete d.remotes[0].url),
    /without an http\(s\) `url`/,
  ],
  [
    'an argument of no known type',
    bad('bad.test/arg', (d) => (d.packages[0].packageArguments[0].type = 'flag')),
    /neither positional nor named/,
  ],
  [
    'a secret flag that is not true or false',
    bad('bad.test/flag', (d) => (d.packages[0].environmentVariables[0].isSecret = 'yes')),
    /isSecret that is not true or false/,
  ],
  [
    'an image without a tag',
    {
      name: 'bad.test/image',
      version: '2.0.0',
      server: {
        ...fixture('sandbox.json'),
        name: 'bad.test/image',
        packages: [
          { ...(fixture('sandbox.json') as any).packages[0], identifier: 'ghcr.io/acme/sandbox' },
        ],
      },
    },
    /oci image `ghcr\.io\/acme\/sandbox` without a pinned tag or digest/,
  ],
  [
    'a document that is not JSON',
    { name: 'bad.test/not-json', version: '1.0.0', server: {}, raw: '<html>oops' },
    /is not valid JSON/,
  ],
  [
    'a document for another name',
    { name: 'bad.test/other', version: '1.2.0', server: weather() },
    /is named `io\.github\.acme\/weather`/,
  ],
];

beforeAll(async () => {
  reg = await startRegistry([
    pub('weather.json'),
    pub('timeseries.json'),
    pub('sandbox.json'),
    pub('docs-remote.json'),
    ...BAD.map((b) => b[1]),
  ]);
});
afterAll(() => reg.close());
beforeEach(() => {
  h = makeTmpHome();
  project = join(h.home, 'proj');
  mkdirSync(project);
  mkdirSync(join(h.home, '.claude'));
  writeFileSync(stackFile(), STACK);
});
afterEach(() => h.cleanup());

const SERVERS_END = `args: [ -y, "@modelcontextprotocol/server-memory" ]\n`;
/** The stack with `block` added after the last server, every other byte as it was. */
const withServer = (block: string, vars = '') =>
  STACK.replace('version: 1\n', `version: 1\n${vars}`).replace(SERVERS_END, SERVERS_END + block);

describe('mcpo search', () => {
  test('follows the cursor over every page and shows what each server offers', async () => {
    const r = await mcpo(['search', 'acme']);
    expect(r.code).toBe(0);
    // The bad documents (copies of weather) are left out, each with its one sentence.
    expect(r.stderr).toContain(
      "Skipped: The registry's entry for bad.test/no-version has no `version`.\n",
    );
    expect(r.stdout).not.toContain('bad.test/no-version');
    expect(r.stdout).toContain(
      'io.github.acme/weather 1.2.0  [npm, remote]\n  Forecasts and alerts from the Acme weather API.',
    );
    expect(r.stdout).toContain('io.github.acme/timeseries 0.4.1  [pypi]');
    expect(r.stdout).toContain('io.github.acme/sandbox 2.0.0  [oci]');
    expect(r.stdout).toContain(`3 servers from ${reg.url}.`);
    expect(reg.requests.some((q) => q.startsWith('/v0.1/servers?') && q.includes('cursor='))).toBe(
      true,
    );
  });

  test('--json lists name, version, description and offers', async () => {
    const r = await mcpo(['search', 'docs', '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({
      registry: reg.url,
      servers: [
        {
          name: 'com.example/docs',
          version: '3.1.0',
          description: "Search Example Corp's internal docs.",
          offers: ['remote'],
          status: 'active',
        },
      ],
      skipped: [],
    });
  });

  test("the stack's `registry:` key is used, and MCPO_REGISTRY_URL wins over it", async () => {
    writeFileSync(stackFile(), STACK.replace('version: 1\n', `version: 1\nregistry: ${reg.url}\n`));
    const fromKey = await runMcpoAsync(['search', 'sandbox'], { env: h.env, cwd: project });
    expect(fromKey.code).toBe(0);
    expect(fromKey.stdout).toContain('io.github.acme/sandbox 2.0.0');
    const envWins = await mcpo(['search', 'sandbox'], { MCPO_REGISTRY_URL: 'http://127.0.0.1:1' });
    expect(envWins.code).toBe(1);
    expect(envWins.stderr).toMatch(
      /^Error: The registry at http:\/\/127\.0\.0\.1:1 cannot be reached/,
    );
    expect((await mcpo(['validate'])).code).toBe(0);
  });
});

describe('mcpo add --from', () => {
  test('an npm package: npx -y id@version, secrets as references, required values as vars, defaults and choices in comments', async () => {
    const r = await mcpo([
      'add',
      'weather',
      '--from',
      'io.github.acme/weather@1.2.0',
      '--package',
      'npm',
    ]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(
      'from io.github.acme/weather 1.2.0: the npm package, as asked (--package npm).',
    );
    expect(r.stdout).toContain(
      'Set WEATHER_REGION (in the environment, or under `vars:` in the stack file)',
    );
    expect(r.stdout).toContain('Secrets it needs: weather-weather-api-key');
    expect(read()).toBe(
      withServer(
        '  # From the MCP registry: io.github.acme/weather 1.2.0 (npm @acme/weather-mcp).\n' +
          '  # UNITS: one of metric, imperial (default metric)\n' +
          '  # optional CACHE_DIR (not set): Where to cache\n' +
          '  weather:\n' +
          '    description: Forecasts and alerts from the Acme weather API.\n' +
          '    command: npx\n' +
          '    args: [-y, "@acme/weather-mcp@1.2.0", --region, "${var:WEATHER_REGION}"]\n' +
          '    env:\n' +
          '      WEATHER_API_KEY: ${secret:weather-weather-api-key}\n' +
          '      UNITS: metric\n' +
          '    registry: {name: io.github.acme/weather, version: 1.2.0, via: npm}\n',
        'vars:\n  # required by weather: Region code\n  WEATHER_REGION: ${env:WEATHER_REGION}\n',
      ),
    );
    const v = await mcpo(['validate']);
    expect(v.code).toBe(1);
    expect(v.stderr).toContain(
      'vars.WEATHER_REGION: environment variable `WEATHER_REGION` is not set',
    );
    expect((await mcpo(['validate'], { WEATHER_REGION: 'eu' })).code).toBe(0);
  });

  test('a pypi package: uvx id==version with its arguments', async () => {
    expect((await mcpo(['add', 'ts', '--from', 'io.github.acme/timeseries'])).code).toBe(0);
    expect(read()).toContain(
      '    command: uvx\n    args: [acme-timeseries==0.4.1, /var/lib/ts.db, --read-only, "true"]\n',
    );
    expect(read()).toContain('  # optional LOG_LEVEL (not set): Log level; one of debug, info\n');
    expect((await mcpo(['validate'])).code).toBe(0);
  });

  test('an oci image: docker run -i --rm with runtime arguments and its variables passed in', async () => {
    const r = await mcpo(['add', 'sandbox', '--from', 'io.github.acme/sandbox']);
    expect(r.code).toBe(0);
    expect(read()).toContain(
      '    command: docker\n    args: [run, -i, --rm, --network, none, -v, "${var:SANDBOX_WORKDIR}:/work", -e, SANDBOX_TOKEN, -e, SANDBOX_MODE, ghcr.io/acme/sandbox:2.0.0]\n',
    );
    expect(read()).toContain(
      '      SANDBOX_TOKEN: ${secret:sandbox-sandbox-token}\n      SANDBOX_MODE: strict\n',
    );
  });

  test('package or remote: a remote when every target client takes one, a package otherwise, --remote overrides; each says why', async () => {
    const remote = await mcpo(['add', 'weather', '--from', 'io.github.acme/weather']);
    expect(remote.code).toBe(0);
    expect(remote.stdout).toContain(
      'the remote https://api.acme.dev/mcp, every client of the stack (claude-code) takes remote servers.',
    );
    expect(read()).toContain(
      '  weather:\n    description: Forecasts and alerts from the Acme weather API.\n    url: https://api.acme.dev/mcp\n    headers:\n      Authorization: Bearer ${secret:weather-token}\n    registry: {name: io.github.acme/weather, version: 1.2.0, via: remote}\n',
    );
    const pkg = await mcpo(
      ['add', 'weather2', '--from', 'io.github.acme/weather', '--target', 'claude-desktop'],
      { WEATHER2_REGION: 'eu' },
    );
    expect(pkg.stderr).toBe('');
    expect(pkg.stdout).toContain(
      'the npm package, claude-desktop cannot take remote servers; --remote overrides.',
    );
    // The required value of weather2 stops every command until it is set (as any `${env:}`).
    const set = { WEATHER2_REGION: 'eu' };
    const forced = await mcpo(
      ['add', 'weather3', '--from', 'io.github.acme/weather', '--remote', '--target', 'cursor'],
      set,
    );
    expect(forced.stderr).toBe('');
    expect(forced.stdout).toContain('as asked (--remote)');
    const sse = await mcpo(['add', 'docs', '--from', 'com.example/docs'], set);
    expect(sse.code).toBe(0);
    expect(read()).toContain(
      '    url: https://mcp.example.com/sse\n    transport: sse\n    headers:\n      X-Team: ${var:DOCS_X_TEAM}\n',
    );
  });

  test('add --from then plan: the server is planned and its secret is listed as missing', async () => {
    expect(
      (
        await mcpo([
          'add',
          'weather',
          '--from',
          'io.github.acme/weather',
          '--target',
          'claude-code',
        ])
      ).code,
    ).toBe(0);
    const p = await mcpo(['plan', '--json']);
    expect(p.stderr).not.toMatch(/Error/);
    const plan = JSON.parse(p.stdout) as {
      missing_secrets: string[];
      targets: { changes: { server: string; action: string }[] }[];
    };
    expect(plan.missing_secrets).toEqual(['weather-token']);
    expect(plan.targets.flatMap((t) => t.changes.map((c) => `${c.action} ${c.server}`))).toContain(
      'create weather',
    );
    const text = await mcpo(['plan']);
    expect(text.stdout).toContain('weather');
    expect(text.stdout).toContain('weather-token');
  });

  describe('bad registry data: one sentence, exit 1, nothing written', () => {
    test.each(BAD)('%s', async (_what, doc, message) => {
      const r = await mcpo(['add', 'x', '--from', doc.name]);
      expect(r.code).toBe(1);
      expect(r.stdout).toBe('');
      const [first, fix, ...rest] = r.stderr.trimEnd().split('\n');
      expect(first).toMatch(message);
      expect(first).toMatch(/^Error: The registry's entry for .*, so mcpo wrote nothing\.$/);
      expect(fix).toMatch(/^Fix: /);
      expect(rest).toEqual([]);
      expect(read()).toBe(STACK);
    });

    test('an unknown name, an inexact version asked for, a package type it does not offer', async () => {
      for (const [args, msg] of [
        [['--from', 'io.github.acme/nope'], /has no server io\.github\.acme\/nope\./],
        [['--from', 'io.github.acme/weather@^1.0'], /`\^1\.0` is not one exact version\./],
        [
          ['--from', 'io.github.acme/timeseries', '--package', 'npm'],
          /offers no npm package \(it offers pypi\)\./,
        ],
        [
          ['--from', 'io.github.acme/timeseries', '--remote'],
          /offers no remote \(it offers pypi\)\./,
        ],
        [
          ['--from', 'io.github.acme/timeseries', '--url', 'https://x.dev/mcp'],
          /cannot be combined with --url\./,
        ],
        [
          ['--package', 'npm', '--', 'npx', 'y'],
          /--package chooses what to install from the registry, so it needs --from\./,
        ],
      ] as [string[], RegExp][]) {
        const r = await mcpo(['add', 'x', ...args]);
        expect(r.code).toBe(1);
        expect(r.stderr).toMatch(msg);
        expect(read()).toBe(STACK);
      }
    });
  });
});
