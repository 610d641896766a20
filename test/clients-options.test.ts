import { describe, test, expect } from '@jest/globals';
import fc from 'fast-check';
import { clients, getClient } from './helpers/clients.js';
import { loadStack } from '../src/stack/load.js';
import { secretToken } from '../src/secrets/tokens.js';
import type { ServerSpec } from '../src/types.js';
import { http, renderErr, renderOk, roundTrip, stdio } from './helpers/path-context.js';
import { options, problemsOf, tmpFiles } from './stack-helpers.js';

const SECRET = secretToken('oauth-secret');
const a = (id: string) => getClient(id)!;

/** Per client: a spec using the options it has, and the native fields they become. */
const MAPPED: [id: string, spec: Partial<ServerSpec>, native: Record<string, unknown>][] = [
  [
    'codex',
    { tools: { allow: ['a'], deny: ['b'] }, oauth: { scopes: ['read', 'write'] } },
    { enabled_tools: ['a'], disabled_tools: ['b'], scopes: ['read', 'write'] },
  ],
  [
    'gemini-cli',
    {
      tools: { allow: ['a'], deny: ['b'] },
      autoApprove: true,
      oauth: { clientId: 'cid', clientSecret: SECRET, scopes: ['r'] },
    },
    {
      includeTools: ['a'],
      excludeTools: ['b'],
      trust: true,
      oauth: { enabled: true, clientId: 'cid', clientSecret: SECRET, scopes: ['r'] },
    },
  ],
  [
    'qwen-code',
    {
      tools: { deny: ['b'] },
      autoApprove: true,
      oauth: { clientId: 'cid', clientSecret: SECRET, scopes: ['r'] },
    },
    {
      excludeTools: ['b'],
      trust: true,
      oauth: { enabled: true, clientId: 'cid', clientSecret: SECRET, scopes: ['r'] },
    },
  ],
  ['copilot-cli', { tools: { allow: ['search'] } }, { tools: ['search'] }],
  ['cline', { autoApprove: ['a', 'b'] }, { autoApprove: ['a', 'b'] }],
  [
    'roo-code',
    { autoApprove: ['a'], tools: { deny: ['rm'] } },
    { alwaysAllow: ['a'], disabledTools: ['rm'] },
  ],
  [
    'kiro',
    { autoApprove: ['a'], tools: { deny: ['rm'] } },
    { autoApprove: ['a'], disabledTools: ['rm'] },
  ],
  [
    'zoo-code',
    { autoApprove: ['a'], tools: { deny: ['rm'] } },
    { alwaysAllow: ['a'], disabledTools: ['rm'] },
  ],
  [
    'crush',
    {
      tools: { allow: ['a'], deny: ['b'] },
      oauth: { clientId: 'cid', clientSecret: SECRET, callbackPort: 40704 },
    },
    {
      enabled_tools: ['a'],
      disabled_tools: ['b'],
      oauth: true,
      oauth_client_id: 'cid',
      oauth_client_secret: SECRET,
      oauth_callback_port: 40704,
    },
  ],
  ['antigravity-cli', { tools: { deny: ['b'] } }, { disabledTools: ['b'] }],
  ['devin-desktop', { tools: { deny: ['b'] } }, { disabledTools: ['b'] }],
  [
    'claude-code',
    { oauth: { clientId: 'cid', callbackPort: 8080, scopes: ['read', 'write'] } },
    { oauth: { clientId: 'cid', callbackPort: 8080, scopes: 'read write' } },
  ],
  [
    'claude-code',
    { autoApprove: ['read'], tools: { deny: ['drop'] } },
    {
      tools: [
        { name: 'read', permission_policy: 'always_allow' },
        { name: 'drop', permission_policy: 'always_deny' },
      ],
    },
  ],
  [
    'zed',
    { oauth: { clientId: 'cid', clientSecret: SECRET } },
    { oauth: { client_id: 'cid', client_secret: SECRET } },
  ],
  ['vscode', { oauth: { clientId: 'cid' } }, { oauth: { clientId: 'cid' } }],
  [
    'opencode',
    { oauth: { clientId: 'cid', clientSecret: SECRET, scopes: ['a', 'b'] } },
    { oauth: { clientId: 'cid', clientSecret: SECRET, scope: 'a b' } },
  ],
  [
    'kilo-cli',
    { oauth: { clientId: 'cid', clientSecret: SECRET, scopes: ['a', 'b'] } },
    { oauth: { clientId: 'cid', clientSecret: SECRET, scope: 'a b' } },
  ],
  [
    'cursor',
    { oauth: { clientId: 'cid', clientSecret: SECRET, scopes: ['a'] } },
    { auth: { CLIENT_ID: 'cid', CLIENT_SECRET: SECRET, scopes: ['a'] } },
  ],
];

