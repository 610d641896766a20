// Class 2 of issue 11: the refusal to write an inline secret into a git-tracked (or unignored)
// file holds through symlinks: judged on the real path (a stow-style dotfiles repository, a
// symlinked parent folder, a dangling final link, a chain of links). Real git repositories.
import { afterAll, describe, expect, test } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { gitExposure } from '../src/plan/git-exposure.js';

const work = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'mcpo-fs-git-')));
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));
const gitEnv = {
  ...process.env,
  GIT_AUTHOR_NAME: 't',
  GIT_AUTHOR_EMAIL: 't@t',
  GIT_COMMITTER_NAME: 't',
  GIT_COMMITTER_EMAIL: 't@t',
  GIT_CONFIG_NOSYSTEM: '1',
};
const git = (cwd: string, ...args: string[]): void => {
  const r = spawnSync('git', args, { cwd, env: gitEnv, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`git ${args.join(' ')}: ${r.stderr}`);
};

type Layout = 'direct' | 'final-link' | 'parent-link' | 'chain' | 'relative-link';
type Status = 'tracked' | 'unignored' | 'ignored';
let n = 0;

/**
 * A home with a dotfiles repository `dots/` holding cursor/mcp.json (tracked, unignored or
 * ignored, or absent: `exists` false), and the path a client would be given to reach it.
 */
function setUp(layout: Layout, status: Status, exists: boolean): string {
  const home = path.join(work, `h${n++}`);
  const dots = path.join(home, 'dots');
  fs.mkdirSync(path.join(dots, 'cursor'), { recursive: true });
  git(dots, 'init', '-q');
  fs.writeFileSync(path.join(dots, 'README'), 'dotfiles\n');
  if (status === 'ignored') fs.writeFileSync(path.join(dots, '.gitignore'), 'cursor/mcp.json\n');
  const real = path.join(dots, 'cursor', 'mcp.json');
  if (exists) fs.writeFileSync(real, '{}\n');
  git(dots, 'add', '-A');
  git(dots, 'commit', '-qm', 'dots');
  if (status === 'unignored' && exists) git(dots, 'rm', '-q', '--cached', 'cursor/mcp.json');
  const cursor = path.join(home, '.cursor');
  switch (layout) {
    case 'direct':
      return real;
    case 'final-link': // stow: ~/.cursor/mcp.json -> ~/dots/cursor/mcp.json
      fs.mkdirSync(cursor);
      fs.symlinkSync(real, path.join(cursor, 'mcp.json'));
      return path.join(cursor, 'mcp.json');
    case 'relative-link':
      fs.mkdirSync(cursor);
      fs.symlinkSync('../dots/cursor/mcp.json', path.join(cursor, 'mcp.json'));
      return path.join(cursor, 'mcp.json');
    case 'parent-link': // ~/.cursor -> ~/dots/cursor
      fs.symlinkSync(path.join(dots, 'cursor'), cursor);
      return path.join(cursor, 'mcp.json');
    case 'chain': // `path:` at a link to a link into the repository
      fs.mkdirSync(cursor);
      fs.symlinkSync(real, path.join(cursor, 'mcp.json'));
      fs.symlinkSync(path.join(cursor, 'mcp.json'), path.join(home, 'cursor-mcp.json'));
      return path.join(home, 'cursor-mcp.json');
  }
}

describe('gitExposure judges the real path', () => {
  test('any layout of links into a dotfiles repository: exposed exactly as the real file is', async () => {
    const layouts: Layout[] = ['direct', 'final-link', 'parent-link', 'chain', 'relative-link'];
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...layouts),
        fc.constantFrom<Status>('tracked', 'unignored', 'ignored'),
        fc.boolean(),
        async (layout, status, exists) => {
          const file = setUp(layout, status, exists);
          // A file that does not exist yet cannot be tracked: it would be created unignored.
          const expected =
            status === 'ignored' ? null : status === 'tracked' && exists ? 'tracked' : 'unignored';
          expect(await gitExposure(file)).toBe(expected);
        },
      ),
      { numRuns: 30 },
    );
  }, 60_000);
});
