/**
 * What `mcpo init` says about each built-in stack: its workflow stacks, their servers, the vars a
 * user may want to change and the secrets to store. Read from the shipped stacks/*.yaml so the
 * comments in a new stack file never drift from the built-ins themselves.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { McpoError } from '../errors.js';
import { builtinStackNames, repoRoot } from '../stack/sources.js';
import { suggestion } from '../stack/suggest.js';

export interface BuiltinStackInfo {
  /** File name without `.yaml`: what `include:` names. */
  name: string;
  /** Workflow stacks it defines, with their servers. */
  stacks: { name: string; description?: string; servers: string[] }[];
  /** Vars with their default values. */
  vars: Record<string, string>;
  /** `${secret:NAME}` references, each with the server that needs it. */
  secrets: { name: string; server: string }[];
}

/** Checks the names given to `--include` (commas allowed) against the shipped built-in stacks. */
export function resolveBuiltinNames(requested: string[]): string[] {
  const known = builtinStackNames();
  const names = [
    ...new Set(
      requested
        .flatMap((r) => r.split(','))
        .map((n) => n.trim())
        .filter(Boolean),
    ),
  ];
  for (const n of names) {
    if (!known.includes(n)) {
      throw new McpoError(
        'unknown-builtin-stack',
        `There is no built-in stack \`${n}\`${suggestion(n, known)}.`,
        {
          hint: `built-in stacks: ${known.join(', ')}`,
        },
      );
    }
  }
  return names;
}

export function readBuiltinStack(name: string): BuiltinStackInfo {
  const data = parse(readFileSync(join(repoRoot(), 'stacks', `${name}.yaml`), 'utf8')) as {
    vars?: Record<string, string>;
    servers?: Record<
      string,
      { env?: Record<string, string>; args?: string[]; headers?: Record<string, string> }
    >;
    stacks?: Record<string, { description?: string; servers?: string[] }>;
  };
  const secrets: BuiltinStackInfo['secrets'] = [];
  for (const [server, spec] of Object.entries(data.servers ?? {})) {
    const text = JSON.stringify([spec.args, spec.env, spec.headers]);
    for (const m of text.matchAll(/\$\{secret:([^}]+)\}/g)) secrets.push({ name: m[1]!, server });
  }
  return {
    name,
    stacks: Object.entries(data.stacks ?? {}).map(([n, s]) => ({
      name: n,
      ...(s.description ? { description: s.description } : {}),
      servers: s.servers ?? [],
    })),
    vars: data.vars ?? {},
    secrets,
  };
}
