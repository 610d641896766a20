/**
 * Merges the contributing files (already in order) into one raw model that remembers where
 * each item came from. Later vars win; a server defined twice needs `override: true`;
 * targets are appended. Works on schema-invalid data too (keeps what has the right shape),
 * so reference problems are still found in the same run.
 */
import type { Problem } from '../types.js';
import { formatLoc } from '../errors.js';
import { dict } from '../dict.js';
import { locate, type SourceDoc, type YamlPath } from './yaml-locate.js';

export interface Origin {
  src: SourceDoc;
  path: YamlPath;
}

export interface Entry<T> {
  value: T;
  origin: Origin;
}

export type RawObject = Record<string, unknown>;

export interface MergedStack {
  vars: Record<string, Entry<string>>;
  servers: Record<string, Entry<RawObject>>;
  stacks: Record<string, Entry<RawObject>>;
  targets: (Entry<RawObject> & { client: string })[];
  secretsNamespace?: string;
}

export function isObject(v: unknown): v is RawObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function mergeSources(sources: SourceDoc[], problems: Problem[]): MergedStack {
  const merged: MergedStack = { vars: dict(), servers: dict(), stacks: dict(), targets: [] };
  for (const src of sources) {
    const data = src.data;
    if (!isObject(data)) continue;
    for (const [name, value] of entries(data.vars)) {
      if (typeof value === 'string')
        merged.vars[name] = { value, origin: { src, path: ['vars', name] } };
    }
    mergeNamed(merged.servers, 'servers', data.servers, src, problems, {
      code: 'duplicate-server',
      canOverride: true,
      hint: 'add `override: true` to replace the earlier definition, or rename this server',
    });
    mergeNamed(merged.stacks, 'stacks', data.stacks, src, problems, {
      code: 'duplicate-stack',
      canOverride: false,
      hint: 'give this stack another name',
    });
    for (const [client, value] of entries(data.clients)) {
      const list: [unknown, YamlPath][] = Array.isArray(value)
        ? value.map((t, i): [unknown, YamlPath] => [t, ['clients', client, i]])
        : [[value, ['clients', client]]];
      for (const [t, path] of list) {
        if (isObject(t)) merged.targets.push({ client, value: t, origin: { src, path } });
      }
    }
    if (typeof data.secrets_namespace === 'string')
      merged.secretsNamespace = data.secrets_namespace;
  }
  return merged;
}

/** Adds named definitions; a name defined before is a problem unless the new one may override it. */
function mergeNamed(
  into: Record<string, Entry<RawObject>>,
  section: 'servers' | 'stacks',
  defs: unknown,
  src: SourceDoc,
  problems: Problem[],
  rule: { code: string; canOverride: boolean; hint: string },
): void {
  for (const [name, value] of entries(defs)) {
    if (!isObject(value)) continue;
    const origin = { src, path: [section, name] };
    const earlier = into[name];
    if (earlier && !(rule.canOverride && value.override === true)) {
      problems.push({
        code: rule.code,
        message: `${section}.${name}: already defined at ${formatLoc(locate(earlier.origin.src, earlier.origin.path, { key: true }))}`,
        hint: rule.hint,
        loc: locate(src, origin.path, { key: true }),
      });
      continue;
    }
    into[name] = { value, origin };
  }
}

function entries(v: unknown): [string, unknown][] {
  return isObject(v) ? Object.entries(v) : [];
}
