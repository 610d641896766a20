/** The server keys only the gateway reads (`cache`, `shared`, `idle_timeout`), schema-checked already. */
import type { ServerSpec } from '../types.js';
import { isObject, type RawObject } from './merge.js';

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** A schema `duration` in ms: a number is seconds, text has a unit (`10m`); undefined otherwise. */
export function durationMs(v: unknown): number | undefined {
  if (typeof v === 'number') return v > 0 ? v * 1000 : undefined;
  if (typeof v !== 'string') return undefined;
  const m = /^([0-9]+(?:\.[0-9]+)?)(ms|s|m|h)$/.exec(v);
  return m ? Number(m[1]) * UNIT_MS[m[2]!]! : undefined;
}

export function gatewayFields(spec: ServerSpec, raw: RawObject): void {
  if (isObject(raw.cache)) {
    const ttlMs = durationMs(raw.cache.ttl);
    const tools = Array.isArray(raw.cache.tools)
      ? raw.cache.tools.filter((t): t is string => typeof t === 'string')
      : undefined;
    if (ttlMs !== undefined) spec.cache = { ttlMs, ...(tools ? { tools } : {}) };
  }
  if (typeof raw.shared === 'boolean') spec.shared = raw.shared;
  const idle = durationMs(raw.idle_timeout);
  if (idle !== undefined) spec.idleTimeoutMs = idle;
}
