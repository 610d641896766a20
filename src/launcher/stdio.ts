/**
 * `mcpo run` for a stdio server: start the real command with the secrets in its environment and
 * get out of the way. stdio is inherited (the client talks to the server byte for byte), signals
 * are forwarded, and the child's exit code (or signal) becomes ours.
 */
import { spawn } from 'node:child_process';
import { constants } from 'node:os';
import type { ServerSpec } from '../types.js';
import { McpoError } from '../errors.js';

const FORWARDED: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];

/**
 * @param spec the server with secret values substituted (never put in a message)
 * @param display the server as declared (tokens, not values), for error messages
 */
export function runStdioServer(
  spec: ServerSpec,
  display: ServerSpec,
  env: NodeJS.ProcessEnv,
): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(spec.command!, spec.args ?? [], {
      stdio: 'inherit',
      env: { ...env, ...spec.env },
      ...(spec.cwd ? { cwd: spec.cwd } : {}),
    });
    const forward = (sig: NodeJS.Signals) => void child.kill(sig);
    for (const sig of FORWARDED) process.on(sig, forward);
    const done = () => FORWARDED.forEach((sig) => process.off(sig, forward));
    child.once('error', (e: NodeJS.ErrnoException) => {
      done();
      reject(
        new McpoError(
          'launch-failed',
          `Cannot start server ${display.name}: \`${display.command}\` ${e.code === 'ENOENT' ? 'was not found' : `failed (${e.code ?? 'unknown error'})`}.`,
          {
            hint: 'check its `command` (and PATH) in the stack file',
          },
        ),
      );
    });
    child.once('exit', (code, signal) => {
      done();
      if (signal) {
        // Die of the same signal, so our parent sees what it would have seen without mcpo.
        process.kill(process.pid, signal);
        resolve(128 + (constants.signals[signal] ?? 0));
      } else resolve(code ?? 1);
    });
  });
}
