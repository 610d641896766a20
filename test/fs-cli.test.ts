// Issue 11 classes 2, 4 and 9 through the built CLI (dist/cli.cjs) in a temporary home: a target
// `path:` or an include that is not a regular file (FIFO, socket, folder, device) is a plan error
// or a stack problem at the include line, never a hang, a crash or a replaced file; a client file
// that is not UTF-8 is refused; an inline secret never goes through a symlink into a git repository.
import { afterEach, beforeEach, describe, expect, test } from '@jest/globals';
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { makeTmpHome, runMcpo, type TmpHome } from './helpers/tmp-home.js';

const isRoot = process.getuid?.() === 0;
let h: TmpHome;
let project: string;
let servers: net.Server[] = [];
beforeEach(() => {
  h = makeTmpHome();
  project = path.join(h.home, 'p');
  fs.mkdirSync(project);
  fs.mkdirSync(path.join(h.home, '.cursor'));
});
afterEach(() => {
  for (const s of servers) s.close();
  servers = [];
  h.cleanup();
});

const stack = (target: string, extra = ''): string => `version: 1
${extra}servers:
  fs: { command: npx, args: [-y, server-fs] }
clients:
  cursor: { scope: user, servers: [fs]${target} }
`;
const run = (args: string[], env: NodeJS.ProcessEnv = h.env) =>
  runMcpo(args, { env, cwd: project, timeoutMs: 20_000 });

/** A real FIFO, socket, folder or device node at `file`; returns a test on what it still is. */
async function make(kind: string, file: string): Promise<(st: fs.Stats) => boolean> {
  switch (kind) {
    case 'FIFO':
      execFileSync('mkfifo', [file]);
      return (st) => st.isFIFO();
    case 'socket': {
      const server = net.createServer();
      servers.push(server);
      await new Promise<void>((resolve) => server.listen(file, resolve));
      return (st) => st.isSocket();
    }
    case 'folder':
      fs.mkdirSync(file);
      return (st) => st.isDirectory();
    default:
      // As root, a device node of our own (like /dev/null); as a user, /dev/null through a link.
      if (isRoot) execFileSync('mknod', [file, 'c', '1', '3']);
      else fs.symlinkSync('/dev/null', file);
      return (st) => st.isCharacterDevice();
  }
}

