/**
 * Cross-references that the schema cannot see: stacks and targets naming servers and stacks
 * that exist, client ids the registry knows, scopes the client has, no target twice.
 */
import type { Problem, TargetDef } from '../types.js';
import { formatLoc } from '../errors.js';
import type { MergedStack } from './merge.js';
import { suggestion } from './suggest.js';
import { own } from '../dict.js';
import { formatPath, locate, type SourceDoc, type YamlPath } from './yaml-locate.js';

export interface ReferenceOptions {
  /** When absent (`mcpo run`), client ids and scopes are not checked. */
  knownClients?: string[];
  clientScopes?: Record<string, string[]>;
}

export function checkReferences(
  merged: MergedStack,
  targets: TargetDef[],
  opts: ReferenceOptions,
  problems: Problem[],
): void {
  // Names are looked up in Sets: O(references) in all, where arrays made a 5000-server stack
  // targeted by every client cost targets x servers^2 (the list is read only for a message).
  const servers = Object.keys(merged.servers);
  const stacks = Object.keys(merged.stacks);
  const sets = new Map<string[], Set<string>>([
    [servers, new Set(servers)],
    [stacks, new Set(stacks)],
  ]);
  const knownClients = new Set(opts.knownClients ?? []);
  const unknown = (
    src: SourceDoc,
    path: YamlPath,
    list: unknown,
    kind: 'server' | 'stack',
    known: string[],
  ): void => {
    if (!Array.isArray(list)) return;
    list.forEach((name, i) => {
      if (typeof name !== 'string' || sets.get(known)!.has(name)) return;
      const at = [...path, i];
      problems.push({
        code: `unknown-${kind}`,
        message: `${formatPath(at)}: unknown ${kind} \`${name}\`${suggestion(name, known)}`,
        hint: known.length
          ? `defined ${kind}s: ${known.join(', ')}`
          : `define it under \`${kind}s:\``,
        loc: locate(src, at),
      });
    });
  };

  for (const { value, origin } of Object.values(merged.stacks)) {
    unknown(origin.src, [...origin.path, 'servers'], value.servers, 'server', servers);
  }

  const reportedClients = new Set<string>();
  const seenTargets = new Map<string, TargetDef>();
  merged.targets.forEach(({ client, value, origin }, i) => {
    const { src, path } = origin;
    const target = targets[i]!;
    unknown(src, [...path, 'stacks'], value.stacks, 'stack', stacks);
    unknown(src, [...path, 'servers'], value.servers, 'server', servers);
    const clientKey = ['clients', client];
    if (opts.knownClients && !knownClients.has(client)) {
      if (reportedClients.has(`${src.file}\0${client}`)) return;
      reportedClients.add(`${src.file}\0${client}`);
      problems.push({
        code: 'unknown-client',
        message: `clients: unknown client \`${client}\`${suggestion(client, opts.knownClients)}`,
        hint: `known clients: ${opts.knownClients.join(', ')}`,
        loc: locate(src, clientKey, { key: true }),
      });
      return;
    }
    const scopes = own(opts.clientScopes, client);
    if (scopes && !scopes.includes(target.scope)) {
      problems.push({
        code: 'unsupported-scope',
        message: `${formatPath(path)}: ${client} has no \`${target.scope}\` scope`,
        hint: `${client} scopes: ${scopes.join(', ')}`,
        loc:
          value.scope === undefined
            ? locate(src, path, { key: true })
            : locate(src, [...path, 'scope']),
      });
    }
    // Two targets for one client and scope would fight over the same file; an explicit,
    // different `path` makes them different files.
    const key = `${client}\0${target.scope}\0${target.path ?? ''}`;
    const first = seenTargets.get(key);
    // A target's source (set by buildTargets) is lazy: read only for a conflict, as finding it
    // may need the full yaml parse.
    if (first) {
      problems.push({
        code: 'duplicate-target',
        message: `${formatPath(path)}: ${client} (${target.scope} scope) is already configured at ${formatLoc(first.source!)}`,
        hint: 'merge the two targets into one, or give one another `scope`',
        loc: target.source!,
      });
    } else {
      seenTargets.set(key, target);
    }
  });
}
