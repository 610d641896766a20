/**
 * What `mcpo doctor` adds when the stack has a lock: while each server is connected, its lists
 * are compared with the lock's snapshot, and the differences are kept for the report.
 */
import type { Stack } from '../types.js';
import type { SecretLookup } from '../secrets/resolve.js';
import { Redactor } from '../secrets/redact.js';
import type { CheckOptions } from '../doctor/check-server.js';
import { readLock } from './read.js';
import { takeSnapshot } from './snapshot.js';
import { compareSnapshot, renderChanges, type ItemChange, type Paint } from './compare.js';
import { sortChanges } from './engine.js';

export interface LockWatch {
  inspect: NonNullable<CheckOptions['inspect']>;
  /** The differences found so far, sorted by server. */
  changes(): ItemChange[];
}

/** null when the stack has no lock file. */
export function watchLock(stack: Stack, secrets: SecretLookup): LockWatch | null {
  const lock = readLock(stack.file);
  if (!lock) return null;
  const redactor = new Redactor().add(stack.secretNames.map(secrets));
  const found: ItemChange[] = [];
  return {
    inspect: async (client, spec) => {
      const entry = Object.hasOwn(lock.servers, spec.name) ? lock.servers[spec.name] : undefined;
      if (!entry) return;
      found.push(...compareSnapshot(spec.name, entry.items, await takeSnapshot(client, redactor)));
    },
    changes: () => sortChanges(found),
  };
}

/** The section doctor prints under its server lines. */
export function renderLockChanges(changes: ItemChange[], paint: Paint): string {
  const who = [...new Set(changes.map((c) => c.server))].join(' ');
  return (
    `\nChanged since mcp.stack.lock (what the model is told):\n${renderChanges(changes, paint)}` +
    `Fix: review the changes; accept them with \`mcpo lock --update ${who}\`.\n`
  );
}