describe('a target path that is not a regular file', () => {
  for (const kind of ['FIFO', 'socket', 'folder', 'device']) {
    test(`${kind}: plan, status and apply do not hang, and it stays a ${kind}`, async () => {
      const file = path.join(project, `${kind}.json`);
      const still = await make(kind, file);
      fs.writeFileSync(path.join(project, 'mcp.stack.yaml'), stack(`, path: ${file}`));
      // A folder is refused earlier, when the stack loads (a `path:` must name a file).
      const folder = kind === 'folder';
      const said = folder
        ? `\`${file}\` is a folder; it must name the client's config file`
        : new RegExp(
            `${file.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')} is a(n)? [a-zA-Z ()]+, not a regular file`,
          );
      for (const args of [['plan'], ['plan', '--json'], ['apply', '--yes'], ['status']]) {
        const r = run(args);
        // -1 would be a hang killed by the timeout
        expect(r.code).toBe(args[0] === 'status' && !folder ? 0 : 1);
        if (typeof said === 'string') expect(r.stdout + r.stderr).toContain(said);
        else expect(r.stdout + r.stderr).toMatch(said);
        // Under --json the fix is the document's `hint` (nothing else is printed).
        const fix = folder ? 'name the file inside it' : 'point `path:`';
        expect(r.stdout + r.stderr).toContain(
          args.includes('--json') ? `"hint": "${fix}` : `Fix: ${fix}`,
        );
        expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
      }
      const json = JSON.parse(run(['plan', '--json']).stdout) as { errors: { code: string }[] };
      expect(json.errors.map((e) => e.code)).toEqual([
        folder ? 'path-is-folder' : 'not-regular-file',
      ]);
      expect(still(fs.statSync(file))).toBe(true);
    });
  }

  test('path: /dev/null is a plan error, not an empty file', () => {
    fs.writeFileSync(path.join(project, 'mcp.stack.yaml'), stack(', path: /dev/null'));
    const r = run(['plan']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('/dev/null is a character device, not a regular file');
    expect(fs.statSync('/dev/null').isCharacterDevice()).toBe(true);
  });
});

describe('an include that is not a regular file', () => {
  test('/dev/zero, a folder, a FIFO, a non-UTF-8 file: each a problem at its include line, with a Fix', () => {
    execFileSync('mkfifo', [path.join(project, 'fifo.yaml')]);
    fs.mkdirSync(path.join(project, 'sub'));
    fs.writeFileSync(
      path.join(project, 'bad.yaml'),
      Buffer.from('servers:\n  x: { command: "\xff" }\n', 'latin1'),
    );
    const includes = ['/dev/zero', './sub', './fifo.yaml', './bad.yaml'];
    const main = path.join(project, 'mcp.stack.yaml');
    fs.writeFileSync(main, stack('', `include:\n${includes.map((i) => `  - ${i}\n`).join('')}`));
    for (const args of [['plan'], ['validate']]) {
      const r = run(args);
      expect(r.code).toBe(1);
      expect(r.stderr).not.toMatch(/\n\s+at |heap out of memory|Internal error/);
      const lines = r.stderr.split('\n');
      const at = (line: number) =>
        lines.find((l) => l.startsWith(`${main}:${line}:5: include: `)) ?? '';
      expect(at(3)).toContain('/dev/zero is a character device, not a regular file');
      expect(at(4)).toContain(`${path.join(project, 'sub')} is a folder`);
      expect(at(5)).toContain('fifo.yaml is a FIFO (named pipe)');
      expect(at(6)).toContain(`${path.join(project, 'bad.yaml')}:2:`);
      expect(at(6)).toContain('not valid UTF-8');
      for (const l of [3, 4, 5, 6]) expect(at(l)).toContain('Fix: ');
    }
  });
});

describe('a client file that is not UTF-8', () => {
  test('is refused with file:line; apply leaves every byte as it was', () => {
    const file = path.join(h.home, '.cursor', 'mcp.json');
    const bytes = Buffer.concat([
      Buffer.from('{\n  "note": "caf'),
      Buffer.from([0xe9]),
      Buffer.from('",\n  "mcpServers": {}\n}\n'),
    ]);
    fs.writeFileSync(file, bytes);
    fs.writeFileSync(path.join(project, 'mcp.stack.yaml'), stack(''));
    const r = run(['apply', '--yes']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`${file}:2:`);
    expect(r.stderr).toContain('not valid UTF-8');
    expect(fs.readFileSync(file).equals(bytes)).toBe(true);
  });
});

describe('inline secrets and symlinks into a git repository', () => {
  const gitEnv = (env: NodeJS.ProcessEnv) => ({
    ...env,
    GIT_AUTHOR_NAME: 't',
    GIT_AUTHOR_EMAIL: 't@t',
    GIT_COMMITTER_NAME: 't',
    GIT_COMMITTER_EMAIL: 't@t',
  });
  const secretStack = (target: string) =>
    stack(`, secrets: inline${target}`).replace(
      'args: [-y, server-fs] }',
      'args: [-y, server-fs], env: { TOKEN: "${secret:tok}" } }',
    );

  for (const via of [
    'stow link ~/.cursor/mcp.json',
    'path: at a link whose parent folder links into the repo',
  ]) {
    test(`${via}: refused like the tracked file itself`, () => {
      const dots = path.join(h.home, 'dots');
      fs.mkdirSync(path.join(dots, 'cursor'), { recursive: true });
      const real = path.join(dots, 'cursor', 'mcp.json');
      fs.writeFileSync(real, '{ "mcpServers": {} }\n');
      const git = (...args: string[]) => spawnSync('git', args, { cwd: dots, env: gitEnv(h.env) });
      git('init', '-q');
      git('add', '-A');
      git('commit', '-qm', 'dots');
      let link: string;
      if (via.startsWith('stow')) {
        link = path.join(h.home, '.cursor', 'mcp.json');
        fs.symlinkSync(real, link);
        fs.writeFileSync(path.join(project, 'mcp.stack.yaml'), secretStack(''));
      } else {
        fs.symlinkSync(path.join(dots, 'cursor'), path.join(h.home, 'cfg'));
        link = path.join(h.home, 'cfg', 'mcp.json');
        fs.writeFileSync(path.join(project, 'mcp.stack.yaml'), secretStack(`, path: ${link}`));
      }
      const env = { ...h.env, MCPO_SECRET_TOK: 'do-not-commit-me' };
      for (const args of [['plan'], ['apply', '--yes']]) {
        const r = run(args, env);
        expect(r.code).toBe(1);
        expect(r.stderr).toContain(`Refusing to write a secret value into ${link}: git tracks it.`);
      }
      expect(fs.readFileSync(real, 'utf8')).toBe('{ "mcpServers": {} }\n');
    });
  }
});
