/**
 * Merges the contributing files (already in order) into one raw model that remembers where
 * each item came from. Later vars win; a server defined twice needs `override: true`;
 * targets are appended. Works on schema-invalid data too (keeps what has the right shape),
 * so reference problems are still found in the same run.
 */
import type { Problem } from '../types.js';
import { formatLoc } from '../errors.js';
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
  const merged: MergedStack = { vars: {}, servers: {}, stacks: {}, targets: [] };
  for (const src of sources) {
    const data = src.data;
    if (!isObject(data)) continue;
    for (const [name, value] of entries(data.vars)) {
      if (typeof value === 'string') merged.vars[name] = { value, origin: { src, path: ['vars', name] } };
    }
    for (const [name, value] of entries(data.servers)) {
      if (!isObject(value)) continue;
      const origin = { src, path: ['servers', name] };
      const earlier = merged.servers[name];
      if (earlier && value.override !== true) {
        problems.push({
          code: 'duplicate-server',
          message: `servers.${name}: already defined at ${formatLoc(locate(earlier.origin.src, earlier.origin.path, { key: true }))}`,
          hint: 'add `override: true` to replace the earlier definition, or rename this server',
          loc: locate(src, origin.path, { key: true }),
        });
        continue;
      }
      merged.servers[name] = { value, origin };
    }
    for (const [name, value] of entries(data.stacks)) {
      if (!isObject(value)) continue;
      const origin = { src, path: ['stacks', name] };
      const earlier = merged.stacks[name];
      if (earlier) {
        problems.push({
          code: 'duplicate-stack',
          message: `stacks.${name}: already defined at ${formatLoc(locate(earlier.origin.src, earlier.origin.path, { key: true }))}`,
          hint: 'give this stack another name',
          loc: locate(src, origin.path, { key: true }),
        });
        continue;
      }
      merged.stacks[name] = { value, origin };
    }
    for (const [client, value] of entries(data.clients)) {
      const list: [unknown, YamlPath][] = Array.isArray(value)
        ? value.map((t, i): [unknown, YamlPath] => [t, ['clients', client, i]])
        : [[value, ['clients', client]]];
      for (const [t, path] of list) {
        if (isObject(t)) merged.targets.push({ client, value: t, origin: { src, path } });
      }
    }
    if (typeof data.secrets_namespace === 'string') merged.secretsNamespace = data.secrets_namespace;
  }
  return merged;
}

function entries(v: unknown): [string, unknown][] {
  return isObject(v) ? Object.entries(v) : [];
}
