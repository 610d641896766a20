import { describe, test, expect, beforeEach, afterEach } from '@jest/globals';
import fc from 'fast-check';
import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findStackFile, userStackFile } from '../src/stack/find.js';
import { makeTmpHome, runMcpo } from './helpers/tmp-home.js';

/**
 * Issue 13: without --stack, commands find the stack like git (nearest mcp.stack.yaml from the
 * current folder up), then the user stack; they say which file when it is not ./mcp.stack.yaml.
 */
const STACK = 'version: 1\nservers:\n  memory: { command: echo }\n';

describe('findStackFile', () => {
  test('the nearest stack file upwards wins, then the user stack, else null', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 5 }),
        fc.subarray([0, 1, 2, 3, 4, 5]),
        fc.boolean(),
        (depth, placed, withUser) => {
          const root = realpathSync(mkdtempSync(join(tmpdir(), 'mcpo-find-')));
          try {
            const dirs = [root];
            for (let i = 1; i <= depth; i++) dirs.push(join(dirs[i - 1]!, `d${i}`));
            mkdirSync(dirs[depth]!, { recursive: true });
            const levels = placed.filter((i) => i <= depth);
            for (const i of levels) writeFileSync(join(dirs[i]!, 'mcp.stack.yaml'), STACK);
            const ctx = {
              env: { XDG_CONFIG_HOME: join(root, 'cfg') },
              home: join(root, 'home'),
              platform: 'linux' as const,
            };
            const user = userStackFile(ctx);
            if (withUser) {
              mkdirSync(join(root, 'cfg', 'mcpo'), { recursive: true });
              writeFileSync(user, STACK);
            }
            const nearest = levels.length ? Math.max(...levels) : -1;
            const expected =
              nearest >= 0 ? join(dirs[nearest]!, 'mcp.stack.yaml') : withUser ? user : null;
            expect(findStackFile(dirs[depth]!, ctx)).toBe(expected);
          } finally {
            rmSync(root, { recursive: true, force: true });
          }
        },
      ),
      { numRuns: 60 },
    );
  });

  test('user stack: XDG_CONFIG_HOME when absolute, else ~/.config; %APPDATA% on Windows', () => {
    expect(
      userStackFile({ env: { XDG_CONFIG_HOME: '/x/cfg' }, home: '/h', platform: 'linux' }),
    ).toBe('/x/cfg/mcpo/mcp.stack.yaml');
    expect(userStackFile({ env: { XDG_CONFIG_HOME: 'rel' }, home: '/h', platform: 'darwin' })).toBe(
      '/h/.config/mcpo/mcp.stack.yaml',
    );
    expect(
      userStackFile({
        env: { APPDATA: 'C:\\Users\\me\\AppData\\Roaming' },
        home: 'C:\\Users\\me',
        platform: 'win32',
      }),
    ).toBe('C:\\Users\\me\\AppData\\Roaming\\mcpo\\mcp.stack.yaml');
  });
});

describe('the CLI finds the stack', () => {
  let home: ReturnType<typeof makeTmpHome>;
  let project: string;
  beforeEach(() => {
    home = makeTmpHome();
    project = join(home.home, 'proj');
    mkdirSync(join(project, 'a', 'b'), { recursive: true });
  });
  afterEach(() => home.cleanup());

  test('from a subfolder: the project stack, named on stderr; from its folder: no line', () => {
    writeFileSync(join(project, 'mcp.stack.yaml'), STACK);
    const deep = runMcpo(['validate'], { env: home.env, cwd: join(project, 'a', 'b') });
    expect(deep.code).toBe(0);
    expect(deep.stderr).toContain(`Using ${join(project, 'mcp.stack.yaml')}`);
    const here = runMcpo(['validate'], { env: home.env, cwd: project });
    expect(here.code).toBe(0);
    expect(here.stderr).not.toContain('Using');
  });

  test('no project stack: the user stack, from any folder', () => {
    const user = join(home.env.XDG_CONFIG_HOME!, 'mcpo', 'mcp.stack.yaml');
    mkdirSync(join(home.env.XDG_CONFIG_HOME!, 'mcpo'), { recursive: true });
    writeFileSync(user, STACK);
    const r = runMcpo(['validate'], { env: home.env, cwd: join(project, 'a') });
    expect(r.code).toBe(0);
    expect(r.stderr).toContain(`Using ${user}`);
  });

  test('--stack wins over the discovery', () => {
    writeFileSync(join(project, 'mcp.stack.yaml'), 'not: [valid');
    writeFileSync(join(project, 'a', 'other.yaml'), STACK);
    const r = runMcpo(['validate', '--stack', 'other.yaml'], {
      env: home.env,
      cwd: join(project, 'a'),
    });
    expect(r.code).toBe(0);
    expect(r.stderr).not.toContain('Using');
  });

  test('no stack anywhere: the error names mcpo import and mcpo init, exit 1', () => {
    const r = runMcpo(['plan'], { env: home.env, cwd: join(project, 'a') });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('mcpo import');
    expect(r.stderr).toContain('mcpo init');
    expect(r.stderr).toContain(`No stack file at ${join(project, 'a', 'mcp.stack.yaml')}`);
    expect(r.stderr).toContain('the folders above');
  });
});
