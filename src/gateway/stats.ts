/**
 * What `mcpo gateway status` shows per backend: calls, errors, cache hits, latency percentiles
 * (over the last LATENCY_WINDOW calls), starts and restarts, the last error (already masked).
 */
const LATENCY_WINDOW = 1000;

/** One backend of one running gateway, as its status file holds it. */
export interface BackendStatus {
  server: string;
  running: boolean;
  starts: number;
  restarts: number;
  calls: number;
  errors: number;
  cacheHits: number;
  p50Ms: number | null;
  p95Ms: number | null;
  lastError?: string;
}

/** The nearest-rank percentile `p` (0..100) of `xs`, or null when there are none. */
export function percentile(xs: readonly number[], p: number): number | null {
  if (!xs.length) return null;
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[
    Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))
  ]!;
}

export class CallStats {
  calls = 0;
  errors = 0;
  cacheHits = 0;
  lastError?: string;
  private latencies: number[] = [];
  private next = 0;

  record(ms: number, error?: string): void {
    this.calls++;
    if (error !== undefined) {
      this.errors++;
      this.lastError = error;
    }
    // A ring: memory stays bounded however long the gateway runs.
    if (this.latencies.length < LATENCY_WINDOW) this.latencies.push(ms);
    else this.latencies[this.next] = ms;
    this.next = (this.next + 1) % LATENCY_WINDOW;
  }

  summary(): Pick<
    BackendStatus,
    'calls' | 'errors' | 'cacheHits' | 'p50Ms' | 'p95Ms' | 'lastError'
  > {
    const { calls, errors, cacheHits, lastError } = this;
    return {
      calls,
      errors,
      cacheHits,
      p50Ms: percentile(this.latencies, 50),
      p95Ms: percentile(this.latencies, 95),
      ...(lastError ? { lastError } : {}),
    };
  }
}
