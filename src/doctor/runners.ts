/**
 * Package runners that servers are commonly started with, what each needs besides itself, and
 * where to get it. `npx` and friends are scripts with `#!/usr/bin/env node`: the runner can be on
 * PATH while `node` is not, which fails in exactly the same way as a missing runner.
 */
export interface Runner {
  /** Programs that must also be on PATH. */
  needs: string[];
  /** What to install, for the fix sentence. */
  install: string;
}

const RUNNERS: Record<string, Runner> = {
  npx: { needs: ['node'], install: 'install Node.js (https://nodejs.org), which brings npx' },
  npm: { needs: ['node'], install: 'install Node.js (https://nodejs.org)' },
  node: { needs: [], install: 'install Node.js (https://nodejs.org)' },
  pnpm: { needs: ['node'], install: 'install pnpm (https://pnpm.io/installation)' },
  yarn: { needs: ['node'], install: 'install Yarn (https://yarnpkg.com)' },
  bunx: { needs: [], install: 'install Bun (https://bun.sh), which brings bunx' },
  bun: { needs: [], install: 'install Bun (https://bun.sh)' },
  deno: { needs: [], install: 'install Deno (https://deno.com)' },
  uvx: { needs: [], install: 'install uv (https://docs.astral.sh/uv/), which brings uvx' },
  uv: { needs: [], install: 'install uv (https://docs.astral.sh/uv/)' },
  pipx: { needs: [], install: 'install pipx (https://pipx.pypa.io)' },
  python: { needs: [], install: 'install Python (https://www.python.org)' },
  python3: { needs: [], install: 'install Python (https://www.python.org)' },
  docker: { needs: [], install: 'install Docker (https://docs.docker.com/get-docker/)' },
  podman: { needs: [], install: 'install Podman (https://podman.io)' },
};

/** The runner entry for a command name or path (`/usr/bin/npx` -> npx; `npx.cmd` -> npx). */
export function runnerFor(command: string): { name: string; runner: Runner } | undefined {
  const base = command
    .replace(/\\/g, '/')
    .split('/')
    .pop()!
    .replace(/\.(cmd|exe|bat)$/i, '');
  const runner = RUNNERS[base];
  return runner ? { name: base, runner } : undefined;
}
