// Issue 11, class 1: the one masking rule (src/secrets/redact.ts) and, with generated entries,
// that no rendered view of a plan (text, --json, --diff, the saved plan) shows a secret value
// while a changed sensitive field still shows as changed.
import { describe, test, expect } from '@jest/globals';
import fc from 'fast-check';
import { Redactor, maskString, maskValue } from '../src/secrets/redact.js';
import { isSecretKey } from '../src/secrets/secret-key.js';
import { secretToken } from '../src/secrets/tokens.js';
import { buildPlan } from '../src/plan/build.js';
import { renderPlanText } from '../src/render/plan-text.js';
import { renderPlanJson } from '../src/render/plan-json.js';
import { renderPlanDiff } from '../src/render/plan-diff.js';
import { colorsFor } from '../src/render/colors.js';
import { getClient } from './helpers/clients.js';
import type { LoadedTarget } from '../src/plan/target-input.js';
import type { NativeEntry, ServerSpec, TargetDef } from '../src/types.js';
import { planSecrets, secretValuesOf } from '../src/import/secrets.js';
import { toStackServer } from '../src/import/to-stack.js';
import { fingerprint, stackOf } from './helpers/builders.js';

describe('the rule for one value', () => {
  test('one word list for every use, any case', () => {
    for (const k of [
      'GITHUB_TOKEN',
      'api_key',
      'Secret',
      'DB_PASSWORD',
      'passwd',
      'Authorization',
      'CREDENTIALS',
      'cookie',
      'SESSION_ID',
    ])
      expect(isSecretKey(k)).toBe(true);
    for (const k of ['LOG_LEVEL', 'PATH', 'HOME', 'PORT']) expect(isSecretKey(k)).toBe(false);
  });

  test('a value under a secret-looking key; the auth scheme stays; references are not values', () => {
    expect(maskString('abc', 'API_KEY')).toBe('(sensitive)');
    expect(maskString('Bearer xyz', 'Authorization')).toBe('Bearer (sensitive)');
    expect(maskString('${GITHUB_TOKEN}', 'GITHUB_TOKEN')).toBe('${GITHUB_TOKEN}');
    expect(maskString('Bearer ${env:T}', 'Authorization')).toBe('Bearer ${env:T}');
    expect(maskString('debug', 'LOG_LEVEL')).toBe('debug');
    expect(maskString(`x${secretToken('gh')}`, 'PLAIN')).toBe('(sensitive)');
  });

  test('arguments: --flag=V, NAME=V, Authorization: V, --flag V, URL query parameters', () => {
    expect(
      maskValue([
        '-y',
        'srv',
        '--token=abc',
        '--api-key',
        'def',
        '-e',
        'GITHUB_TOKEN=ghi',
        '--header',
        'Authorization: Bearer jkl',
        '--verbose',
        'x',
      ]),
    ).toEqual([
      '-y',
      'srv',
      '--token=(sensitive)',
      '--api-key',
      '(sensitive)',
      '-e',
      'GITHUB_TOKEN=(sensitive)',
      '--header',
      'Authorization: Bearer (sensitive)',
      '--verbose',
      'x',
    ]);
    expect(maskString('npx srv --api-key abc --port 3')).toBe(
      'npx srv --api-key (sensitive) --port 3',
    );
    expect(maskString('https://x.dev/mcp?api_key=abc&v=1')).toBe(
      'https://x.dev/mcp?api_key=(sensitive)&v=1',
    );
    expect(maskString('--token=a b c')).toBe('--token=(sensitive)');
  });

  test('a Redactor masks known values in free text, JSON-escaped too; short ones only where quoted', () => {
    const r = new Redactor()
      .add(['s3cr"et-value', 'ab'])
      .addFound({ env: { TOKEN: 'found-token' } });
    expect(r.text('x s3cr"et-value y')).toBe('x (sensitive) y');
    expect(r.text(JSON.stringify({ a: 's3cr"et-value', b: 'ab', c: 'about found-token' }))).toBe(
      '{"a":"(sensitive)","b":"(sensitive)","c":"about (sensitive)"}',
    );
    expect(r.value({ args: ['ab', 'tab'] })).toEqual({ args: ['(sensitive)', 'tab'] });
  });
});

// ---- generated plans ----

