import { describe, test, expect, beforeEach, afterEach } from '@jest/globals';
import { chmodSync, mkdirSync, readFileSync, writeFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { hostname } from 'node:os';
import { lockPathFor } from '../src/apply/lock.js';
import { makeTmpHome, runMcpo } from './helpers/tmp-home.js';

/** Bad input: one clear sentence naming file, line and fix; exit 1; nothing written. */
let home: ReturnType<typeof makeTmpHome>;
let project: string;
const mcpo = (...args: string[]) => runMcpo(args, { env: home.env, cwd: project });
const claudeJson = () => join(home.home, '.claude.json');
const GOOD = `version: 1
servers:
  memory: { command: npx, args: [-y, "@modelcontextprotocol/server-memory"] }
clients:
  claude-code: { scope: user, servers: [memory] }
`;

function snapshot(): string {
  const list = (d: string): string[] =>
    readdirSync(d, { withFileTypes: true }).flatMap((e) =>
      e.isDirectory()
        ? list(join(d, e.name))
        : [join(d, e.name) + ':' + readFileSync(join(d, e.name), 'utf8').length],
    );
  // mcpo's own salt, lock folder and code cache may appear; client files, state and backups must not change.
  return list(home.home)
    .filter((f) => !/\/mcpo\/(salt|locks\/)|\/\.cache\/mcpo\//.test(f))
    .sort()
    .join('\n');
}

function expectRefused(args: string[], pattern: RegExp) {
  const before = snapshot();
  const r = mcpo(...args);
  expect(r.code).toBe(1);
  expect(r.stderr).toMatch(pattern);
  expect(r.stderr).not.toMatch(/Internal error|\n\s+at /);
  expect(snapshot()).toBe(before);
}

beforeEach(() => {
  home = makeTmpHome();
  project = join(home.home, 'proj');
  mkdirSync(project);
  mkdirSync(join(home.home, '.claude'));
});
afterEach(() => home.cleanup());

const write = (text: string) => writeFileSync(join(project, 'mcp.stack.yaml'), text);

describe('bad input', () => {
  test('YAML syntax error names file:line:col', () => {
    write(GOOD.replace('clients:', 'clients: [oops'));
    expectRefused(['apply', '--yes'], /mcp\.stack\.yaml:\d+:\d+/);
  });

  test('schema violation names file:line:col and suggests the key', () => {
    write(GOOD.replace('command: npx', 'comand: npx'));
    expectRefused(['apply', '--yes'], /mcp\.stack\.yaml:3:\d+.*comand/);
  });

  test('unknown server, stack, client and var are all reported at once with suggestions', () => {
    write(`version: 1
vars: { root: /tmp }
servers:
  memory: { command: npx, args: ["\${var:rot}"] }
stacks:
  dev: { servers: [memroy] }
clients:
  claude-cod: { servers: [memory] }
  cursor: { stacks: [deve] }
`);
    const r = mcpo('validate');
    expect(r.code).toBe(1);
    for (const re of [/rot.*root/s, /memroy.*memory/s, /claude-cod.*claude-code/s, /deve.*dev/s])
      expect(r.stderr).toMatch(re);
    expect(r.stderr).toMatch(/mcp\.stack\.yaml:4:/);
  });

  test('a duplicate server from an include is an error', () => {
    writeFileSync(
      join(project, 'other.yaml'),
      'version: 1\nservers:\n  memory: { command: other }\n',
    );
    write('include: [other.yaml]\n' + GOOD);
    expectRefused(['apply', '--yes'], /memory/);
  });

  test('apply with a secret that has no value fails listing it; plan still works', () => {
    write(
      GOOD.replace(
        'args: [-y, "@modelcontextprotocol/server-memory"]',
        'env: { K: "${secret:api-key}" }',
      ),
    );
    expect(mcpo('plan').code).toBe(0);
    expectRefused(['apply', '--yes'], /api-key/);
  });

  test('a client file with invalid JSON is never overwritten; the error names file:line:col', () => {
    write(GOOD);
    writeFileSync(claudeJson(), '{\n  "theme": "dark",\n  "mcpServers": {,\n}\n');
    expectRefused(['apply', '--yes'], new RegExp(`${claudeJson().replace(/[.]/g, '\\.')}:3:\\d+`));
  });

  test('an unwritable folder is a clear error', () => {
    write(
      GOOD.replace(
        'claude-code: { scope: user, servers: [memory] }',
        'cursor: { scope: project, servers: [memory] }',
      ),
    );
    writeFileSync(join(project, '.cursor'), 'a file where a folder should be');
    expectRefused(['apply', '--yes'], /Cannot write .*\.cursor/);
  });

  test('a lock held by a live process makes apply wait briefly, then fail clearly', () => {
    write(GOOD);
    writeFileSync(claudeJson(), '{}\n');
    // This test process (alive) holds the lock on ~/.claude.json, in the lock module's own layout.
    const lock = lockPathFor(join(home.env.XDG_STATE_HOME!, 'mcpo', 'locks'), claudeJson());
    mkdirSync(dirname(lock), { recursive: true });
    writeFileSync(
      lock,
      JSON.stringify({
        pid: process.pid,
        host: hostname(),
        time: new Date().toISOString(),
        nonce: 'test',
      }),
    );
    expectRefused(
      ['apply', '--yes'],
      new RegExp(`Another mcpo \\(pid ${process.pid}\\) is changing`),
    );
    expect(readFileSync(claudeJson(), 'utf8')).toBe('{}\n');
  });

  test('a missing stack file says how to create one', () => {
    const r = mcpo('plan');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/No stack file/);
  });

  test('an unknown --client is refused with a hint', () => {
    write(GOOD);
    const r = mcpo('plan', '--client', 'nope');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/mcpo clients/);
  });

  // Root ignores permission bits (CI runs as root), so there the ENOTDIR case above covers unwritable folders.
  const asUser = process.getuid?.() === 0 ? test.skip : test;
  asUser(
    'a read-only home folder is reported, not crashed on (skipped as root: permissions do not apply)',
    () => {
      write(GOOD);
      writeFileSync(claudeJson(), '{}\n');
      chmodSync(home.home, 0o500);
      try {
        expectRefused(['apply', '--yes'], /Cannot write/);
      } finally {
        chmodSync(home.home, 0o700);
      }
    },
  );
});
