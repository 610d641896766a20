// `mcpo new`: the Node template is built for real (its own `npm run build`, with the repo's
// node_modules linked in place of an `npm install` from the registry) and answers as an MCP server,
// started the way the stack entry says; the Python template is compiled (PyPI is not reachable
// here, so FastMCP itself cannot be installed to run it).
import { describe, test, expect, beforeEach, afterEach } from '@jest/globals';
import {
  existsSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { REPO_ROOT } from './helpers/client-clis.js';
import { connectStdio } from './helpers/mcp-client.js';
import { makeTmpHome, runCommand, runMcpo, type TmpHome } from './helpers/tmp-home.js';

let h: TmpHome;
let dir: string;
const STACK =
  '# my stack\nversion: 1\n\nservers:\n  memory: { command: npx, args: [-y, "@modelcontextprotocol/server-memory"] }  # keep\n';
const mcpo = (...args: string[]) => runMcpo(args, { env: h.env, cwd: dir });
const stackText = () => readFileSync(join(dir, 'mcp.stack.yaml'), 'utf8');

beforeEach(() => {
  h = makeTmpHome();
  dir = join(h.home, 'work');
  mkdirSync(dir);
  writeFileSync(join(dir, 'mcp.stack.yaml'), STACK);
});
afterEach(() => h.cleanup());

/** `python3` on PATH: absent is a skip with the reason locally, a failure under CI=true. */
const python =
  runCommand('python3', ['--version'], { env: process.env, cwd: REPO_ROOT }).code === 0
    ? 'python3'
    : undefined;

describe('mcpo new --template node', () => {
  test('writes the project and the stack entry; the project builds and serves its tool and resource', async () => {
    const r = mcpo('new', 'hello', '--template', 'node');
    expect(r).toMatchObject({ code: 0, stderr: '' });
    const proj = join(dir, 'hello');
    expect(readdirSync(proj).sort()).toEqual([
      '.gitignore',
      'README.md',
      'package.json',
      'src',
      'tsconfig.json',
    ]);
    expect(JSON.parse(readFileSync(join(proj, 'package.json'), 'utf8'))).toMatchObject({
      name: 'hello',
      scripts: { build: 'tsc' },
    });
    // The stack file gained the server; every byte before it stayed.
    expect(stackText().startsWith(STACK.trimEnd())).toBe(true);
    expect(parse(stackText()).servers.hello).toEqual({
      description: 'Local development server (node) in ~/work/hello',
      command: 'node',
      args: ['~/work/hello/dist/index.js'],
      env: { DEBUG: 'true' },
    });
    expect(mcpo('validate')).toMatchObject({
      code: 0,
      stdout: expect.stringContaining('2 servers'),
    });

    buildNodeProject(proj);

    const session = await connectStdio(
      process.execPath,
      [join(proj, 'dist', 'index.js')],
      { ...h.env, DEBUG: 'true' },
      h.home,
    );
    try {
      const tools = await session.client.listTools();
      expect(tools.tools.map((t) => t.name)).toEqual(['greet']);
      const called = await session.client.callTool({ name: 'greet', arguments: { name: 'mcpo' } });
      expect(called.content).toEqual([{ type: 'text', text: 'Hello, mcpo!' }]);
      const resources = await session.client.listResources();
      expect(resources.resources.map((x) => x.uri)).toEqual(['info://about']);
      const about = await session.client.readResource({ uri: 'info://about' });
      expect(about.contents[0]).toMatchObject({ text: expect.stringContaining('hello') });
      expect(session.stderr()).toContain('[hello] greet mcpo');
    } finally {
      await session.close();
    }
  }, 180_000);

  test('the built project passes mcpo doctor', () => {
    expect(mcpo('new', 'hello').code).toBe(0);
    buildNodeProject(join(dir, 'hello'));
    const doctor = mcpo('doctor', 'hello', '--timeout', '60');
    expect({ code: doctor.code, out: doctor.stdout + doctor.stderr }).toMatchObject({
      code: 0,
      out: expect.stringContaining('hello'),
    });
  }, 180_000);
});

/** `npm run build` of the project with the repo's node_modules (SDK, zod, TypeScript, @types/node) linked in. */
function buildNodeProject(proj: string): void {
  symlinkSync(join(REPO_ROOT, 'node_modules'), join(proj, 'node_modules'), 'dir');
  const build = runCommand('npm', ['run', 'build'], { env: h.env, cwd: proj, timeoutMs: 120_000 });
  expect({ code: build.code, out: build.stdout + build.stderr }).toMatchObject({ code: 0 });
  expect(existsSync(join(proj, 'dist', 'index.js'))).toBe(true);
}

describe('mcpo new --template python', () => {
  (python || process.env.CI === 'true' ? test : test.skip)(
    `writes a FastMCP project whose files compile, and a uv entry in the stack${python ? '' : ' (skipped: python3 is not installed)'}`,
    () => {
      expect(python).toBe('python3');
      expect(mcpo('new', 'pyhello', '--template', 'python')).toMatchObject({ code: 0, stderr: '' });
      const proj = join(dir, 'pyhello');
      expect(readdirSync(proj).sort()).toEqual([
        '.gitignore',
        'README.md',
        'pyproject.toml',
        'server.py',
      ]);
      expect(parse(stackText()).servers.pyhello).toMatchObject({
        command: 'uv',
        args: ['run', '--directory', '~/work/pyhello', 'server.py'],
        env: { DEBUG: 'true' },
      });
      const compiled = runCommand(python!, ['-m', 'py_compile', join(proj, 'server.py')], {
        env: h.env,
        cwd: proj,
      });
      expect({ code: compiled.code, stderr: compiled.stderr }).toEqual({ code: 0, stderr: '' });
      const toml = runCommand(
        python!,
        [
          '-c',
          'import sys,tomllib;p=tomllib.load(open(sys.argv[1],"rb"))["project"];print(p["name"],p["dependencies"])',
          join(proj, 'pyproject.toml'),
        ],
        { env: h.env, cwd: proj },
      );
      expect(toml).toMatchObject({ code: 0, stdout: "pyhello ['mcp[cli]>=1.2.0']\n" });
      const source = readFileSync(join(proj, 'server.py'), 'utf8');
      expect(source).toContain('@mcp.tool()');
      expect(source).toContain('@mcp.resource("info://about")');
    },
  );
});

describe('mcpo new refuses, writing nothing', () => {
  test('an existing folder, a missing stack file, a bad name, a taken server name', () => {
    mkdirSync(join(dir, 'taken'));
    expect(mcpo('new', 'taken')).toMatchObject({
      code: 1,
      stderr: expect.stringContaining(
        'already exists, and mcpo new never writes into an existing folder.\nFix: choose another name',
      ),
    });
    expect(mcpo('new', 'x', '--stack', 'nope.yaml')).toMatchObject({
      code: 1,
      stderr: expect.stringContaining(
        `No stack file at ${join(dir, 'nope.yaml')} to add the server to.\nFix: start one with \`mcpo import\``,
      ),
    });
    expect(mcpo('new', 'Bad Name')).toMatchObject({
      code: 1,
      stderr: expect.stringContaining('`Bad Name` cannot name a server project.'),
    });
    expect(mcpo('new', 'memory')).toMatchObject({
      code: 1,
      stderr: expect.stringContaining('Server `memory` is already defined at '),
    });
    expect(readdirSync(dir).sort()).toEqual(['mcp.stack.yaml', 'taken']);
    expect(stackText()).toBe(STACK);
  });
});
