import { describe, test, expect, beforeEach, afterEach } from '@jest/globals';
import fc from 'fast-check';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkServer } from '../src/registry/check.js';
import { addFromDocument } from '../src/registry/install.js';
import { loadStack } from '../src/stack/load.js';
import { stackLoadOptions } from '../src/stack/load-options.js';
import { McpoError } from '../src/errors.js';
import { credentialSpans } from '../src/secrets/redact.js';

/**
 * Generated server.json documents, shaped as the registry's schema
 * (modelcontextprotocol/registry docs/reference/server-json/server.schema.json):
 * a valid one always becomes a stack that loads, with its registry record; an invalid one is
 * always refused with one sentence, the stack file untouched.
 */
const STACK =
  '# ours\nversion: 1\nservers:\n  memory: { command: npx, args: [-y, server-memory] }\nclients:\n  claude-code: { servers: [memory] }\n';
let dir: string;
let file: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'mcpo-registry-prop-'));
  file = join(dir, 'mcp.stack.yaml');
  writeFileSync(file, STACK);
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

// Any text, with the characters that matter to a YAML file and to mcpo's references.
const text = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.constantFrom(
    '${env:HOME}',
    '$${x}',
    '# not a comment',
    'a: b',
    '"q"',
    "it's",
    'line\nbreak',
    '{host}',
    '~/x',
    '-y',
  ),
);
const flat = fc.record(
  {
    description: text,
    isRequired: fc.boolean(),
    isSecret: fc.boolean(),
    default: text,
    choices: fc.array(text, { maxLength: 3 }),
    format: fc.constantFrom('string', 'number', 'boolean', 'filepath'),
  },
  { requiredKeys: [] },
);
const key = fc.stringMatching(/^[a-z][a-z_]{0,5}$/);
// A value: plain text, or a template whose `{name}` is one of its variables.
const input = fc.oneof(
  flat,
  fc
    .tuple(
      flat,
      text.map((t) => t.replace(/[{}]/g, '')),
      key,
    )
    .map(([base, prefix, k]) => ({ ...base, value: `${prefix}{${k}}`, variables: { [k]: base } })),
  flat.chain((base) => text.map((value) => ({ ...base, value }))),
);
const envName = fc.stringMatching(/^[A-Z][A-Z0-9_]{0,7}$/);
const envVars = fc.uniqueArray(
  fc.tuple(envName, input).map(([name, i]) => ({ name, ...i })),
  { selector: (e) => e.name, maxLength: 3 },
);
const argument = fc.oneof(
  fc
    .tuple(input, fc.stringMatching(/^--[a-z][a-z-]{0,6}$/))
    .map(([i, name]) => ({ type: 'named', name, ...i })),
  fc.tuple(input, key).map(([i, valueHint]) => ({ type: 'positional', valueHint, ...i })),
);
const version = fc
  .tuple(fc.nat(20), fc.nat(20), fc.nat(99), fc.constantFrom('', '-beta.1', '+build.7'))
  .map(([a, b, c, d]) => `${a}.${b}.${c}${d}`);
const pkg = fc
  .record({
    registryType: fc.constantFrom('npm', 'pypi', 'oci'),
    // Names with credential words (`keyring-mcp==1.2`) must not look like secrets.
    identifier: fc.oneof(
      fc.stringMatching(/^[a-z][a-z0-9-]{0,10}$/),
      fc.constantFrom('keyring-mcp', 'auth0-mcp', 'session-tools', 'token-counter'),
    ),
    version,
    runtimeArguments: fc.array(argument, { maxLength: 2 }),
    packageArguments: fc.array(argument, { maxLength: 3 }),
    environmentVariables: envVars,
  })
  .map((p) => ({
    ...p,
    transport: { type: 'stdio' },
    ...(p.registryType === 'oci'
      ? { identifier: `ghcr.io/acme/${p.identifier}:${p.version}` }
      : {}),
  }));
const urlVar = fc.record(
  { description: text, default: fc.stringMatching(/^[a-z0-9.-]{1,10}$/), isRequired: fc.boolean() },
  { requiredKeys: [] },
);
const header = fc
  .tuple(fc.stringMatching(/^X-[A-Za-z]{1,8}$/), input)
  .map(([name, i]) => ({ name, ...i }))
  .filter((h) => !JSON.stringify(h).includes('\\n'));
const remote = fc
  .record({
    type: fc.constantFrom('streamable-http', 'sse'),
    headers: fc.uniqueArray(header, { selector: (h) => h.name.toLowerCase(), maxLength: 2 }),
    host: urlVar,
  })
  .map(({ host, ...r }) => ({ ...r, url: 'https://{host}/mcp', variables: { host } }));
const serverJson = fc
  .record({
    $schema: fc.constant(
      'https://static.modelcontextprotocol.io/schemas/2025-12-11/server.schema.json',
    ),
    name: fc.stringMatching(/^[a-z]{2,6}\.[a-z]{2,6}\/[a-z][a-z0-9_-]{0,8}$/),
    description: text,
    version,
    packages: fc.array(pkg, { maxLength: 2 }),
    remotes: fc.array(remote, { maxLength: 1 }),
  })
  .filter((d) => d.packages.length + d.remotes.length > 0);

/** Everything the required vars need, as if the user had exported them. */
const everyEnv = (t: string) =>
  Object.fromEntries([...t.matchAll(/\$\{env:([^}]+)\}/g)].map((m) => [m[1]!, 'set']));

