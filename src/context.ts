import { existsSync, readdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { sep } from 'node:path';
import type { PathContext } from './types.js';

/** `/home/me/.cursor/mcp.json` -> `~/.cursor/mcp.json`, for messages and comments. */
export function tildePath(path: string, home: string): string {
  return home && (path === home || path.startsWith(home + sep))
    ? `~${path.slice(home.length)}`
    : path;
}

/** The real machine's path context: paths come from the environment and the platform only. */
export function realPathContext(
  env: Record<string, string | undefined>,
  projectDir: string,
): PathContext {
  const platform = process.platform;
  const home = (platform === 'win32' ? env.USERPROFILE : env.HOME) || homedir();
  return {
    platform,
    env,
    home,
    projectDir,
    exists: (p) => existsSync(p),
    readdir: (p) => {
      try {
        return readdirSync(p);
      } catch {
        return [];
      }
    },
  };
}
