/** Stacks and client targets of the merged stack, with defaults applied. */
import { statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { Problem, Scope, SecretDelivery, StackDef, TargetDef } from '../types.js';
import { expandHome, interpolateAt } from './interpolate.js';
import type { MergedStack } from './merge.js';
import { formatPath, locate, setSourceLazily, type YamlPath } from './yaml-locate.js';
import { dict } from '../dict.js';

export function buildStacks(merged: MergedStack): Record<string, StackDef> {
  const out = dict<StackDef>();
  for (const [name, { value: raw, origin }] of Object.entries(merged.stacks)) {
    const def: StackDef = { name, servers: strings(raw.servers) };
    if (typeof raw.description === 'string') def.description = raw.description;
    setSourceLazily(def, origin.src, origin.path, { key: true });
    out[name] = def;
  }
  return out;
}

const SCOPES: Scope[] = ['user', 'project', 'local'];
const DELIVERIES: SecretDelivery[] = ['inline', 'env', 'launcher', 'inputs'];

export function buildTargets(
  merged: MergedStack,
  vars: Record<string, string>,
  opts: { env: Record<string, string | undefined>; home: string },
  problems: Problem[],
): TargetDef[] {
  return merged.targets.map(({ client, value: raw, origin }) => {
    const { src, path } = origin;
    const scope = SCOPES.find((s) => s === raw.scope) ?? 'user';
    const target: TargetDef = {
      client,
      scope,
      stacks: strings(raw.stacks),
      servers: strings(raw.servers),
      prune: raw.prune === true,
      // A project file is usually shared (committed), so by default it gets references, not values.
      secrets:
        DELIVERIES.find((d) => d === raw.secrets) ?? (scope === 'project' ? 'env' : 'inline'),
    };
    if (raw.via === 'gateway') target.via = 'gateway';
    if (raw.absolute_commands === true) target.absoluteCommands = true;
    if (typeof raw.path === 'string') {
      // A config path may use vars and env but never a secret; relative to the defining file.
      const text = interpolateAt(
        raw.path,
        src,
        [...path, 'path'],
        { vars, env: opts.env, secrets: false },
        problems,
      );
      target.path = resolve(dirname(src.file), expandHome(text, opts.home));
      const folder = folderProblem(text, target.path, [...path, 'path']);
      if (folder) problems.push({ ...folder, loc: locate(src, [...path, 'path']) });
    }
    setSourceLazily(target, src, path, { key: typeof path[path.length - 1] === 'string' });
    return target;
  });
}

/**
 * `path:` names the config file itself. A trailing separator or an existing folder would have
 * apply write a file named like the folder (`sub/` became a file `sub`), or fail late.
 */
function folderProblem(text: string, abs: string, at: YamlPath): Omit<Problem, 'loc'> | undefined {
  const trailing = /[\\/]$/.test(text);
  if (!trailing && !isFolder(abs)) return undefined;
  return {
    code: 'path-is-folder',
    message: `${formatPath(at)}: \`${text}\` ${trailing ? 'ends with a path separator' : 'is a folder'}; it must name the client's config file`,
    hint: `name the file inside it, e.g. ${join(abs, 'mcp.json')}`,
  };
}

function isFolder(abs: string): boolean {
  try {
    return statSync(abs).isDirectory();
  } catch {
    return false;
  }
}

function strings(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}