const claude = getClient('claude-code')!;
const hex = fc.stringMatching(/^[0-9a-f]{10,16}$/);
/** Distinctive values: the `LEAK<hex>` core is what must never appear; the tail needs escaping. */
const secretValue = fc
  .tuple(hex, fc.constantFrom('', '"q', '\\b', ' sp', 'é', '/x'))
  .map(([h, tail]) => `LEAK${h}${tail}`);
const core = (v: string) => /^LEAK[0-9a-f]+/.exec(v)![0];
const WORDS = [
  'token',
  'key',
  'secret',
  'password',
  'passwd',
  'auth',
  'credential',
  'cookie',
  'session',
];
const secretKey = fc
  .tuple(fc.stringMatching(/^[A-Z]{0,4}_?$/), fc.constantFrom(...WORDS), fc.boolean())
  .map(([pre, w, upper]) => (upper ? `${pre}${w.toUpperCase()}` : `${pre.toLowerCase()}${w}`));

/** Where a value sits in a stdio entry: env, `--k=V`, `--k V`, `K=V` (docker -e), an auth header argument. */
type Place = 'env' | 'assign' | 'pair' | 'docker' | 'header';
const place = fc.constantFrom<Place>('env', 'assign', 'pair', 'docker', 'header');

function stdioEntry(key: string, value: string, where: Place, extraArg: string): NativeEntry {
  const args = ['-y', 'srv', extraArg];
  if (where === 'assign') args.push(`--${key.toLowerCase()}=${value}`);
  if (where === 'pair') args.push(`--${key.toLowerCase()}`, value);
  if (where === 'docker') args.push('-e', `${key.toUpperCase()}=${value}`);
  if (where === 'header') args.push('--header', `Authorization: Bearer ${value}`);
  return {
    command: 'npx',
    args,
    ...(where === 'env' ? { env: { [key]: value, LOG_LEVEL: 'info' } } : {}),
  };
}

function httpEntry(key: string, value: string, auth: boolean): NativeEntry {
  return {
    type: 'http',
    url: 'https://mcp.example.dev/mcp',
    headers: auth ? { Authorization: `Bearer ${value}` } : { [key]: value },
  };
}

function targetFor(entries: Record<string, NativeEntry>, def: Partial<TargetDef>): LoadedTarget {
  const text =
    JSON.stringify({ primaryApiKey: 'LEAKffff0000aaaa1111', mcpServers: entries }, null, 2) + '\n';
  return {
    def: {
      client: 'claude-code',
      scope: 'user',
      stacks: [],
      servers: [],
      prune: false,
      secrets: 'inline',
      ...def,
    },
    adapter: claude,
    scope: 'user',
    path: '/h/.claude.json',
    entriesPath: ['mcpServers'],
    installed: true,
    installDir: '/h/.claude',
    text,
    current: claude.format.readEntries(text, '/h/.claude.json', ['mcpServers']),
  };
}

const scenario = fc.record({
  key: secretKey,
  old: secretValue,
  next: secretValue,
  other: secretValue,
  where: place,
  http: fc.boolean(),
  auth: fc.boolean(),
  declared: fc.constantFrom('literal', 'secret', 'rotated-secret'),
  mode: fc.constantFrom<TargetDef['secrets']>('inline', 'env', 'launcher'),
  extraArg: fc.constantFrom('--verbose', '--quiet'),
});

