import fs from 'node:fs';
import path from 'node:path';

const MAX_LINK_HOPS = 40;

/**
 * libc's realpath(3) where there is one: Node's own realpathSync walks the path in JavaScript with
 * an lstat per component, and apply resolves each client file several times (check, lock, write).
 * Windows keeps Node's walk (the native call answers differently for drives mapped with subst).
 */
const realpath = process.platform === 'win32' ? fs.realpathSync : fs.realpathSync.native;

/**
 * The real path a write to `file` lands on: symlinks followed, including a dangling final
 * link (a rename would replace the link itself with a regular file) and links in parent
 * folders. Used for writes and for the git exposure check, which must judge the real file.
 */
export function resolveTarget(file: string): string {
  let current = path.resolve(file);
  for (let hop = 0; hop < MAX_LINK_HOPS; hop++) {
    try {
      return realpath(current);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      // ENOTDIR: a parent is a file; the write itself will report that clearly.
      if (code !== 'ENOENT' && code !== 'ENOTDIR') throw err;
    }
    let link: string | null = null;
    try {
      link = fs.readlinkSync(current);
    } catch {
      // Not a symlink (or not there at all): the file will be created.
    }
    if (link === null) return path.join(realFolder(path.dirname(current)), path.basename(current));
    // Relative to the folder the link really sits in, not to the path it was reached by.
    current = path.resolve(realFolder(path.dirname(current)), link);
  }
  throw Object.assign(new Error('too many symbolic links'), { code: 'ELOOP' });
}

/** Realpath of a folder that may not exist yet: resolve the part that does. */
function realFolder(dir: string): string {
  try {
    return realpath(dir);
  } catch {
    const up = path.dirname(dir);
    return up === dir ? dir : path.join(realFolder(up), path.basename(dir));
  }
}
