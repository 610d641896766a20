import fs from 'node:fs';
import path from 'node:path';
import { McpoError } from '../errors.js';

const MAX_LINK_HOPS = 40;

/**
 * Writes a client config file so that a crash leaves either the old or the new content:
 * write-file-atomic writes a temp file in the same folder, fsyncs it and renames it over.
 * - A symlinked config stays a symlink: we resolve the link (even a dangling one) and write
 *   its target, so dotfile managers (stow, chezmoi, home-manager) keep working.
 * - Missing parent folders are created (default mode: they are the user's app folders).
 * - The existing file's mode (and owner) is kept; a new file gets the umask default
 *   (0644 usually). `mode` forces a mode, for files that must stay private.
 */
export async function writeFileSafely(file: string, text: string, opts: { mode?: number } = {}): Promise<void> {
  try {
    const target = resolveTarget(file);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    // Loaded on first write: it is not needed by `mcpo plan`, and it costs start-up time.
    const { default: writeFileAtomic } = await import('write-file-atomic');
    await writeFileAtomic(target, text, opts.mode === undefined ? {} : { mode: opts.mode });
  } catch (err) {
    // Only file-system errors (with an errno code) are the user's to fix; anything else is a bug.
    if (!(err as NodeJS.ErrnoException | undefined)?.code) throw err;
    throw writeError(file, err);
  }
}

/** The file's text, or null when it does not exist (a missing parent folder counts as missing). */
export function readFileIfExists(file: string): string | null {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return null;
    throw new McpoError('read-failed', `Cannot read ${file}: ${describe(code)}.`, {
      hint: 'check the file permissions or set `path:` for this target',
    });
  }
}

/**
 * The real path a write to `file` lands on: symlinks followed, including a dangling final
 * link (write-file-atomic would replace that with a regular file) and links in parent folders.
 */
export function resolveTarget(file: string): string {
  let current = path.resolve(file);
  for (let hop = 0; hop < MAX_LINK_HOPS; hop++) {
    try {
      return fs.realpathSync(current);
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
    current = path.resolve(path.dirname(current), link);
  }
  throw Object.assign(new Error('too many symbolic links'), { code: 'ELOOP' });
}

/** Realpath of a folder that may not exist yet: resolve the part that does. */
function realFolder(dir: string): string {
  try {
    return fs.realpathSync(dir);
  } catch {
    const up = path.dirname(dir);
    return up === dir ? dir : path.join(realFolder(up), path.basename(dir));
  }
}

/** One clear sentence for a failed write; never a stack trace. */
export function writeError(
  file: string,
  err: unknown,
  hint = 'check the folder permissions or set `path:` for this target',
): McpoError {
  if (err instanceof McpoError) return err;
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  return new McpoError('write-failed', `Cannot write ${file}: ${describe(code)}.`, { hint });
}

function describe(code: string | undefined): string {
  switch (code) {
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'ENOTDIR':
    case 'EEXIST':
      // mkdir -p through a regular file fails with either, depending on the position.
      return 'a part of its path is a file, not a folder';
    case 'EISDIR':
      return 'it is a folder';
    case 'EROFS':
      return 'the file system is read-only';
    case 'ENOSPC':
      return 'the disk is full';
    case 'ELOOP':
      return 'too many symbolic links';
    default:
      return code ? `error ${code}` : 'unknown error';
  }
}
