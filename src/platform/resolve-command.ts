/**
 * Finding a server's command the way a GUI client would have to: a PATH walk with statSync only
 * (no child process, so `mcpo plan` can use it for `absolute_commands`), plus recognising
 * version-manager folders (nvm, fnm, volta, asdf, pyenv, mise) that only a login shell puts on
 * PATH. Claude Desktop and other GUI clients start from the desktop session's PATH and miss them.
 */
import { readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { delimiter, join } from 'node:path';

export type VersionManager = 'nvm' | 'fnm' | 'volta' | 'asdf' | 'pyenv' | 'mise';

export interface ResolvedCommand {
  /** Where the PATH walk found the command. */
  found: string;
  /** The absolute path a GUI client should start: the real binary behind a shim where determinable. */
  absolute: string;
  /** Set when `found` lies in a version manager's folder. */
  manager?: VersionManager;
  /** A shim whose real binary could not be determined: `absolute` is the shim itself. */
  unresolvedShim?: boolean;
}

export interface ResolveEnv {
  env: Record<string, string | undefined>;
  platform: NodeJS.Platform;
  home: string;
}

/** PATH walk (PATHEXT on Windows). Returns null when the command is nowhere on PATH. */
export function findOnPath(command: string, r: ResolveEnv): string | null {
  const win = r.platform === 'win32';
  if (command.includes('/') || (win && command.includes('\\')))
    return isExecutable(command, win) ? command : null;
  const dirs = (r.env.PATH ?? r.env.Path ?? '').split(win ? ';' : delimiter).filter(Boolean);
  const exts = win
    ? ['', ...(r.env.PATHEXT ?? '.COM;.EXE;.BAT;.CMD').split(';').filter(Boolean)]
    : [''];
  for (const dir of dirs) {
    for (const ext of exts) {
      // Keep the folder's own separator (Windows accepts both; tests run Windows paths on Linux).
      const candidate = `${dir.replace(/[\\/]+$/, '')}${dir.includes('\\') ? '\\' : '/'}${command}${ext}`;
      if (isExecutable(candidate, win)) return candidate;
    }
  }
  return null;
}

function isExecutable(file: string, win: boolean): boolean {
  try {
    const st = statSync(file);
    return st.isFile() && (win || (st.mode & 0o111) !== 0);
  } catch {
    return false;
  }
}

/** PATH walk, then the version-manager analysis of what was found. */
export function resolveCommand(command: string, r: ResolveEnv): ResolvedCommand | null {
  const found = findOnPath(command, r);
  if (!found) return null;
  const p = found.replace(/\\/g, '/');
  const name = p.slice(p.lastIndexOf('/') + 1);
  if (/\/\.nvm\/versions\/node\/[^/]+\/bin\//.test(p))
    return { found, absolute: found, manager: 'nvm' };
  // fnm puts a per-shell symlink folder on PATH that disappears with the shell: follow it.
  if (/fnm_multishells\/|\/fnm\/node-versions\//.test(p))
    return { found, absolute: realOrSame(found), manager: 'fnm' };
  if (/\/\.volta\/bin\//.test(p))
    return fromShim(
      found,
      'volta',
      newestIn(join(r.home, '.volta', 'tools', 'image', 'node'), (v) => join(v, 'bin', name)),
    );
  if (/\/\.asdf\/shims\//.test(p)) return fromShim(found, 'asdf', asdfReal(name, r));
  if (/\/\.pyenv\/shims\//.test(p)) return fromShim(found, 'pyenv', pyenvReal(name, r));
  if (/\/mise\/shims\//.test(p)) return fromShim(found, 'mise', miseReal(name, r));
  if (/\/\.pyenv\/versions\/|\/\.asdf\/installs\/|\/mise\/installs\/|\/\.volta\/tools\//.test(p)) {
    const manager = (['pyenv', 'asdf', 'mise', 'volta'] as const).find((m) => p.includes(m))!;
    return { found, absolute: found, manager };
  }
  return { found, absolute: found };
}

function fromShim(found: string, manager: VersionManager, real: string | null): ResolvedCommand {
  return real
    ? { found, absolute: real, manager }
    : { found, absolute: found, manager, unresolvedShim: true };
}

function realOrSame(file: string): string {
  try {
    return realpathSync(file);
  } catch {
    return file;
  }
}

/** The candidate inside the newest version folder of `dir` that exists, or null. */
function newestIn(
  dir: string,
  candidate: (versionDir: string) => string,
  prefer?: string,
): string | null {
  let versions: string[];
  try {
    versions = readdirSync(dir).sort((a, b) => b.localeCompare(a, 'en', { numeric: true }));
  } catch {
    return null;
  }
  if (prefer && versions.includes(prefer))
    versions = [prefer, ...versions.filter((v) => v !== prefer)];
  for (const v of versions) {
    const c = candidate(join(dir, v));
    if (isExecutable(c, false)) return c;
  }
  return null;
}

/** `~/.tool-versions` names the version asdf picks outside a project. */
function asdfReal(name: string, r: ResolveEnv): string | null {
  const dataDir = r.env.ASDF_DATA_DIR ?? join(r.home, '.asdf');
  const pinned = toolVersions(join(r.home, '.tool-versions'));
  for (const plugin of safeList(join(dataDir, 'installs'))) {
    const real = newestIn(
      join(dataDir, 'installs', plugin),
      (v) => join(v, 'bin', name),
      pinned[plugin],
    );
    if (real) return real;
  }
  return null;
}

function pyenvReal(name: string, r: ResolveEnv): string | null {
  const root = r.env.PYENV_ROOT ?? join(r.home, '.pyenv');
  const pinned = r.env.PYENV_VERSION ?? firstLine(join(root, 'version'));
  return newestIn(join(root, 'versions'), (v) => join(v, 'bin', name), pinned ?? undefined);
}

function miseReal(name: string, r: ResolveEnv): string | null {
  const data =
    r.env.MISE_DATA_DIR ?? join(r.env.XDG_DATA_HOME ?? join(r.home, '.local', 'share'), 'mise');
  for (const tool of safeList(join(data, 'installs'))) {
    const real = newestIn(join(data, 'installs', tool), (v) => join(v, 'bin', name));
    if (real) return real;
  }
  return null;
}

function toolVersions(file: string): Record<string, string> {
  const out: Record<string, string> = {};
  const text = safeRead(file) ?? '';
  for (const line of text.split('\n')) {
    const [tool, version] = line.trim().split(/\s+/);
    if (tool && version && !tool.startsWith('#')) out[tool] = version;
  }
  return out;
}

function firstLine(file: string): string | null {
  return safeRead(file)?.split('\n')[0]?.trim() || null;
}

function safeRead(file: string): string | null {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return null;
  }
}

function safeList(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

/**
 * Names of the executables on PATH, for a did-you-mean on a typo'd command (`npxx` -> `npx`).
 * One readdir per PATH folder; only called once a command was not found.
 */
export function commandsOnPath(r: ResolveEnv): string[] {
  const win = r.platform === 'win32';
  const dirs = (r.env.PATH ?? r.env.Path ?? '').split(win ? ';' : delimiter).filter(Boolean);
  const names = new Set<string>();
  for (const dir of dirs) {
    let entries: string[] = [];
    try {
      entries = readdirSync(dir);
    } catch {
      continue; // a PATH folder that does not exist is common and harmless
    }
    for (const e of entries) names.add(win ? e.replace(/\.(exe|cmd|bat|com)$/i, '') : e);
  }
  return [...names];
}
