import { readTextFile, replaceFile } from '../fs/files.js';

export { resolveTarget } from '../fs/real-path.js';
export { writeError } from '../fs/errors.js';

/**
 * Writes a whole file through the one write path (src/fs/files.ts): a temp file in the same
 * folder, fsynced and renamed over, so a crash leaves either the old or the new content.
 * - A symlinked file stays a symlink: its real target is written (dotfile managers keep working).
 * - Missing parent folders are created (default mode: they are the user's app folders).
 * - The existing file's mode and owner are kept; a new file gets the umask default.
 *   `mode` forces a mode, for files that must stay private.
 */
export async function writeFileSafely(
  file: string,
  text: string,
  opts: { mode?: number } = {},
): Promise<void> {
  await replaceFile(file, () => text, opts);
}

/**
 * The file's text, or null when it does not exist (a missing parent folder counts as missing).
 * Through the one read path: regular files only, bounded, strict UTF-8.
 */
export function readFileIfExists(file: string): string | null {
  return readTextFile(file);
}
