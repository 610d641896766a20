/**
 * Whether a client file would be exposed to git: tracked, or inside a work tree and not ignored.
 * Asked only for files that are about to receive a secret value (git costs a process per call).
 * Uses plain `git` (ls-files --error-unmatch, check-ignore); no git, or no repository, means
 * not exposed. Judged on the real path (every symlink resolved, a dangling final link too): the
 * secret lands where the links lead, e.g. in a stow-style dotfiles repository.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname } from 'node:path';
import { resolveTarget } from '../fs/real-path.js';

export type GitExposure = 'tracked' | 'unignored';

function git(cwd: string, args: string[]): Promise<{ code: number; stdout: string }> {
  return new Promise((resolve) => {
    execFile(
      'git',
      args,
      { cwd, timeout: 10_000, env: { ...process.env, GIT_OPTIONAL_LOCKS: '0' } },
      (err, stdout) => {
        const code = err
          ? typeof (err as { code?: unknown }).code === 'number'
            ? (err as { code: number }).code
            : -1
          : 0;
        resolve({ code, stdout: String(stdout) });
      },
    );
  });
}

export async function gitExposure(path: string): Promise<GitExposure | null> {
  let file = path;
  try {
    file = resolveTarget(path);
  } catch {
    // A link loop: the write will fail with a clear error; judge the path as given.
  }
  let dir = dirname(file);
  while (!existsSync(dir) && dirname(dir) !== dir) dir = dirname(dir);
  const inside = await git(dir, ['rev-parse', '--is-inside-work-tree']);
  if (inside.code !== 0 || inside.stdout.trim() !== 'true') return null;
  if ((await git(dir, ['ls-files', '--error-unmatch', '--', file])).code === 0) return 'tracked';
  // check-ignore: 0 ignored, 1 not ignored, 128 error (e.g. the path is outside this work tree).
  const ignored = await git(dir, ['check-ignore', '-q', '--no-index', '--', file]);
  return ignored.code === 1 ? 'unignored' : null;
}
