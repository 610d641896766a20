/** Stacks and client targets of the merged stack, with defaults applied. */
import { dirname, resolve } from 'node:path';
import type { Problem, Scope, SecretDelivery, StackDef, TargetDef } from '../types.js';
import { expandHome, interpolateAt } from './interpolate.js';
import type { MergedStack } from './merge.js';
import { setSourceLazily } from './yaml-locate.js';
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
const DELIVERIES: SecretDelivery[] = ['inline', 'env', 'launcher'];

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
      secrets: DELIVERIES.find((d) => d === raw.secrets) ?? (scope === 'project' ? 'env' : 'inline'),
    };
    if (raw.absolute_commands === true) target.absoluteCommands = true;
    if (typeof raw.path === 'string') {
      // A config path may use vars and env but never a secret; relative to the defining file.
      const text = interpolateAt(raw.path, src, [...path, 'path'], { vars, env: opts.env, secrets: false }, problems);
      target.path = resolve(dirname(src.file), expandHome(text, opts.home));
    }
    setSourceLazily(target, src, path, { key: typeof path[path.length - 1] === 'string' });
    return target;
  });
}

function strings(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}
