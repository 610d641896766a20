/**
 * One server rendered for a file that several targets share (`<project>/.mcp.json` for Claude
 * Code and Copilot CLI, ...): every target client reads the one entry written there, so each of
 * them renders the server, and the entry written is one that EVERY one of them reads as its own
 * rendering (compared through each adapter's `parse`). When no rendering is read alike by all,
 * the server is refused for that file with one sentence naming the file, server and clients.
 * A file with one target is the same path with a group of one.
 */
import type { Problem, ServerSpec } from '../types.js';
import type { LoadedTarget } from './target-input.js';
import type { Delivered } from './deliver.js';
import type { LauncherCommand } from '../delivery/launcher-mode.js';
import { renderForTarget } from './deliver.js';
import { withAbsoluteCommand } from './absolute.js';
import { activeServers } from '../stack/use.js';
import { keepSource } from '../stack/keep-source.js';
import { canonicalJson } from '../state/digest.js';
import { unsupportedProblem } from './problems.js';
import type { Stack } from '../types.js';

/** A target's rendering of a server: the entry (secret tokens in place), and how it was delivered. */
export interface Rendered {
  t: LoadedTarget;
  server: ServerSpec;
  d: Extract<Delivered, { render: unknown }>;
  entry: Record<string, unknown>;
}

export type SharedRender =
  | { kind: 'skip' }
  | { kind: 'problems'; problems: Problem[] }
  | { kind: 'ok'; chosen: Rendered; all: Rendered[] };

type One = { kind: 'skip' } | { kind: 'problem'; problem: Problem } | { kind: 'ok'; r: Rendered };

const SKIP = { kind: 'skip' } as const;

/**
 * The steps one target takes for one server: `use:` (inactive servers disabled where the client
 * has a flag, otherwise left out), absolute commands, the target's `secrets:` delivery, render.
 */
function renderOne(
  t: LoadedTarget,
  active: Set<string> | null,
  desired: ServerSpec,
  stack: Stack,
  launcher: LauncherCommand,
): One {
  const inactive = active !== null && !active.has(desired.name);
  const declared = inactive ? keepSource({ ...desired, disabled: true }, desired) : desired;
  if (inactive && !t.adapter.render(declared).ok && t.adapter.render(desired).ok) return SKIP;
  const abs = withAbsoluteCommand(declared, t.def);
  if ('problem' in abs) return { kind: 'problem', problem: abs.problem };
  const server = abs.server;
  const d = renderForTarget(server, t.def, t.adapter, stack.file, launcher);
  if ('problem' in d) return { kind: 'problem', problem: d.problem };
  if (!d.render.ok)
    return { kind: 'problem', problem: unsupportedProblem(d.render, t.adapter.id, server) };
  return { kind: 'ok', r: { t, server, d, entry: d.render.entry } };
}

/**
 * For one file: a function that renders a server for every target of the file and picks the
 * entry all of them read alike. Each target's active servers (`use:`) are computed once here.
 */
export function sharedRenderer(
  group: LoadedTarget[],
  stack: Stack,
  launcher: LauncherCommand,
): (desired: ServerSpec) => SharedRender {
  // A gateway entry stays whatever `mcpo use` chose: the gateway follows it without a restart.
  const actives = group.map((t) =>
    t.def?.via === 'gateway' ? null : activeServers(stack, t.adapter.id),
  );
  return (desired) => renderShared(group, actives, desired, stack, launcher);
}

function renderShared(
  group: LoadedTarget[],
  actives: (Set<string> | null)[],
  desired: ServerSpec,
  stack: Stack,
  launcher: LauncherCommand,
): SharedRender {
  if (group.length === 1) {
    // The usual file, read by one client: its rendering as it is (no lists to build per server).
    const one = renderOne(group[0]!, actives[0]!, desired, stack, launcher);
    if (one.kind === 'ok') return { kind: 'ok', chosen: one.r, all: [one.r] };
    return one.kind === 'skip' ? SKIP : { kind: 'problems', problems: [one.problem] };
  }
  const ones = group.map((t, i) => renderOne(t, actives[i]!, desired, stack, launcher));
  const problems = ones.flatMap((o) => (o.kind === 'problem' ? [o.problem] : []));
  if (problems.length) return { kind: 'problems', problems };
  const all = ones.flatMap((o) => (o.kind === 'ok' ? [o.r] : []));
  if (all.length === 0) return SKIP;
  if (all.length < group.length) {
    const why = 'some of them leave it out (`use:`), the others write it';
    return { kind: 'problems', problems: [disagree(group, desired, why)] };
  }
  if (all.length === 1) return { kind: 'ok', chosen: all[0]!, all };
  // In the order the targets are declared: the first rendering every reader accepts is written.
  const chosen = all.find((c) => all.every((o) => sameMeaning(o, c.entry)));
  if (chosen) return { kind: 'ok', chosen, all };
  return { kind: 'problems', problems: [disagree(group, desired, differences(all))] };
}

/** True when `o`'s client reads `entry` as it reads its own rendering (its `parse` of both is equal). */
function sameMeaning(o: Rendered, entry: Record<string, unknown>): boolean {
  if (entry === o.entry) return true;
  const view = (e: Record<string, unknown>) => canonicalJson(o.t.adapter.parse(o.server.name, e));
  return view(entry) === view(o.entry);
}

/** Which client reads which other client's entry differently, and in which fields. */
function differences(all: Rendered[]): string {
  const a = all[0]!;
  for (const o of all.slice(1)) {
    for (const [reader, entry, writer] of [
      [o, a.entry, a],
      [a, o.entry, o],
    ] as const) {
      if (sameMeaning(reader, entry)) continue;
      type Fields = Record<string, unknown>;
      const view = (e: Fields) =>
        reader.t.adapter.parse(reader.server.name, e) as unknown as Fields;
      const mine = view(reader.entry);
      const theirs = view(entry);
      const keys = [...new Set([...Object.keys(mine), ...Object.keys(theirs)])];
      const fields = keys.filter((k) => canonicalJson(mine[k]) !== canonicalJson(theirs[k]));
      return `${reader.t.adapter.id} would read the ${writer.t.adapter.id} entry with a different ${fields.join(', ')}`;
    }
  }
  return 'they need different entries';
}

function disagree(group: LoadedTarget[], server: ServerSpec, why: string): Problem {
  const clients = [...new Set(group.map((t) => t.adapter.id))].join(' and ');
  return {
    code: 'shared-file-conflict',
    message: `${group[0]!.path} is read by ${clients}, which cannot share one entry for server ${
      server.name
    }: ${why}.`,
    hint:
      `define ${server.name} so that every client reads it alike (clientOptions of one client ` +
      'are seen by the others), or move one of these targets to another scope',
    ...(server.source ? { loc: server.source } : {}),
  };
}
