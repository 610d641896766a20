/**
 * Which package a server runs, read off its command line (pure). The runners and their flags:
 * - npx (https://docs.npmjs.com/cli/commands/npx): `npx [-y] [--package=PKG | -p PKG] PKG|BIN args`;
 *   a spec is `name`, `name@version`, `name@range` or `name@tag`;
 * - uvx (https://docs.astral.sh/uv/guides/tools/): `uvx [--from SPEC] PKG[==VERSION | @VERSION]`;
 * - docker run (https://docs.docker.com/reference/cli/docker/container/run/): the first argument
 *   after the options is the image, `[host/]path[:tag][@digest]`.
 * Anything else (a local command, a git URL, a path) is not a package: the lock pins nothing.
 */
import { basename } from 'node:path';
import type { ServerSpec } from '../types.js';
import { keepSource } from '../stack/keep-source.js';
import type { PackageRef, Pin } from './types.js';

const NPX_VALUE_FLAGS = new Set([
  '-p',
  '--package',
  '-c',
  '--call',
  '--registry',
  '--cache',
  '--userconfig',
]);
const UVX_VALUE_FLAGS = new Set([
  '--from',
  '--with',
  '-w',
  '--with-editable',
  '--with-requirements',
  '--python',
  '-p',
  '--index',
  '--index-url',
  '-i',
  '--extra-index-url',
  '--default-index',
  '-f',
  '--find-links',
  '--directory',
  '--project',
  '--config-file',
  '--cache-dir',
  '--constraints',
  '-c',
  '--overrides',
  '--env-file',
  '--python-preference',
  '--resolution',
  '--prerelease',
  '--index-strategy',
  '--keyring-provider',
  '--refresh-package',
  '--upgrade-package',
  '--reinstall-package',
  '--exclude-newer',
  '--color',
]);
const DOCKER_VALUE_FLAGS = new Set([
  '-e',
  '--env',
  '--env-file',
  '-v',
  '--volume',
  '--mount',
  '--name',
  '-p',
  '--publish',
  '--network',
  '--net',
  '-w',
  '--workdir',
  '--entrypoint',
  '-u',
  '--user',
  '--platform',
  '-l',
  '--label',
  '-h',
  '--hostname',
  '--add-host',
  '--cpus',
  '-m',
  '--memory',
  '--pull',
  '--restart',
  '--log-driver',
  '--dns',
  '--cap-add',
  '--cap-drop',
  '--device',
  '--group-add',
  '--tmpfs',
  '--ulimit',
  '--ipc',
  '--security-opt',
  '--stop-signal',
  '--label-file',
  '--runtime',
  '--shm-size',
  '--pid',
  '-a',
  '--attach',
]);

/** The package a stdio server runs, or null (not a package runner, or not a registry package). */
export function packageOf(spec: ServerSpec): PackageRef | null {
  if (spec.transport !== 'stdio' || !spec.command) return null;
  const runner = basename(spec.command).replace(/\.(cmd|exe)$/i, '');
  const args = spec.args ?? [];
  if (runner === 'npx') return npmRef(args);
  if (runner === 'uvx') return pypiRef(args);
  if (runner === 'docker' && args[0] === 'run') return ociRef(args);
  return null;
}

/** The lock's source line for a server: its package as written, `command` or `remote`. */
export function sourceOf(spec: ServerSpec): string {
  const ref = packageOf(spec);
  if (ref) return `${ref.type} ${ref.arg}`;
  return spec.transport === 'stdio' ? 'command' : 'remote';
}

/** The server with its package argument replaced by the pinned one (`pkg@1.2.3`, `img@sha256:…`). */
export function pinnedSpec(spec: ServerSpec, pin: Pin): ServerSpec {
  const ref = packageOf(spec);
  if (!ref) return spec;
  const args = [...spec.args!];
  args[ref.index] = ref.prefix + pinnedArg(ref, pin);
  return keepSource({ ...spec, args }, spec);
}

