import { describe, test, expect, beforeEach, afterEach } from '@jest/globals';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeTmpHome, runMcpo } from './helpers/tmp-home.js';

/**
 * `mcpo use` end to end: the built CLI in a temporary home with real client files.
 * Claude Code has no per-entry disabled flag (inactive servers leave its file); Windsurf has
 * `disabled` and opencode `enabled`, so inactive servers stay there, switched off.
 */
let home: ReturnType<typeof makeTmpHome>;
let project: string;
const mcpo = (...args: string[]) => runMcpo(args, { env: home.env, cwd: project });
const local = () => join(project, 'mcp.stack.local.yaml');
const claude = () => JSON.parse(readFileSync(join(home.home, '.claude.json'), 'utf8')).mcpServers;
const windsurf = () =>
  JSON.parse(readFileSync(join(home.home, '.codeium', 'windsurf', 'mcp_config.json'), 'utf8'))
    .mcpServers;
const opencode = () =>
  JSON.parse(readFileSync(join(home.home, '.config', 'opencode', 'opencode.json'), 'utf8')).mcp;

const STACK = `version: 1
servers:
  memory: { command: npx, args: [-y, "@modelcontextprotocol/server-memory"] }
  everything: { command: npx, args: [-y, "@modelcontextprotocol/server-everything"] }
  fs: { command: npx, args: [-y, "@modelcontextprotocol/server-filesystem", /tmp] }
stacks:
  research: { servers: [memory] }
  development: { servers: [everything, fs] }
clients:
  claude-code: { stacks: [research, development] }
  windsurf: { stacks: [research, development] }
  opencode: { stacks: [research, development] }
`;

const LOCAL = `# mine, not the team's
version: 1
vars:
  scratch:   /tmp/me   # spacing kept
`;

beforeEach(() => {
  home = makeTmpHome();
  project = join(home.home, 'proj');
  mkdirSync(project);
  for (const d of [['.claude'], ['.codeium', 'windsurf'], ['.config', 'opencode']])
    mkdirSync(join(home.home, ...d), { recursive: true });
  // Claude Code's file holds an entry mcpo does not manage: it must survive every switch.
  writeFileSync(
    join(home.home, '.claude.json'),
    '{ "numStartups": 3, "mcpServers": { "handmade": { "command": "mine" } } }\n',
  );
  writeFileSync(join(project, 'mcp.stack.yaml'), STACK);
  expect(mcpo('apply', '--yes').code).toBe(0);
});
afterEach(() => home.cleanup());

