/**
 * What can be checked before starting a server: its command and the runner behind it are on
 * PATH (and not only through a shell's version manager), and every secret it references has a
 * value. Cheap and synchronous.
 */
import type { ServerSpec } from '../types.js';
import type { SecretLookup } from '../secrets/resolve.js';
import { secretEnvVar } from '../secrets/resolve.js';
import { secretNamesIn } from '../secrets/tokens.js';
import {
  commandsOnPath,
  findOnPath,
  resolveCommand,
  type ResolveEnv,
} from '../platform/resolve-command.js';
import { didYouMean } from '../stack/suggest.js';
import { runnerFor } from './runners.js';
import type { Failure } from './report.js';

export interface Precheck {
  /** The absolute path to start (stdio). */
  command?: string;
  warnings: string[];
  failure?: Failure;
}

export function precheck(spec: ServerSpec, secrets: SecretLookup, r: ResolveEnv): Precheck {
  const warnings: string[] = [];
  const missing = [...secretNamesIn(spec)].filter((n) => secrets(n) === undefined).sort();
  if (missing.length) {
    const list = missing.join(', ');
    return {
      warnings,
      failure: {
        kind: 'secret-missing',
        message: `Secret${missing.length > 1 ? 's' : ''} ${list} ha${missing.length > 1 ? 've' : 's'} no value.`,
        fix: `run \`mcpo secret set ${missing[0]}\` (or export ${secretEnvVar(missing[0]!)})`,
      },
    };
  }
  if (spec.transport !== 'stdio') return { warnings };
  const command = spec.command ?? '';
  const runner = runnerFor(command);
  const resolved = resolveCommand(command, r);
  if (!resolved) {
    if (runner) {
      return {
        warnings,
        failure: {
          kind: 'runner-missing',
          message: `${runner.name} is not on PATH.`,
          fix: runner.runner.install,
        },
      };
    }
    return {
      warnings,
      failure: {
        kind: 'command-not-found',
        message: `Command ${command} is not on PATH.`,
        fix: notFoundFix(command, r),
      },
    };
  }
  for (const need of runner?.runner.needs ?? []) {
    if (!findOnPath(need, r) && !besideRunner(resolved.absolute, need, r)) {
      return {
        warnings,
        failure: {
          kind: 'runner-missing',
          message: `${runner!.name} needs ${need}, which is not on PATH.`,
          fix: runner!.runner.install,
        },
      };
    }
  }
  if (resolved.manager) {
    const real = resolved.unresolvedShim
      ? ` (a shim; its real binary could not be determined)`
      : '';
    warnings.push(
      `${command} resolves through ${resolved.manager} (${resolved.found}), which GUI clients such as Claude Desktop do not see: use the absolute path ${resolved.absolute}${real}, or set \`absolute_commands: true\` on the target` +
        (runner?.runner.needs.length
          ? `; ${runner.name} also needs ${runner.runner.needs.join(', ')} from the same folder on the client's PATH`
          : ''),
    );
  }
  return { command: resolved.found, warnings };
}

/** A bare name close to one on PATH is most often a typo (`npxx`); a path is not guessed at. */
function notFoundFix(command: string, r: ResolveEnv): string {
  const close = /[\\/]/.test(command) ? undefined : didYouMean(command, commandsOnPath(r));
  const fix = "install it, or write its absolute path in the server's command";
  return close ? `did you mean \`${close}\`? Otherwise ${fix}` : fix;
}

/** `node` next to an absolute `npx` counts: the runner's own folder. */
function besideRunner(runnerPath: string, need: string, r: ResolveEnv): boolean {
  const dir = runnerPath.replace(/[\\/][^\\/]+$/, '');
  return findOnPath(`${dir}/${need}`, r) !== null;
}
