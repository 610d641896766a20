/**
 * The lock as `mcpo plan` uses it: read it next to the stack file, check it still answers the
 * stack (a stack change not reflected in the lock is a plan error), and give the stack with each
 * package pinned (`pkg` -> `pkg@1.2.3`). Cheap: no network, no server started, no hashing.
 */
import { basename, dirname, join } from 'node:path';
import type { Problem, ServerSpec, Stack } from '../types.js';
import { readTextFile } from '../fs/files.js';
import { parseLock } from './format.js';
import { pinnedSpec, sourceOf } from './packages.js';
import type { LockFile } from './types.js';

/** `mcp.stack.yaml` -> `mcp.stack.lock`, in the same folder. */
export function lockPathOf(stackFile: string): string {
  return join(dirname(stackFile), `${basename(stackFile).replace(/\.ya?ml$/i, '')}.lock`);
}

/** The stack's lock, or null when it has none. Throws `bad-lock` when it does not parse. */
export function readLock(stackFile: string): LockFile | null {
  const path = lockPathOf(stackFile);
  const text = readTextFile(path);
  return text === null ? null : parseLock(text, path);
}

/** One sentence per server whose lock entry no longer answers the stack (sorted by server). */
export function staleEntries(stack: Stack, lock: LockFile): { server: string; why: string }[] {
  const out: { server: string; why: string }[] = [];
  const names = new Set([...Object.keys(stack.servers), ...Object.keys(lock.servers)]);
  for (const name of [...names].sort()) {
    const spec = Object.hasOwn(stack.servers, name) ? stack.servers[name] : undefined;
    const entry = Object.hasOwn(lock.servers, name) ? lock.servers[name] : undefined;
    if (!entry) out.push({ server: name, why: 'is not in the lock' });
    else if (!spec) out.push({ server: name, why: 'is in the lock but no longer in the stack' });
    else if (entry.source !== sourceOf(spec)) {
      const why = `runs \`${sourceOf(spec)}\` in the stack but \`${entry.source}\` in the lock`;
      out.push({ server: name, why });
    }
  }
  return out;
}

export interface LockedStack {
  stack: Stack;
  /** Stale entries as plan errors; empty when there is no lock. */
  problems: Problem[];
  lock: LockFile | null;
}

/**
 * The stack with every locked package pinned. Without a lock, the stack as it is. A stale
 * server keeps its declared command (plan refuses anyway, naming the fix).
 */
export function withLock(stack: Stack): LockedStack {
  const lock = readLock(stack.file);
  if (!lock) return { stack, problems: [], lock };
  const file = lockPathOf(stack.file);
  const stale = staleEntries(stack, lock);
  const problems: Problem[] = stale.map(({ server, why }) => {
    const src = Object.hasOwn(stack.servers, server) ? stack.servers[server]!.source : undefined;
    return {
      code: 'lock-stale',
      message: `Server ${server} ${why} (${file}).`,
      hint: 'run `mcpo lock` to bring the lock up to date, review it, and commit it with the stack',
      ...(src ? { loc: src } : {}),
    };
  });
  const staleNames = new Set(stale.map((s) => s.server));
  const servers: Record<string, ServerSpec> = {};
  for (const [name, spec] of Object.entries(stack.servers)) {
    const pin = staleNames.has(name) ? undefined : lock.servers[name]?.pin;
    servers[name] = pin ? pinnedSpec(spec, pin) : spec;
  }
  // A copy that keeps the stack's lazy `hash` getter (spreading would compute it).
  const locked = Object.defineProperties({}, Object.getOwnPropertyDescriptors(stack)) as Stack;
  locked.servers = servers;
  return { stack: locked, problems, lock };
}