describe('the one secret rule and registry commands', () => {
  test('a Python requirement with a credential word in its name is not a credential; --token=V still is', () => {
    for (const req of ['keyring-mcp==1.2.0', 'auth0-mcp==0.4.1', 'mcp-session==2.0'])
      expect([req, credentialSpans(req)]).toEqual([req, []]);
    expect(credentialSpans('--token=abc')).toEqual([[8, 11]]);
  });
});

/** A remote header named like a credential, not marked secret, whose `{host}` is not its own variable. */
const SECRET_HEADER_WITHOUT_VARIABLE = {
  $schema: 'https://static.modelcontextprotocol.io/schemas/2025-12-11/server.schema.json',
  name: 'aa.aa/a',
  description: '',
  version: '0.0.0',
  packages: [],
  remotes: [
    {
      type: 'streamable-http',
      headers: [
        {
          name: 'X-key',
          isRequired: true,
          default: '{host}',
          choices: ['a', 'b'],
          format: 'string',
          value: '{host}',
        },
      ],
      url: 'https://{host}/mcp',
      variables: { host: {} },
    },
  ],
} as unknown as Parameters<typeof checkServer>[0];

describe('server.json documents', () => {
  test('a valid document always gives a stack that loads, with the server and its registry record', async () => {
    await fc.assert(
      fc.asyncProperty(serverJson, fc.boolean(), async (doc, preferRemote) => {
        writeFileSync(file, STACK);
        const checked = checkServer(JSON.parse(JSON.stringify(doc)), doc.name);
        const opts =
          preferRemote && doc.remotes.length
            ? { remote: true }
            : doc.packages.length
              ? { package: doc.packages[0]!.registryType }
              : {};
        await addFromDocument(file, 'reg', checked, {
          ...opts,
          env: { PATH: '/usr/bin' },
          home: dir,
        });
        const written = readFileSync(file, 'utf8');
        expect(written.startsWith('# ours\nversion: 1\n')).toBe(true);
        const stack = await loadStack(
          file,
          stackLoadOptions({ env: { PATH: '/usr/bin', ...everyEnv(written) }, home: dir }),
        );
        expect(stack.servers.reg?.registry).toEqual({
          name: doc.name,
          version: doc.version,
          via: 'package' in opts ? doc.packages[0]!.registryType : 'remote',
        });
        expect(stack.servers.memory?.command).toBe('npx');
      }),
      // Found by a CI run: a secret-looking header whose value names a variable it does not have.
      { numRuns: 150, examples: [[SECRET_HEADER_WITHOUT_VARIABLE, false]] },
    );
  });

  // One corruption each, as the issue names them: missing fields, a version range, an unknown type.
  const corruption = fc.constantFrom<[string, (d: any) => void]>(
    ['no name', (d) => delete d.name],
    ['no version', (d) => delete d.version],
    ['no description', (d) => delete d.description],
    ['server version range', (d) => (d.version = '^1.0.0')],
    ['package version range', (d) => d.packages[0] && (d.packages[0].version = '>=1.2')],
    ['package version latest', (d) => d.packages[0] && (d.packages[0].version = 'latest')],
    ['wildcard', (d) => d.packages[0] && (d.packages[0].version = '1.x')],
    ['unknown registryType', (d) => d.packages[0] && (d.packages[0].registryType = 'cargo')],
    ['no identifier', (d) => d.packages[0] && delete d.packages[0].identifier],
    ['identifier as a flag', (d) => d.packages[0] && (d.packages[0].identifier = '--exec=evil')],
    ['no transport', (d) => d.packages[0] && delete d.packages[0].transport],
    ['remote url not http', (d) => d.remotes[0] && (d.remotes[0].url = 'file:///etc/passwd')],
    [
      'header line break',
      (d) => d.remotes[0] && (d.remotes[0].headers = [{ name: 'X-A', value: 'a\r\nX-B: b' }]),
    ],
    [
      'env without name',
      (d) => d.packages[0] && (d.packages[0].environmentVariables = [{ value: 'x' }]),
    ],
    [
      'default not text',
      (d) => d.packages[0] && (d.packages[0].environmentVariables = [{ name: 'A', default: 3 }]),
    ],
  );
  test('an invalid document is always refused with one sentence, the stack file untouched', async () => {
    await fc.assert(
      fc.asyncProperty(serverJson, corruption, async (doc, [what, corrupt]) => {
        const copy = JSON.parse(JSON.stringify(doc));
        corrupt(copy);
        fc.pre(JSON.stringify(copy) !== JSON.stringify(doc));
        writeFileSync(file, STACK);
        let err: unknown;
        try {
          await addFromDocument(file, 'reg', checkServer(copy, 'the server'), {
            env: { PATH: '/usr/bin' },
            home: dir,
          });
        } catch (e) {
          err = e;
        }
        expect([what, err]).toEqual([what, expect.any(McpoError)]);
        const e = err as McpoError;
        expect(e.code).toBe('bad-registry-data');
        expect(e.message).toMatch(/^The registry's entry for [^\n]*, so mcpo wrote nothing\.$/);
        expect(readFileSync(file, 'utf8')).toBe(STACK);
      }),
      { numRuns: 150 },
    );
  });

  test('any JSON at all is either a server or one bad-registry-data sentence, never a crash', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.jsonValue(),
          serverJson.chain((d) =>
            fc
              .tuple(fc.constant(d), fc.jsonValue())
              .map(([x, junk]) => ({ ...x, packages: [junk] })),
          ),
        ),
        (data) => {
          try {
            checkServer(data, 'the server');
          } catch (e) {
            expect(e).toBeInstanceOf(McpoError);
            expect((e as McpoError).message).not.toContain('\n');
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