describe('properties', () => {
  test('no rendered view of a plan holds a value from a secret-looking place, a known secret or a file value replaced by a secret reference; the change still shows', () => {
    fc.assert(
      fc.property(scenario, (s) => {
        // The stack declares the same server with the value replaced: a literal, a secret with a new
        // value, or a secret whose value is unknown here (the file holds the old one).
        const ref = secretToken('tok');
        const want = s.declared === 'literal' ? s.next : ref;
        const secrets = (n: string) =>
          n === 'tok' && s.declared === 'secret' ? s.next : undefined;
        const before = s.http
          ? httpEntry(s.key, s.old, s.auth)
          : stdioEntry(s.key, s.old, s.where, s.extraArg);
        const spec: ServerSpec = s.http
          ? {
              name: 'srv',
              transport: 'http',
              url: 'https://mcp.example.dev/mcp',
              headers: s.auth ? { Authorization: `Bearer ${want}` } : { [s.key]: want },
            }
          : claude.parse(
              'srv',
              stdioEntry(
                s.key,
                want,
                s.where,
                s.extraArg === '--verbose' ? '--quiet' : '--verbose',
              ),
            );
        const unmanaged = stdioEntry('API_TOKEN', s.other, 'pair', '--x');
        const stack = {
          ...stackOf([spec], [{ client: 'claude-code', scope: 'user', secrets: s.mode }]),
          secretNames: ['tok'],
        };
        const t = targetFor(
          { srv: before, hand: { ...unmanaged, env: { SESSION_COOKIE: s.other } } },
          { servers: ['srv'], secrets: s.mode },
        );
        const plan = buildPlan({
          stack,
          targets: [t],
          state: { version: 1, files: {} },
          fingerprint,
          secrets,
          force: true,
          now: 'now',
        });
        const views = [
          renderPlanText(plan, colorsFor(false), '/h'),
          renderPlanJson(plan),
          renderPlanDiff(plan, [t], secrets, ['tok']),
          JSON.stringify(plan.targets.map((x) => x.changes.map((c) => c.fields))),
          plan.errors.map((e) => e.message).join('\n'),
        ];
        for (const v of [s.old, s.next, s.other, 'LEAKffff0000aaaa1111'])
          for (const view of views) expect(view).not.toContain(core(v));
        // Honest: the server still changes, and its fields are listed.
        if (!plan.errors.length && s.declared !== 'rotated-secret') {
          const change = plan.targets[0]!.changes.find((c) => c.server === 'srv')!;
          expect(change.action).toBe('update');
          expect(change.fields.length).toBeGreaterThan(0);
          expect(views[0]).toContain('~ srv');
        }
      }),
      { numRuns: 300 },
    );
  });

  test('a field whose only change is its secret value reads "(sensitive, changed)" in text and sensitive in --json', () => {
    fc.assert(
      fc.property(secretKey, secretValue, secretValue, fc.boolean(), (key, a, b, header) => {
        fc.pre(core(a) !== core(b));
        const before: NativeEntry = header
          ? httpEntry(key, a, true)
          : { command: 'npx', args: [`--${key}=${a}`] };
        const after: NativeEntry = header
          ? httpEntry(key, b, true)
          : { command: 'npx', args: [`--${key}=${b}`] };
        const spec = claude.parse('srv', after);
        const t = targetFor({ srv: before }, { servers: ['srv'] });
        const plan = buildPlan({
          stack: stackOf([spec], [{ client: 'claude-code', scope: 'user' }]),
          targets: [t],
          state: { version: 1, files: {} },
          fingerprint,
          secrets: () => undefined,
          force: true,
          now: 'now',
        });
        const field = plan.targets[0]!.changes[0]!.fields[0]!;
        expect(field).toMatchObject({
          path: header ? 'headers.Authorization' : 'args',
          sensitive: true,
        });
        expect(renderPlanText(plan, colorsFor(false), '/h')).toContain(
          `~ ${field.path}: (sensitive, changed)`,
        );
        const json = JSON.parse(renderPlanJson(plan)).targets[0].changes[0].fields[0];
        expect(json.sensitive).toBe(true);
      }),
      { numRuns: 150 },
    );
  });
});

describe('import uses the same rule', () => {
  test('argument credentials go to the keychain, the flag and scheme stay in the stack', async () => {
    const spec = claude.parse('brave', {
      command: 'npx',
      args: [
        '-y',
        'srv',
        '--token=t1',
        '--api-key',
        'k2',
        '--header',
        'Authorization: Bearer b3',
        '--port',
        '8',
      ],
      env: { MY_SESSION: 's4' },
    });
    const found = secretValuesOf(spec);
    const { plan, hook } = await planSecrets([{ name: 'brave', secretValues: found }], {
      keepInline: false,
      taken: async () => false,
    });
    expect([...plan.store.values()].sort()).toEqual(['b3', 'k2', 's4', 't1']);
    expect(toStackServer(spec, hook)).toMatchObject({
      args: [
        '-y',
        'srv',
        '--token=${secret:brave-token}',
        '--api-key',
        '${secret:brave-api-key}',
        '--header',
        'Authorization: Bearer ${secret:brave-token-2}',
        '--port',
        '8',
      ],
      env: { MY_SESSION: '${secret:brave-my-session}' },
    });
  });
});
