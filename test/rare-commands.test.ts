import { describe, test, expect, beforeAll, afterAll } from '@jest/globals';
import { writeFileSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { makeTmpHome, runMcpo, type TmpHome } from './helpers/tmp-home.js';
import { rareLoaders } from '../src/commands/rare-commands.js';

/**
 * The rare commands live in a second bundle, dist/mcpo-rare.cjs, loaded by the CLI when one runs
 * (src/commands/rare-commands.ts). Each is run here through dist/cli.cjs far enough to load its
 * module (`--help` would not: commander answers it from the main bundle), and its user errors
 * must read as before: an McpoError from that bundle is one sentence and a fix, not a bug report.
 */
let h: TmpHome;
let cwd: string;
beforeAll(() => {
  h = makeTmpHome();
  cwd = join(h.home, 'project');
  mkdirSync(cwd);
  writeFileSync(
    join(cwd, 'mcp.stack.yaml'),
    'version: 1\nservers:\n  a: { command: npx }\nclients:\n  cursor: { servers: [a] }\n',
  );
});
afterAll(() => h.cleanup());

const mcpo = (args: string[]) =>
  runMcpo(args, {
    env: { ...h.env, MCPO_REGISTRY_URL: 'http://127.0.0.1:9/' },
    cwd,
    timeoutMs: 30_000,
  });
const missing = (file: string) =>
  `Error: No stack file at ${file}.\nFix: start one with \`mcpo import\``;

/** A cheap real invocation of each rare command: its exit code and the start of its stderr/stdout. */
const CASES: Record<string, { args: string[]; code: number; stderr?: string; stdout?: string }> = {
  add: {
    args: ['add', 'x'],
    code: 1,
    stderr: 'Error: Server x needs a command (after --) or --url.',
  },
  gateway: { args: ['gateway'], code: 1, stderr: 'Error: mcpo gateway needs --stack FILE' },
  'gateway-status': { args: ['gateway', 'status'], code: 0, stdout: 'No gateway is running' },
  'gateway-stop': { args: ['gateway', 'stop'], code: 0, stdout: 'No gateway daemon is running.' },
  doctor: { args: ['doctor', '--stack', 'nope.yaml'], code: 1, stderr: missing('nope') },
  logs: { args: ['logs', 'zz'], code: 1, stderr: 'Error: No server zz in ' },
  import: { args: ['import', '--json'], code: 1, stdout: '{\n  "format_version": 1' },
  init: {
    args: ['init', '--include', 'nope-nope'],
    code: 1,
    stderr: 'Error: There is no built-in stack `nope-nope`.',
  },
  search: { args: ['search', 'x'], code: 1, stderr: 'Error: The registry at http://127.0.0.1:9' },
  new: { args: ['new', 'a/b'], code: 1, stderr: 'Error: `a/b` cannot name a server project.' },
  lock: { args: ['lock', 'zz'], code: 1, stderr: 'Error: No server named zz in ' },
  outdated: { args: ['outdated', '--json'], code: 0, stdout: '{\n  "servers": []' },
  login: { args: ['login', 'zz'], code: 1, stderr: 'Error: There is no server zz in ' },
  logout: { args: ['logout', 'zz'], code: 1, stderr: 'Error: There is no server zz in ' },
  auth: { args: ['auth', 'status'], code: 0, stdout: 'No remote servers in ' },
};

describe('rare commands (dist/mcpo-rare.cjs)', () => {
  test('every command of the rare bundle has a case here', () => {
    expect(Object.keys(CASES).sort()).toEqual(Object.keys(rareLoaders).sort());
  });

  test.each(Object.entries(CASES))('%s runs from the CLI and exits as before', (_, c) => {
    const r = mcpo(c.args);
    const missingFile = missing(join(cwd, 'nope.yaml'));
    const fix = (s?: string) => s?.replace(missing('nope'), missingFile);
    expect([r.code, r.stdout.slice(0, fix(c.stdout)?.length ?? 0)]).toEqual([
      c.code,
      fix(c.stdout) ?? '',
    ]);
    expect(r.stderr.slice(0, fix(c.stderr)?.length ?? 0)).toBe(fix(c.stderr) ?? '');
    expect(r.stderr).not.toContain('Internal error');
  });

  test('an McpoError thrown in the rare bundle prints its message and fix, or the --json document', () => {
    const file = join(cwd, 'nope.yaml');
    const plain = mcpo(['outdated', '--stack', 'nope.yaml']);
    expect([plain.code, plain.stdout]).toEqual([1, '']);
    expect(plain.stderr).toMatch(
      new RegExp(`^Error: No stack file at ${file.replace(/[.]/g, '\\.')}\\.\nFix: [^\n]+\\.\n$`),
    );
    const json = mcpo(['outdated', '--stack', 'nope.yaml', '--json']);
    expect([json.code, json.stderr]).toEqual([1, '']);
    const doc = JSON.parse(json.stdout) as { format_version: number; error: { code: string } };
    expect([doc.format_version, doc.error.code]).toEqual([1, 'stack-not-found']);
    expect(Object.keys(doc.error)).toEqual(['code', 'message', 'hint']);
  });

  test('the rare bundle keeps a code cache of its own, named after it', () => {
    const files = readdirSync(join(h.env.XDG_CACHE_HOME!, 'mcpo'));
    expect(files.filter((f) => /^mcpo-rare-v8-.*\.bin$/.test(f))).toHaveLength(1);
    expect(files.filter((f) => /^mcpo-v8-.*\.bin$/.test(f))).toHaveLength(1);
  });
});
