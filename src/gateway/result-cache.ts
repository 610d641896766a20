/**
 * Tool results kept per `cache: { ttl, tools? }`: keyed by server, tool and arguments (in a
 * canonical order), for the ttl, at most MAX entries (the least recently used go first).
 * Error results are never kept: a retry must reach the server.
 */
const MAX_ENTRIES = 1000;

/** JSON with object keys sorted, so `{a,b}` and `{b,a}` are one key. */
export function canonicalJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`;
  if (v && typeof v === 'object') {
    const keys = Object.keys(v).sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson((v as Record<string, unknown>)[k])}`).join(',')}}`;
  }
  return JSON.stringify(v) ?? 'null';
}

export class ResultCache {
  private readonly entries = new Map<string, { until: number; value: unknown }>();
  hits = 0;
  misses = 0;

  constructor(
    private readonly max = MAX_ENTRIES,
    private readonly now: () => number = Date.now,
  ) {}

  static key(server: string, tool: string, args: unknown): string {
    return `${server}\0${tool}\0${canonicalJson(args ?? {})}`;
  }

  get(key: string): unknown {
    const e = this.entries.get(key);
    if (!e || e.until <= this.now()) {
      if (e) this.entries.delete(key);
      this.misses++;
      return undefined;
    }
    // Re-insert: Map order is the recency order.
    this.entries.delete(key);
    this.entries.set(key, e);
    this.hits++;
    return e.value;
  }

  set(key: string, value: unknown, ttlMs: number): void {
    if ((value as { isError?: unknown })?.isError) return;
    this.entries.delete(key);
    this.entries.set(key, { until: this.now() + ttlMs, value });
    while (this.entries.size > this.max) this.entries.delete(this.entries.keys().next().value!);
  }

  get size(): number {
    return this.entries.size;
  }
}