describe.each(MAPPED)('%s maps tools, auto_approve and oauth', (id, extra, native) => {
  const spec: ServerSpec = { ...http, ...extra };
  test('render writes the native fields; parse(render(x)) == x', () => {
    expect(renderOk(a(id), spec)).toMatchObject(native);
    expect(roundTrip(a(id), spec)).toEqual(spec);
  });
});

describe('options clients support but mcpo refused before (issue 12, section 5)', () => {
  const tool = fc.stringMatching(/^[a-z_]{1,8}$/);
  test('Claude Code remote servers: auto_approve and tools.deny as per-tool permission_policy, round trip', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(tool, { maxLength: 4 }),
        fc.uniqueArray(tool, { maxLength: 4 }),
        fc.constantFrom('http' as const, 'sse' as const),
        (approve, denied, transport) => {
          const deny = denied.filter((d) => !approve.includes(d));
          const spec: ServerSpec = {
            ...http,
            transport,
            ...(approve.length ? { autoApprove: approve } : {}),
            ...(deny.length ? { tools: { deny } } : {}),
          };
          const entry = renderOk(a('claude-code'), spec);
          const tools = (entry.tools ?? []) as { name: string; permission_policy: string }[];
          expect(tools.map((t) => t.name)).toEqual([...approve, ...deny]);
          for (const t of tools)
            expect(['always_allow', 'always_deny']).toContain(t.permission_policy);
          expect(roundTrip(a('claude-code'), spec)).toEqual(spec);
          // A stdio entry has no such field in Claude Code: refused, not dropped.
          if (approve.length + deny.length)
            expect(
              a('claude-code').render({
                ...stdio,
                autoApprove: spec.autoApprove,
                tools: spec.tools,
              }).ok,
            ).toBe(false);
        },
      ),
      { numRuns: 100 },
    );
  });
  test("Zed http servers: oauth client_id (+ client_secret); Qwen Code: Gemini's oauth block; round trip", () => {
    fc.assert(
      fc.property(
        fc.stringMatching(/^[\w.-]{1,12}$/),
        fc.boolean(),
        fc.uniqueArray(tool, { maxLength: 3 }),
        (clientId, withSecret, scopes) => {
          const zedSpec: ServerSpec = {
            ...http,
            oauth: { clientId, ...(withSecret ? { clientSecret: SECRET } : {}) },
          };
          expect(renderOk(a('zed'), zedSpec).oauth).toEqual({
            client_id: clientId,
            ...(withSecret ? { client_secret: SECRET } : {}),
          });
          expect(roundTrip(a('zed'), zedSpec)).toEqual(zedSpec);
          const qwenSpec: ServerSpec = {
            ...http,
            oauth: {
              clientId,
              ...(withSecret ? { clientSecret: SECRET } : {}),
              ...(scopes.length ? { scopes } : {}),
            },
          };
          expect(renderOk(a('qwen-code'), qwenSpec).oauth).toMatchObject({
            enabled: true,
            clientId,
          });
          expect(roundTrip(a('qwen-code'), qwenSpec)).toEqual(qwenSpec);
        },
      ),
      { numRuns: 100 },
    );
    expect(renderErr(a('zed'), { ...http, oauth: { clientSecret: SECRET } }).message).toBe(
      'Zed needs oauth.client_id with oauth.client_secret (server "api")',
    );
  });
});

