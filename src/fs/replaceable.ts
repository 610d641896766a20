import fs from 'node:fs';
import path from 'node:path';
import { McpoError } from '../errors.js';
import { notRegularFile, writeError } from './errors.js';

const uid = (): number | undefined => process.getuid?.();

/** Whether we may give the temp file this owner: root may; others only their own uid and groups. */
export function canKeepOwner(st: fs.Stats): boolean {
  const me = uid();
  if (me === undefined || me === 0) return true;
  return (
    st.uid === me &&
    (st.gid === process.getgid?.() || (process.getgroups?.() ?? []).includes(st.gid))
  );
}

/** Whether the file grants us write permission (root: any write bit at all; 0444 means "leave me"). */
function writableByUs(st: fs.Stats): boolean {
  const me = uid();
  if (me === undefined) return (st.mode & 0o200) !== 0;
  if (me === 0) return (st.mode & 0o222) !== 0;
  if (st.uid === me) return (st.mode & 0o200) !== 0;
  const groups = [process.getgid?.(), ...(process.getgroups?.() ?? [])];
  return (st.mode & (groups.includes(st.gid) ? 0o020 : 0o002)) !== 0;
}

/**
 * Why an existing file (its fstat) must not be replaced, as an McpoError with the fix; else null.
 * - read-only: the user (or a tool) said "do not write"; we respect it rather than rename over;
 * - hard links: a rename would leave the other names on the old content, silently splitting
 *   the file; writing in place instead would lose atomicity, so we refuse and say so;
 * - another owner: the temp file must get the same uid/gid, which only root may give.
 */
export function refusalFor(file: string, st: fs.Stats): McpoError | null {
  if (!st.isFile()) return notRegularFile(file, st);
  if (!writableByUs(st)) {
    const mode = (st.mode & 0o777).toString(8).padStart(4, '0');
    const why = `${file} is read-only (mode ${mode}); mcpo does not replace a file that may not be written.`;
    return new McpoError('read-only-file', why, {
      hint: `make it writable (\`chmod u+w ${file}\`) if mcpo should edit it, or leave this target out`,
    });
  }
  if (st.nlink > 1) {
    const why = `${file} has ${st.nlink} hard links; replacing it would leave the other links on the old content.`;
    return new McpoError('hard-linked-file', why, {
      hint: 'replace the extra hard links by symbolic links (mcpo follows those), then run the command again',
    });
  }
  if (!canKeepOwner(st)) {
    const why = `${file} belongs to user ${st.uid} (group ${st.gid}); mcpo cannot replace it and keep that owner.`;
    return new McpoError('foreign-owner', why, {
      hint: 'run mcpo as the user who owns the file, or change its owner to you (`chown`)',
    });
  }
  return null;
}

/** Why a file cannot be created in `dir` (the nearest existing folder must be writable). */
export function folderRefusal(file: string, dir: string): McpoError | null {
  let existing = dir;
  while (!fs.existsSync(existing) && path.dirname(existing) !== existing)
    existing = path.dirname(existing);
  try {
    if (!fs.statSync(existing).isDirectory())
      return writeError(file, Object.assign(new Error(), { code: 'ENOTDIR' }));
    fs.accessSync(existing, fs.constants.W_OK);
    return null;
  } catch (err) {
    return writeError(file, err);
  }
}
