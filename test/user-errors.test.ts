import { describe, test, expect, beforeAll, afterAll } from '@jest/globals';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { makeTmpHome, runMcpo, type TmpHome } from './helpers/tmp-home.js';
import { SRC, sourceFiles } from './helpers/source-files.js';

/**
 * Issue 11, class 11: every user error says how to fix it, and `plan --json` answers with a
 * document even when the stack does not load.
 */

/** Every `new <Class>(...)` call in `text`, whole (balanced parentheses, strings skipped roughly). */
function calls(text: string, cls: string): string[] {
  const out: string[] = [];
  for (let at = text.indexOf(`new ${cls}(`); at >= 0; at = text.indexOf(`new ${cls}(`, at + 1)) {
    let depth = 0;
    let i = at + `new ${cls}`.length;
    for (; i < text.length; i++) {
      const c = text[i];
      if (c === '(' || c === '{' || c === '[') depth++;
      else if (c === ')' || c === '}' || c === ']') depth--;
      if (depth === 0) break;
    }
    out.push(text.slice(at, i + 1));
  }
  return out;
}

describe('every McpoError in src carries a fix', () => {
  test('each `new McpoError(` passes a hint (code `internal` excepted)', () => {
    const missing: string[] = [];
    let seen = 0;
    for (const file of sourceFiles(SRC)) {
      for (const call of calls(readFileSync(file, 'utf8'), 'McpoError')) {
        seen++;
        if (/^new McpoError\(\s*'internal'/.test(call)) continue;
        if (!/\bhint\b/.test(call))
          missing.push(`${file.slice(SRC.length + 1)}: ${call.replace(/\s+/g, ' ').slice(0, 120)}`);
      }
    }
    expect(seen).toBeGreaterThan(30);
    expect(missing).toEqual([]);
  });
});

/** The stack files of the table; each case names one (or writes its own files). */
const GOOD =
  'version: 1\nservers:\n  memory: { command: npx, args: [-y, server-memory] }\nclients:\n  claude-code: { servers: [memory] }\n';
const aliases =
  [
    'version: 1',
    'vars:',
    '  a: &x hello',
    ...Array.from({ length: 101 }, (_, i) => `  v${i}: *x`),
  ].join('\n') + '\n';

interface Case {
  name: string;
  files: Record<string, string>;
  args?: string[];
  /** A part of stderr that says what is wrong. */
  says: RegExp;
}

const CASES: Case[] = [
  { name: 'missing stack file', files: {}, says: /No stack file at/ },
  {
    name: 'YAML syntax error',
    files: { 'mcp.stack.yaml': GOOD.replace('clients:', 'clients: [oops') },
    says: /mcp\.stack\.yaml:\d+:\d+/,
  },
  {
    name: 'empty stack file',
    files: { 'mcp.stack.yaml': '# nothing\n' },
    says: /the stack file is empty/,
  },
  {
    name: 'unknown key',
    files: { 'mcp.stack.yaml': GOOD.replace('command: npx', 'comand: npx') },
    says: /unknown key `comand`/,
  },
  {
    name: 'missing key',
    files: { 'mcp.stack.yaml': 'version: 1\nstacks:\n  s: { description: x }\n' },
    says: /missing `servers`/,
  },
  {
    name: 'wrong type',
    files: { 'mcp.stack.yaml': 'version: 1\nservers:\n  a: { command: x, args: oops }\n' },
    says: /must be a list/,
  },
  {
    name: 'bad timeout',
    files: { 'mcp.stack.yaml': 'version: 1\nservers:\n  a: { command: x, timeout: 0 }\n' },
    says: /greater than 0/,
  },
  {
    name: 'empty env key',
    files: { 'mcp.stack.yaml': 'version: 1\nservers:\n  a: { command: x, env: { "": v } }\n' },
    says: /mcp\.stack\.yaml:3:\d+: .*empty name "" is not a valid environment variable name/,
  },
  {
    name: 'env key with =',
    files: { 'mcp.stack.yaml': 'version: 1\nservers:\n  a: { command: x, env: { A=B: v } }\n' },
    says: /mcp\.stack\.yaml:3:\d+: .*`A=B` is not a valid environment variable name/,
  },
  {
    name: 'bad header names',
    files: {
      'mcp.stack.yaml':
        'version: 1\nservers:\n  r:\n    url: https://x.example\n    headers: { "": a, "Bad Name": b, "X:y": c }\n',
    },
    says: /`Bad Name` is not a valid header name/,
  },
  {
    name: 'bad var name',
    files: { 'mcp.stack.yaml': 'version: 1\nvars: { "1x": a }\n' },
    says: /not a valid variable name/,
  },
  {
    name: 'too many aliases',
    files: { 'mcp.stack.yaml': aliases },
    says: /mcp\.stack\.yaml:4:\d+: too many YAML aliases/,
  },
  {
    name: 'missing include',
    files: { 'mcp.stack.yaml': 'version: 1\ninclude: [./nope.yaml]\n' },
    says: /no file at/,
  },
  {
    name: 'syntax error in an included file',
    files: {
      'mcp.stack.yaml': 'version: 1\ninclude:\n  - ./a.yaml\n',
      'a.yaml': 'version: 1\nservers: [\n',
    },
    says: /a\.yaml:\d+:\d+: .*\(included from .*mcp\.stack\.yaml:3:5\)/,
  },
  {
    name: 'schema problem in an included file',
    files: {
      'mcp.stack.yaml': 'version: 1\ninclude: [./a.yaml]\n',
      'a.yaml': 'version: 1\nservers:\n  x: { comand: y }\n',
    },
    says: /a\.yaml:3:\d+: .*\(included from .*mcp\.stack\.yaml:2:11\)/,
  },
  {
    name: 'unknown client',
    files: { 'mcp.stack.yaml': 'version: 1\nclients:\n  cursr: { servers: [] }\n' },
    says: /unknown client `cursr`/,
  },
  {
    name: 'unknown server',
    files: { 'mcp.stack.yaml': GOOD.replace('servers: [memory]', 'servers: [memry]') },
    says: /unknown server `memry`/,
  },
  {
    name: 'unknown var',
    files: { 'mcp.stack.yaml': 'version: 1\nservers:\n  a: { command: "${var:nope}" }\n' },
    says: /unknown variable/,
  },
  {
    name: 'secret in a path',
    files: {
      'mcp.stack.yaml': GOOD.replace(
        'servers: [memory] }',
        'servers: [memory], path: "${secret:x}" }',
      ),
    },
    says: /a secret cannot be used here/,
  },
  {
    name: 'path ending with a separator',
    files: {
      'mcp.stack.yaml': GOOD.replace('servers: [memory] }', 'servers: [memory], path: sub/ }'),
    },
    says: /ends with a path separator/,
  },
  {
    name: 'path naming a folder',
    files: {
      'mcp.stack.yaml': GOOD.replace('servers: [memory] }', 'servers: [memory], path: ./dir }'),
      'dir/x': '',
    },
    says: /is a folder/,
  },
  {
    name: 'client file that does not parse',
    files: {
      'mcp.stack.yaml': GOOD.replace('servers: [memory] }', 'servers: [memory], path: ./c.json }'),
      'c.json': '{ "mcpServers": ',
    },
    says: /c\.json:\d+:\d+: not valid JSON/,
  },
  {
    name: 'server the client cannot express',
    files: {
      'mcp.stack.yaml':
        'version: 1\nservers:\n  r: { url: https://x.example }\nclients:\n  claude-desktop: { servers: [r], path: ./cd.json }\n',
    },
    says: /Claude Desktop cannot connect to remote server/,
  },
  {
    name: 'unknown --client',
    files: { 'mcp.stack.yaml': GOOD },
    args: ['--client', 'nope'],
    says: /Unknown client nope/,
  },
];

/** Lines that report an error: `Error: ...`, or a located problem `file:line:col: ...`. */
function errorLines(stderr: string): string[] {
  return stderr.split('\n').filter((l) => /^Error: |^\/\S*:\d+:\d+: /.test(l));
}

let home: TmpHome;
beforeAll(() => {
  home = makeTmpHome();
  mkdirSync(join(home.home, '.claude'));
});
afterAll(() => home.cleanup());

function project(c: Case, i: number): string {
  const dir = join(home.home, `p${i}`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  for (const [name, text] of Object.entries(c.files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

describe('a table of bad inputs through the CLI', () => {
  test.each(CASES.map((c, i) => [c.name, c, i] as const))(
    '%s: exit 1, one Fix: per error, no internal error',
    (_, c, i) => {
      const cwd = project(c, i);
      const r = runMcpo(['plan', ...(c.args ?? [])], { env: home.env, cwd });
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(c.says);
      expect(r.stderr).not.toMatch(/Internal error|\n\s+at /);
      const lines = errorLines(r.stderr);
      expect(lines.length).toBeGreaterThan(0);
      // A located problem carries its fix on its line; an `Error:` sentence on the next line.
      const fixes = (r.stderr.match(/Fix: /g) ?? []).length;
      expect(fixes).toBe(lines.length);
      for (const l of lines) expect((l.match(/Fix: /g) ?? []).length).toBeLessThanOrEqual(1);
      expect(r.stdout).not.toMatch(/No changes\./);
    },
  );

  test.each(CASES.map((c, i) => [c.name, c, i] as const))(
    '%s: plan --json prints the document with the errors',
    (_, c, i) => {
      const cwd = project(c, i);
      const r = runMcpo(['plan', '--json', ...(c.args ?? [])], { env: home.env, cwd });
      expect(r.code).toBe(1);
      const doc = JSON.parse(r.stdout) as Record<string, unknown> & {
        errors: { code: string; message: string; hint?: string }[];
      };
      expect(Object.keys(doc)).toEqual([
        'format_version',
        'summary',
        'changes',
        'targets',
        'skipped',
        'missing_secrets',
        'errors',
        'env_vars',
        'notices',
      ]);
      expect(doc.errors.length).toBeGreaterThan(0);
      for (const e of doc.errors) expect(typeof e.hint).toBe('string');
      expect(Array.isArray(doc.targets)).toBe(true);
    },
  );
});
