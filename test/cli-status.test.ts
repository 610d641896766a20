import { describe, test, expect, beforeEach, afterEach } from '@jest/globals';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeTmpHome, runMcpo } from './helpers/tmp-home.js';

/**
 * `mcpo status` end to end: the built CLI in a temp home, real client files for Claude Code (JSON),
 * Codex (TOML) and Goose (YAML); every state produced for real (apply, hand edits, stack edits).
 */
let home: ReturnType<typeof makeTmpHome>;
let project: string;
const SECRET = 'tok-value-5f1c9a';

const STACK = `version: 1
servers:
  memory:
    command: npx
    args: [-y, "@modelcontextprotocol/server-memory"]
  fs:
    command: npx
    args: [-y, "@modelcontextprotocol/server-filesystem", "/tmp"]
  api:
    command: api-server
    env: { API_TOKEN: "\${secret:api-token}" }
  off:
    command: quiet-server
    disabled: true
clients:
  claude-code: { scope: user, servers: [memory, fs, api] }
  codex: { scope: user, servers: [memory, fs, off] }
  goose: { scope: user, servers: [memory, off] }
`;

const claudeJson = () => join(home.home, '.claude.json');
const codexToml = () => join(home.home, '.codex', 'config.toml');
const env = (withSecret: boolean) => {
  const e: NodeJS.ProcessEnv = { ...home.env, DBUS_SESSION_BUS_ADDRESS: '' };
  if (withSecret) e.MCPO_SECRET_API_TOKEN = SECRET;
  return e;
};
const mcpo = (args: string[], withSecret = true) =>
  runMcpo(args, { env: env(withSecret), cwd: project });
type Json = {
  targets: { id: string }[];
  servers: {
    name: string;
    in_stack: boolean;
    states: Record<string, string>;
    unknown_secrets: Record<string, string[]>;
  }[];
};
const statusJson = (withSecret = true): Json => {
  const r = mcpo(['status', '--json'], withSecret);
  // Without the secret the keychain is tried; there is none here, which status reports and survives.
  if (withSecret) expect(r.stderr).toBe('');
  else expect(r.stderr).toContain('could not be read from the keychain');
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout) as Json;
};
const states = (j: Json) => Object.fromEntries(j.servers.map((s) => [s.name, s.states]));
const CC = 'claude-code (user)';
const CX = 'codex (user)';
const GO = 'goose (user)';

beforeEach(() => {
  home = makeTmpHome();
  project = join(home.home, 'proj');
  mkdirSync(project);
  mkdirSync(join(home.home, '.claude'));
  mkdirSync(join(home.home, '.codex'));
  mkdirSync(join(home.home, '.config', 'goose'), { recursive: true });
  writeFileSync(
    claudeJson(),
    JSON.stringify({ mcpServers: { handmade: { command: 'my-server' } } }, null, 2),
  );
  writeFileSync(join(project, 'mcp.stack.yaml'), STACK);
});
afterEach(() => home.cleanup());

