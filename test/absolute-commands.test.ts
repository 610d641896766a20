// `absolute_commands: true` on a target: the planner writes the path found at load time (pure
// planner tests with builders), and end to end in a temp home whose PATH holds a fake nvm tree,
// plan shows and apply writes the absolute npx; a command not on PATH is a plan error.
import { describe, test, expect, beforeEach, afterEach } from '@jest/globals';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildPlan } from '../src/plan/build.js';
import { fingerprint, loaded, stackOf, stdio } from './helpers/builders.js';
import { makeTmpHome, runMcpo, type TmpHome } from './helpers/tmp-home.js';

describe('planner', () => {
  const plan = (def: object) => {
    const stack = stackOf([stdio('a'), stdio('b', { command: '/opt/b/server' })], [def]);
    return buildPlan({
      stack,
      targets: [loaded({}, stack.targets[0]!)],
      state: { version: 1, files: {} },
      fingerprint,
      secrets: () => undefined,
      force: false,
      now: 'now',
    });
  };

  test('the resolved path replaces the command; servers without a lookup keep theirs', () => {
    const p = plan({
      absoluteCommands: true,
      commandPaths: { a: '/home/u/.nvm/versions/node/v22.0.0/bin/npx' },
    });
    expect(p.errors).toEqual([]);
    const after = Object.fromEntries(p.targets[0]!.changes.map((c) => [c.server, c.after]));
    expect(after.a).toMatchObject({
      command: '/home/u/.nvm/versions/node/v22.0.0/bin/npx',
      args: ['-y', 'pkg-a'],
    });
    expect(after.b).toMatchObject({ command: '/opt/b/server' });
  });

  test('a command that was not found is an error naming server, target and fix; the option off leaves commands alone', () => {
    const p = plan({ absoluteCommands: true, commandPaths: { a: null } });
    expect(p.errors).toEqual([
      expect.objectContaining({
        code: 'command-not-found',
        message: expect.stringMatching(
          /Command npx of server a is not on PATH, so the fake \(user\) target/,
        ),
      }),
    ]);
    expect(p.errors[0]!.hint).toContain('install npx');
    const off = plan({ commandPaths: { a: '/x/npx' } });
    expect(off.targets[0]!.changes.find((c) => c.server === 'a')!.after).toMatchObject({
      command: 'npx',
    });
  });
});

describe('mcpo plan and apply with absolute_commands', () => {
  let h: TmpHome;
  let project: string;
  let env: NodeJS.ProcessEnv;
  let npx: string;
  beforeEach(() => {
    h = makeTmpHome('mcpo-abs-');
    project = join(h.home, 'p');
    mkdirSync(project);
    const bin = join(h.home, '.nvm', 'versions', 'node', 'v22.9.0', 'bin');
    mkdirSync(bin, { recursive: true });
    npx = join(bin, 'npx');
    writeFileSync(npx, '#!/bin/sh\nexit 0\n');
    chmodSync(npx, 0o755);
    // The shell's PATH: nvm's folder first, as `nvm use` leaves it.
    env = { ...h.env, PATH: `${bin}:${join(process.execPath, '..')}:/usr/bin:/bin` };
  });
  afterEach(() => h.cleanup());

  const stackWith = (servers: string, cursor: string) =>
    writeFileSync(
      join(project, 'mcp.stack.yaml'),
      `version: 1\nservers:\n${servers}clients:\n  cursor: ${cursor}\n  claude-code: { scope: project, servers: [fs] }\n`,
    );
  const FS = `  fs: { command: npx, args: [-y, "@modelcontextprotocol/server-filesystem", "/tmp"] }\n`;

  test('plan shows the absolute runner, apply writes it, only on the target that asks; the next plan is empty', () => {
    stackWith(FS, '{ scope: project, servers: [fs], absolute_commands: true }');
    const plan = runMcpo(['plan'], { env, cwd: project });
    expect(plan.code).toBe(0);
    expect(plan.stdout).toContain(`command: "${npx}"`);
    expect(runMcpo(['apply', '-y'], { env, cwd: project }).code).toBe(0);
    const cursor = JSON.parse(readFileSync(join(project, '.cursor', 'mcp.json'), 'utf8'));
    expect(cursor.mcpServers.fs.command).toBe(npx);
    const claude = JSON.parse(readFileSync(join(project, '.mcp.json'), 'utf8'));
    expect(claude.mcpServers.fs.command).toBe('npx');
    expect(runMcpo(['plan', '--detailed-exitcode'], { env, cwd: project }).code).toBe(0);
  });

  test('a command not on PATH makes the plan fail with one sentence naming server, target and fix; apply writes nothing', () => {
    stackWith(
      FS + `  gone: { command: mcpo-not-installed-anywhere }\n`,
      '{ scope: project, servers: [fs, gone], absolute_commands: true }',
    );
    const plan = runMcpo(['plan'], { env, cwd: project });
    expect(plan.code).toBe(1);
    expect(plan.stderr).toContain(
      'mcp.stack.yaml:4:3: Command mcpo-not-installed-anywhere of server gone is not on PATH, so the cursor (project) target cannot write its absolute path (absolute_commands: true). Fix: install mcpo-not-installed-anywhere',
    );
    expect(runMcpo(['apply', '-y'], { env, cwd: project }).code).toBe(1);
    expect(existsSync(join(project, '.cursor', 'mcp.json'))).toBe(false);
  });

  test('an error about a server whose command was resolved (or whose secrets were rewritten for env) still points at the stack line', () => {
    writeFileSync(
      join(project, 'mcp.stack.yaml'),
      `version: 1\nservers:\n  fs:\n    command: npx\n    timeout: 0.5\nclients:\n  claude-code:\n    - { scope: project, servers: [fs], absolute_commands: true }\n    - { scope: local, servers: [fs], secrets: env }\n`,
    );
    const plan = runMcpo(['plan'], { env, cwd: project });
    expect(plan.code).toBe(1);
    const located = plan.stderr
      .split('\n')
      .filter((l) => l.includes('mcp.stack.yaml:3:3: Claude Code ignores timeouts under 1 second'));
    expect(located).toHaveLength(2);
  });

  test('the schema accepts only a boolean', () => {
    stackWith(FS, '{ scope: project, servers: [fs], absolute_commands: "yes" }');
    const r = runMcpo(['validate'], { env, cwd: project });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/absolute_commands/);
  });
});
