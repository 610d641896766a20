// `mcpo init` in a temporary home: the file it writes is valid and plans, its example targets
// name the clients found on the machine, .gitignore gains one line, and nothing is overwritten.
import { describe, test, expect, beforeEach, afterEach } from '@jest/globals';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeTmpHome, runMcpo, type TmpHome } from './helpers/tmp-home.js';

let h: TmpHome;
let dir: string;
const mcpo = (...args: string[]) => runMcpo(args, { env: h.env, cwd: dir });
const read = (f: string) => readFileSync(join(dir, f), 'utf8');

beforeEach(() => {
  h = makeTmpHome();
  dir = join(h.home, 'project');
  mkdirSync(dir);
});
afterEach(() => h.cleanup());

describe('mcpo init', () => {
  test('writes a commented stack with the schema modeline and the development stack, which validates and plans', () => {
    const r = mcpo('init');
    expect(r).toMatchObject({ code: 0, stderr: '' });
    const text = read('mcp.stack.yaml');
    expect(text.split('\n')[0]).toMatch(
      /^# yaml-language-server: \$schema=\S+\/schemas\/stack\.schema\.json$/,
    );
    const schema = /\$schema=(\S+)/.exec(text)![1]!;
    expect(existsSync(schema.startsWith('file://') ? new URL(schema) : join(dir, schema))).toBe(
      true,
    );
    expect(text).toContain('\ninclude: [development]\n');
    expect(text).toContain('#   development: filesystem, git, eslint');
    expect(text).toContain('# clients:\n#   claude-code: { stacks: [development] }');
    expect(mcpo('validate')).toMatchObject({
      code: 0,
      stdout: expect.stringContaining('3 servers, 1 stack, 0 targets'),
    });
    expect(mcpo('plan')).toMatchObject({ code: 0, stdout: expect.stringContaining('No changes.') });
  });

  test('uncommenting the example target gives a plan that adds the stack servers', () => {
    expect(mcpo('init', '--include', 'development', 'research', '--include', 'data').code).toBe(0);
    const text = read('mcp.stack.yaml');
    expect(text).toContain('include: [development, research, data]');
    expect(text).toContain('#   mcpo secret set brave-api-key    (for web-search)');
    expect(text).toContain('#   database_url: postgresql://localhost:5432/postgres');
    writeFileSync(
      join(dir, 'mcp.stack.yaml'),
      text.replace('# clients:\n#   claude-code:', 'clients:\n  claude-code:'),
    );
    expect(mcpo('validate')).toMatchObject({
      code: 0,
      stdout: expect.stringContaining('9 servers, 3 stacks, 1 target'),
    });
    const plan = mcpo('plan', '--json', '--force');
    expect(plan.code).toBe(0);
    const json = JSON.parse(plan.stdout) as {
      targets: { client: string; changes: { action: string; server: string }[] }[];
      missing_secrets: string[];
    };
    expect(json.targets[0]!.client).toBe('claude-code');
    expect(json.targets[0]!.changes.map((c) => `${c.action} ${c.server}`).sort()).toEqual(
      [
        'charts',
        'database',
        'eslint',
        'fetch',
        'filesystem',
        'git',
        'memory',
        'spreadsheet',
        'web-search',
      ].map((s) => `create ${s}`),
    );
    expect(json.missing_secrets).toEqual(['brave-api-key']);
  });

  test('example targets name the clients found on this machine', () => {
    mkdirSync(join(h.home, '.cursor'));
    mkdirSync(join(h.home, '.gemini'));
    expect(mcpo('init', '--include', 'research').code).toBe(0);
    const text = read('mcp.stack.yaml');
    expect(text).toContain('Found on this machine: cursor, gemini-cli.');
    expect(text).toContain(
      '#   cursor:     { stacks: [research] }\n#   gemini-cli: { stacks: [research] }\n',
    );
    expect(text).not.toContain('claude-code:');
  });

  test('.gitignore: created, appended to keeping its bytes, never duplicated', () => {
    expect(mcpo('init').code).toBe(0);
    expect(read('.gitignore')).toBe('mcp.stack.local.yaml\n');

    const other = join(h.home, 'other');
    mkdirSync(other);
    writeFileSync(join(other, '.gitignore'), 'node_modules\r\n# build\r\ndist');
    expect(
      runMcpo(['init', '--out', join(other, 'mcp.stack.yaml')], { env: h.env, cwd: dir }).code,
    ).toBe(0);
    expect(readFileSync(join(other, '.gitignore'), 'utf8')).toBe(
      'node_modules\r\n# build\r\ndist\r\nmcp.stack.local.yaml\r\n',
    );

    const third = join(h.home, 'third');
    mkdirSync(third);
    writeFileSync(join(third, '.gitignore'), '/mcp.stack.local.yaml\n');
    const r = runMcpo(['init', '--out', 'third/stack.yaml'], { env: h.env, cwd: h.home });
    expect(r.code).toBe(0);
    expect(r.stdout).not.toContain('.gitignore');
    expect(readFileSync(join(third, '.gitignore'), 'utf8')).toBe('/mcp.stack.local.yaml\n');
    expect(existsSync(join(third, 'stack.yaml'))).toBe(true);
  });

  test('refuses to overwrite an existing stack file: one sentence and the fix, nothing written', () => {
    writeFileSync(join(dir, 'mcp.stack.yaml'), 'version: 1 # mine\n');
    const r = mcpo('init');
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(
      `Error: ${join(dir, 'mcp.stack.yaml')} already exists, and mcpo init never overwrites a stack file.\nFix: edit that file, or pass --out FILE to write a new one elsewhere.\n`,
    );
    expect(read('mcp.stack.yaml')).toBe('version: 1 # mine\n');
    expect(existsSync(join(dir, '.gitignore'))).toBe(false);
  });

  test('an unknown built-in stack is refused with a suggestion, nothing written', () => {
    const r = mcpo('init', '--include', 'reserch');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('There is no built-in stack `reserch` (did you mean `research`?).');
    expect(r.stderr).toContain('Fix: built-in stacks: data, development, research.');
    expect(existsSync(join(dir, 'mcp.stack.yaml'))).toBe(false);
    expect(existsSync(join(dir, '.gitignore'))).toBe(false);
  });
});