describe('mcpo use', () => {
  test('disables where the client can, removes where it cannot, saves the choice, and plan is then empty', () => {
    const r = mcpo('use', 'research', '--yes');
    expect(r.stderr).toContain('Active stacks: research for every client');
    expect(r.code).toBe(0);
    expect(Object.keys(claude()).sort()).toEqual(['handmade', 'memory']);
    expect(windsurf().memory.disabled).toBeUndefined();
    expect(windsurf().everything.disabled).toBe(true);
    expect(windsurf().fs.disabled).toBe(true);
    expect(opencode().memory.enabled).toBeUndefined();
    expect(opencode().fs.enabled).toBe(false);
    expect(readFileSync(local(), 'utf8')).toMatch(
      /^# Personal overrides[\s\S]*\nversion: 1\nuse:\n {2}stacks: \[research\]\n$/,
    );
    const p = mcpo('plan');
    expect(p.stdout).toContain('No changes.');
    expect(mcpo('validate').code).toBe(0);
  });

  test('a client that does not look installed is skipped and named; --force writes it, as apply', () => {
    writeFileSync(join(project, 'mcp.stack.yaml'), `${STACK}  cursor: { stacks: [research] }\n`);
    const cursor = join(home.home, '.cursor', 'mcp.json');
    const r = mcpo('use', 'research', '-y');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Skipped (client not installed here): cursor (user). Use --force');
    expect(existsSync(cursor)).toBe(false);
    const forced = mcpo('use', 'research', '-y', '--force');
    expect(forced.code).toBe(0);
    expect(Object.keys(JSON.parse(readFileSync(cursor, 'utf8')).mcpServers)).toEqual(['memory']);
  });

  test('--all returns to every server, and plan is empty again', () => {
    expect(mcpo('use', 'research', '-y').code).toBe(0);
    const r = mcpo('use', '--all', '-y');
    expect(r.code).toBe(0);
    expect(Object.keys(claude()).sort()).toEqual(['everything', 'fs', 'handmade', 'memory']);
    expect(windsurf().fs.disabled).toBeUndefined();
    expect(opencode().fs.enabled).toBeUndefined();
    expect(readFileSync(local(), 'utf8')).not.toContain('use:');
    expect(mcpo('plan').stdout).toContain('No changes.');
  });

  test('--client limits the switch to that client; the local file keeps its comments and layout', () => {
    writeFileSync(local(), LOCAL);
    const r = mcpo('use', 'development', '--client', 'windsurf', '-y');
    expect(r.code).toBe(0);
    expect(windsurf().memory.disabled).toBe(true);
    expect(windsurf().fs.disabled).toBeUndefined();
    expect(Object.keys(claude()).sort()).toEqual(['everything', 'fs', 'handmade', 'memory']);
    expect(opencode().memory.enabled).toBeUndefined();
    expect(readFileSync(local(), 'utf8')).toBe(
      `${LOCAL}use:\n  clients:\n    windsurf: [development]\n`,
    );
    expect(mcpo('plan').stdout).toContain('No changes.');

    // A choice for every client, then windsurf back to everything: it says `all`.
    expect(mcpo('use', 'research', '-y').code).toBe(0);
    expect(windsurf().fs.disabled).toBe(true);
    expect(mcpo('use', '--all', '--client', 'windsurf', '-y').code).toBe(0);
    expect(windsurf().fs.disabled).toBeUndefined();
    expect(Object.keys(claude()).sort()).toEqual(['handmade', 'memory']);
    expect(readFileSync(local(), 'utf8')).toBe(
      `${LOCAL}use:\n  stacks: [research]\n  clients:\n    windsurf: all\n`,
    );
    expect(mcpo('plan').stdout).toContain('No changes.');
    expect(mcpo('use', '--all', '-y').code).toBe(0);
    expect(readFileSync(local(), 'utf8')).toBe(LOCAL);
  });

  test('an unknown stack is one sentence with a suggestion; nothing is written', () => {
    const before = readFileSync(join(home.home, '.claude.json'), 'utf8');
    const r = mcpo('use', 'reserch', '-y');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('Unknown stack `reserch` (did you mean `research`?).');
    expect(existsSync(local())).toBe(false);
    expect(readFileSync(join(home.home, '.claude.json'), 'utf8')).toBe(before);
    const c = mcpo('use', 'research', '--client', 'cursr', '-y');
    expect(c.code).toBe(1);
    expect(c.stderr).toContain('no target for client `cursr`');
    // Alone, `use` shows the active stacks (issue 13) and writes nothing.
    expect(mcpo('use').stdout).toContain('Active stacks:');
    expect(mcpo('use', 'research', '--all').code).toBe(1);
    expect(existsSync(local())).toBe(false);
  });

  test('without a terminal and without --yes it refuses like apply, and puts the local file back', () => {
    writeFileSync(local(), LOCAL);
    const r = mcpo('use', 'research');
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('Plan: 0 to add, 4 to change, 2 to remove.');
    expect(r.stderr).toContain('run `mcpo use research --yes`');
    expect(r.stderr).toContain('mcp.stack.local.yaml was put back as it was.');
    expect(readFileSync(local(), 'utf8')).toBe(LOCAL);
    expect(windsurf().fs.disabled).toBeUndefined();
  });

  test('a hand-written use: with an unknown stack is reported with its location by validate', () => {
    writeFileSync(local(), `${LOCAL}use:\n  stacks: [reseach]\n`);
    const r = mcpo('validate');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      'mcp.stack.local.yaml:6:12: use.stacks[0]: unknown stack `reseach` (did you mean `research`?)',
    );
  });
});