describe('mcpo status', () => {
  test('before apply: planned servers are missing, a hand-made entry is an unmanaged extra row', () => {
    const j = statusJson();
    expect(j.targets.map((t) => t.id)).toEqual([CC, CX, GO]);
    const s = states(j);
    expect(s.memory).toEqual({ [CC]: 'missing', [CX]: 'missing', [GO]: 'missing' });
    expect(s.api).toEqual({ [CC]: 'missing', [CX]: 'not-applicable', [GO]: 'not-applicable' });
    expect(s.handmade).toEqual({
      [CC]: 'unmanaged',
      [CX]: 'not-applicable',
      [GO]: 'not-applicable',
    });
    expect(j.servers.find((x) => x.name === 'handmade')!.in_stack).toBe(false);
  });

  test('after apply everything is in sync or disabled; hand edits, stack edits and deletions show up, in agreement with plan', () => {
    expect(mcpo(['apply', '--yes']).code).toBe(0);
    let s = states(statusJson());
    expect(s.memory).toEqual({ [CC]: 'in-sync', [CX]: 'in-sync', [GO]: 'in-sync' });
    expect(s.api).toEqual({ [CC]: 'in-sync', [CX]: 'not-applicable', [GO]: 'not-applicable' });
    expect(s.off).toEqual({ [CC]: 'not-applicable', [CX]: 'disabled', [GO]: 'disabled' });

    // Drift: the codex entry edited by hand. Missing: fs deleted from Claude Code's file by hand.
    writeFileSync(
      codexToml(),
      readFileSync(codexToml(), 'utf8').replace('server-memory"', 'server-memory", "--verbose"'),
    );
    const cj = JSON.parse(readFileSync(claudeJson(), 'utf8'));
    delete cj.mcpServers.fs;
    writeFileSync(claudeJson(), JSON.stringify(cj, null, 2));
    // Outdated: the stack changes memory for goose only is impossible, so change fs for everyone.
    writeFileSync(join(project, 'mcp.stack.yaml'), STACK.replace('"/tmp"]', '"/srv"]'));
    s = states(statusJson());
    expect(s.memory).toEqual({ [CC]: 'in-sync', [CX]: 'drifted', [GO]: 'in-sync' });
    expect(s.fs).toEqual({ [CC]: 'missing', [CX]: 'outdated', [GO]: 'not-applicable' });
    expect(s.handmade![CC]).toBe('unmanaged');

    // Every state other than in-sync / disabled / unmanaged-extra is a change in `mcpo plan`.
    const plan = JSON.parse(mcpo(['plan', '--json']).stdout) as {
      targets: { client: string; changes: { server: string; action: string }[] }[];
    };
    const changed = plan.targets
      .flatMap((t) =>
        t.changes.filter((c) => c.action !== 'noop').map((c) => `${t.client}:${c.server}`),
      )
      .sort();
    expect(changed).toEqual(['claude-code:fs', 'codex:fs', 'codex:memory']);
  });

  test('an entry mcpo wrote that the stack no longer lists is outdated (apply removes it)', () => {
    expect(mcpo(['apply', '--yes']).code).toBe(0);
    writeFileSync(
      join(project, 'mcp.stack.yaml'),
      STACK.replace(
        'goose: { scope: user, servers: [memory, off] }',
        'goose: { scope: user, servers: [off] }',
      ),
    );
    expect(states(statusJson()).memory![GO]).toBe('outdated');
  });

  test('a secret without a value: status still works, marks the comparison unknown, never prints the value', () => {
    expect(mcpo(['apply', '--yes']).code).toBe(0);
    const j = statusJson(false);
    const api = j.servers.find((x) => x.name === 'api')!;
    expect(api.states[CC]).toBe('in-sync');
    expect(api.unknown_secrets).toEqual({ [CC]: ['api-token'] });
    const text = mcpo(['status'], false);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/^api +in sync\* /m);
    expect(text.stdout).toContain('* compared without api-token: no value on this machine');
    expect(text.stdout).toContain('mcpo secret set api-token');
    for (const r of [text, mcpo(['status']), mcpo(['status', '--json'])])
      expect(r.stdout + r.stderr).not.toContain(SECRET);
  });

  test('text view: a matrix with one column per target, a legend, no colour without a TTY; --client narrows the columns', () => {
    const r = mcpo(['status']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^SERVER +claude-code \(user\) +codex \(user\) +goose \(user\)$/m);
    expect(r.stdout).toMatch(/^memory +missing +missing +missing$/m);
    expect(r.stdout).toMatch(/^handmade \(not in stack\) +unmanaged +- +-$/m);
    // The legend explains only the states shown.
    expect(r.stdout).toContain('unmanaged present but not written by mcpo');
    expect(r.stdout).toContain('missing   planned but absent');
    expect(r.stdout).not.toContain('drifted');
    expect(r.stdout).not.toContain('\u001b[');
    const narrowed = JSON.parse(mcpo(['status', '--json', '--client', 'codex']).stdout) as Json;
    expect(narrowed.targets.map((t) => t.id)).toEqual([CX]);
  });

  test('a client that does not look installed is left out and named; --force shows it, as plan', () => {
    writeFileSync(
      join(project, 'mcp.stack.yaml'),
      `${STACK}  cursor: { scope: user, servers: [memory] }\n`,
    );
    const CU = 'cursor (user)';
    const r = mcpo(['status']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(
      'Not shown (client not installed here): cursor (user). Use --force, or set `path:` on the target, to show it anyway.',
    );
    const hidden = JSON.parse(mcpo(['status', '--json']).stdout) as Json;
    expect(hidden.targets.map((t) => t.id)).toEqual([CC, CX, GO]);
    const forced = mcpo(['status', '--json', '--force']);
    expect(forced.code).toBe(0);
    const shown = JSON.parse(forced.stdout) as Json;
    expect(shown.targets.map((t) => t.id)).toEqual([CC, CX, GO, CU]);
    expect(states(shown).memory![CU]).toBe('missing');
    expect(mcpo(['status', '--force']).stdout).not.toContain('Not shown');
    // Shown is not written: no Cursor folder appears.
    expect(() => readFileSync(join(home.home, '.cursor', 'mcp.json'))).toThrow();
  });

  test('status writes nothing', () => {
    const before = readFileSync(claudeJson(), 'utf8');
    mcpo(['status']);
    expect(readFileSync(claudeJson(), 'utf8')).toBe(before);
    expect(() => readFileSync(codexToml())).toThrow();
  });
});
