// Runs the built CLI without blocking the event loop, for tests whose servers live in the test
// process itself (an HTTP server on loopback cannot answer while spawnSync waits).
import { execFile } from 'node:child_process';
import { MCPO_CLI, type RunResult } from './tmp-home.js';

export function runMcpoAsync(
  args: string[],
  opts: { env: NodeJS.ProcessEnv; cwd: string; timeoutMs?: number },
): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      process.execPath,
      [MCPO_CLI, ...args],
      { cwd: opts.cwd, env: opts.env, timeout: opts.timeoutMs ?? 120_000, maxBuffer: 64 << 20 },
      (err, stdout, stderr) => {
        const code = err
          ? typeof (err as { code?: unknown }).code === 'number'
            ? (err as { code: number }).code
            : -1
          : 0;
        if (err && code === -1 && !stdout && !stderr) reject(err);
        else resolve({ code, stdout, stderr });
      },
    );
    child.stdin?.end();
  });
}