function pinnedArg(ref: PackageRef, pin: Pin): string {
  if (ref.type === 'npm') return `${ref.name}@${pin.version}`;
  if (ref.type === 'pypi') return `${ref.name}${ref.extras}==${pin.version}`;
  return `${ref.name}${ref.tag ? `:${ref.tag}` : ''}@${pin.integrity}`;
}

/** The first positional argument after the runner's options, and its index. */
function firstPositional(args: string[], from: number, valueFlags: Set<string>): number {
  for (let i = from; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--') return i + 1 < args.length ? i + 1 : -1;
    if (!a.startsWith('-') || a === '-') return i;
    if (!a.includes('=') && valueFlags.has(a)) i++;
  }
  return -1;
}

/** `--flag VALUE` or `--flag=VALUE` before the first positional: its value's index and prefix. */
function flagValue(
  args: string[],
  end: number,
  names: string[],
): { index: number; prefix: string } | null {
  for (let i = 0; i < end; i++) {
    const a = args[i]!;
    if (names.includes(a) && i + 1 < args.length) return { index: i + 1, prefix: '' };
    const eq = names.find((n) => a.startsWith(`${n}=`));
    if (eq) return { index: i, prefix: `${eq}=` };
  }
  return null;
}

function npmRef(args: string[]): PackageRef | null {
  const pos = firstPositional(args, 0, NPX_VALUE_FLAGS);
  const flag = flagValue(args, pos < 0 ? args.length : pos, ['--package', '-p']);
  const index = flag?.index ?? pos;
  if (index < 0) return null;
  const prefix = flag?.prefix ?? '';
  const arg = args[index]!.slice(prefix.length);
  // Registry names only: a scope, then a name; git URLs, paths and aliases pin nothing.
  const m = /^((?:@[a-z0-9][\w.-]*\/)?[a-z0-9][\w.-]*)(?:@([^\s@/:]*))?$/i.exec(arg);
  if (!m) return null;
  const wanted = m[2] ?? '';
  return {
    type: 'npm',
    name: m[1]!,
    wanted,
    arg: args[index]!,
    index,
    prefix,
    extras: '',
    tag: '',
  };
}

function pypiRef(args: string[]): PackageRef | null {
  const pos = firstPositional(args, 0, UVX_VALUE_FLAGS);
  const flag = flagValue(args, pos < 0 ? args.length : pos, ['--from']);
  const index = flag?.index ?? pos;
  if (index < 0) return null;
  const prefix = flag?.prefix ?? '';
  const arg = args[index]!.slice(prefix.length);
  const m =
    /^([a-z0-9](?:[\w.-]*[a-z0-9])?)(\[[\w,.-]+\])?(?:(==|@)([\w.!+-]+)|([<>=!~].*))?$/i.exec(arg);
  if (!m) return null;
  const wanted = m[4] ?? m[5] ?? '';
  return {
    type: 'pypi',
    name: m[1]!,
    wanted,
    arg: args[index]!,
    index,
    prefix,
    extras: m[2] ?? '',
    tag: '',
  };
}

/** `[host[:port]/]path[:tag][@sha256:digest]` (docker's reference grammar, lower-case path). */
const IMAGE =
  /^([a-z0-9][\w.-]*(?::\d+)?(?:\/[a-z0-9][\w.-]*)*?)(?::(\w[\w.-]{0,127}))?(?:@(sha256:[a-f0-9]{64}))?$/;

function ociRef(args: string[]): PackageRef | null {
  const index = firstPositional(args, 1, DOCKER_VALUE_FLAGS);
  if (index < 0) return null;
  const arg = args[index]!;
  const m = IMAGE.exec(arg);
  if (!m) return null;
  const tag = m[2] ?? '';
  return { type: 'oci', name: m[1]!, wanted: m[3] ?? tag, arg, index, prefix: '', extras: '', tag };
}
