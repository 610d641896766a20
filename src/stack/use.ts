/**
 * `use:`: the active workflow stacks (written by `mcpo use` into mcp.stack.local.yaml).
 * Later files win: `use.stacks` is replaced as a whole, `use.clients` per client id.
 */
import type { Problem, Stack, UseChoice } from '../types.js';
import { isObject, type MergedStack } from './merge.js';
import { suggestion } from './suggest.js';
import { dict, own } from '../dict.js';
import { formatPath, locate, type SourceDoc, type YamlPath } from './yaml-locate.js';

/** Merges `use:` of every source and reports unknown stacks and clients, each with its location. */
export function buildUse(
  sources: SourceDoc[],
  merged: MergedStack,
  knownClients: string[] | undefined,
  problems: Problem[],
): UseChoice | undefined {
  let choice: UseChoice | undefined;
  const stacks = Object.keys(merged.stacks);
  const checkStacks = (src: SourceDoc, path: YamlPath, list: string[]): void =>
    list.forEach((name, i) => {
      if (stacks.includes(name)) return;
      problems.push({
        code: 'unknown-stack',
        message: `${formatPath([...path, i])}: unknown stack \`${name}\`${suggestion(name, stacks)}`,
        hint: stacks.length ? `defined stacks: ${stacks.join(', ')}` : 'define it under `stacks:`',
        loc: locate(src, [...path, i]),
      });
    });
  for (const src of sources) {
    const use = isObject(src.data) ? src.data.use : undefined;
    if (!isObject(use)) continue;
    choice ??= { clients: dict() };
    if (Array.isArray(use.stacks)) {
      choice.stacks = strings(use.stacks);
      checkStacks(src, ['use', 'stacks'], choice.stacks);
    }
    for (const [client, value] of Object.entries(isObject(use.clients) ? use.clients : {})) {
      if (knownClients && !knownClients.includes(client)) {
        problems.push({
          code: 'unknown-client',
          message: `use.clients: unknown client \`${client}\`${suggestion(client, knownClients)}`,
          hint: `known clients: ${knownClients.join(', ')}`,
          loc: locate(src, ['use', 'clients', client], { key: true }),
        });
        continue;
      }
      if (value === 'all') choice.clients[client] = 'all';
      else if (Array.isArray(value)) {
        choice.clients[client] = strings(value);
        checkStacks(src, ['use', 'clients', client], strings(value));
      }
    }
  }
  return choice;
}

/**
 * Names of the servers that stay enabled for a client, or null when every server is active.
 * A server is active when one of the client's active stacks lists it.
 */
export function activeServers(stack: Stack, client: string): Set<string> | null {
  const use = stack.use;
  if (!use) return null;
  const chosen = own(use.clients, client) ?? use.stacks;
  if (chosen === undefined || chosen === 'all') return null;
  return new Set(chosen.flatMap((s) => own(stack.stacks, s)?.servers ?? []));
}

/** The active stacks of one client as said to the user: the names, or `all` (every server). */
export function activeStacksOf(stack: Stack, client: string): string[] | 'all' {
  const use = stack.use;
  return (use && (own(use.clients, client) ?? use.stacks)) ?? 'all';
}

/**
 * Targets that declare servers of which none is active: what a `mcpo use` that names only stacks
 * a target does not list leaves behind (every one of its servers drops out), one line each.
 */
export function targetsLeftEmpty(stack: Stack): string[] {
  const out: string[] = [];
  for (const t of stack.targets) {
    const active = activeServers(stack, t.client);
    const declared = [
      ...t.stacks.flatMap((s) => own(stack.stacks, s)?.servers ?? []),
      ...t.servers,
    ];
    if (active === null || !declared.length || declared.some((n) => active.has(n))) continue;
    const chosen = activeStacksOf(stack, t.client);
    const listed = t.stacks.length
      ? `it lists ${t.stacks.join(', ')}`
      : 'it lists no workflow stack';
    out.push(
      `${t.client} (${t.scope}) has no active server: none of its servers is in ${chosen === 'all' ? 'all' : chosen.join(', ')} (${listed})`,
    );
  }
  return out;
}

function strings(v: unknown[]): string[] {
  return v.filter((x): x is string => typeof x === 'string');
}