/** Every option on every client that lacks it: a render error naming server and client, with a fix. */
const OPTIONS: [label: string, extra: Partial<ServerSpec>, has: string[]][] = [
  [
    'tools.allow',
    { tools: { allow: ['a'] } },
    ['codex', 'gemini-cli', 'qwen-code', 'copilot-cli', 'crush'],
  ],
  [
    'tools.deny',
    { tools: { deny: ['a'] } },
    [
      'codex',
      'gemini-cli',
      'qwen-code',
      'roo-code',
      'claude-code',
      'kiro',
      'antigravity-cli',
      'devin-desktop',
      'zoo-code',
      'kiro-cli',
      'crush',
    ],
  ],
  ['auto_approve: true', { autoApprove: true }, ['gemini-cli', 'qwen-code']],
  [
    'auto_approve list',
    { autoApprove: ['a'] },
    ['cline', 'roo-code', 'kiro', 'claude-code', 'zoo-code', 'kiro-cli'],
  ],
  [
    'oauth.client_id',
    { oauth: { clientId: 'c' } },
    [
      'claude-code',
      'vscode',
      'opencode',
      'kilo-cli',
      'gemini-cli',
      'cursor',
      'zed',
      'qwen-code',
      'cursor-agent',
      'crush',
    ],
  ],
  [
    'oauth.client_secret',
    { oauth: { clientSecret: SECRET } },
    ['opencode', 'kilo-cli', 'gemini-cli', 'cursor', 'qwen-code', 'cursor-agent', 'crush'],
  ],
  ['oauth.callback_port', { oauth: { callbackPort: 9000 } }, ['claude-code', 'crush']],
  [
    'oauth.scopes',
    { oauth: { scopes: ['s'] } },
    [
      'claude-code',
      'opencode',
      'kilo-cli',
      'gemini-cli',
      'cursor',
      'codex',
      'qwen-code',
      'cursor-agent',
    ],
  ],
];

describe.each(OPTIONS)('%s', (_label, extra, has) => {
  test.each(clients.map((c) => c.id))('%s renders it or refuses it', (id) => {
    const base = id === 'claude-desktop' ? stdio : { ...http, transport: 'http' as const };
    const spec: ServerSpec = { ...base, ...extra };
    if (has.includes(id)) {
      expect(a(id).render(spec).ok).toBe(true);
      return;
    }
    const err = renderErr(a(id), spec);
    expect(err.message).toContain(`"${spec.name}"`);
    expect(err.message).toContain(a(id).title);
    expect(`${err.message} ${err.hint}`).toMatch(/remove|list the tool|auto_approve/);
    expect(`${err.message} ${err.hint}`).not.toMatch(/hunter2|\uE000/);
  });
});

describe('stack fields', () => {
  test('tools, auto_approve and oauth load into ServerSpec; the client secret stays a secret token', async () => {
    const dir = tmpFiles({
      'mcp.stack.yaml': [
        'version: 1',
        'servers:',
        '  api:',
        '    url: https://mcp.example.com/mcp',
        '    tools: { allow: [a, b], deny: [c] }',
        '    auto_approve: [a]',
        '    oauth: { client_id: cid, callback_port: 8080, scopes: [read], client_secret: "${secret:oauth-secret}" }',
        '  fs:',
        '    command: npx',
        '    auto_approve: true',
        'clients:',
        '  cursor: { scope: user, servers: [api, fs] }',
      ].join('\n'),
    });
    const stack = await loadStack(`${dir}/mcp.stack.yaml`, options());
    const { source: _s, ...api } = stack.servers.api!;
    expect(api).toEqual({
      name: 'api',
      transport: 'http',
      url: 'https://mcp.example.com/mcp',
      tools: { allow: ['a', 'b'], deny: ['c'] },
      autoApprove: ['a'],
      oauth: { clientId: 'cid', callbackPort: 8080, scopes: ['read'], clientSecret: SECRET },
    });
    expect(stack.servers.fs!.autoApprove).toBe(true);
    expect(stack.secretNames).toEqual(['oauth-secret']);
  });
  test('a plain-text client secret, a bad port and unknown keys are schema problems', async () => {
    const dir = tmpFiles({
      'mcp.stack.yaml':
        'version: 1\nservers:\n  api:\n    url: https://x.example/mcp\n    oauth: { client_secret: plain-text, callback_port: 70000 }\n    tools: { only: [a] }\nclients:\n  cursor: { scope: user, servers: [api] }\n',
    });
    const problems = await problemsOf(`${dir}/mcp.stack.yaml`);
    const text = problems.map((p) => p.message).join('\n');
    expect(text).toMatch(/client_secret/);
    expect(text).toMatch(/callback_port/);
    expect(text).toMatch(/only/);
    expect(text).not.toContain('plain-text');
  });
});
