/**
 * The gateway's core, without a transport: the active backends of one target, their merged
 * lists (from the list cache when it has them, so listing starts nothing), and the routing of
 * calls with the server's `timeout` enforced and its `cache` applied. src/gateway/serve.ts puts
 * it behind an SDK `Server`.
 */
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import type { ServerSpec } from '../types.js';
import { Backend, type BackendHooks } from './backend.js';
import { readOffer, writeOffer, type Offer } from './list-cache.js';
import { routeNames, type Routed } from './names.js';
import { ResultCache } from './result-cache.js';
import { CallStats, type BackendStatus } from './stats.js';
import { cacheable, describeFailure, resourceOwner, signalOnly, toolError } from './call-rules.js';

/** What the transport side passes with a call: the client's cancellation and progress. */
export interface CallContext {
  signal?: AbortSignal;
  onprogress?: (p: { progress: number; total?: number; message?: string }) => void;
}

/**
 * Where a session's backends come from: its own (the default), or the daemon's pool, which
 * gives every session the same process for a `shared: true` server.
 */
export interface BackendSource {
  acquire(spec: ServerSpec, hooks: BackendHooks, user: object): Backend;
  release(backend: Backend, user: object): void;
}

const OWN_BACKENDS: BackendSource = {
  acquire: (spec, hooks) => new Backend(spec, hooks),
  release: (b) => void b.stop(),
};

/** No `timeout` in the stack: the gateway still must not use the SDK's 60 s default. */
const NO_TIMEOUT_MS = 24 * 3_600_000;

export class Gateway {
  private backends = new Map<string, Backend>();
  private offers = new Map<string, Offer>();
  private learning = new Map<string, Promise<Offer | undefined>>();
  /** Servers whose lists were asked from the running server in this session (not the cache). */
  private live = new Set<string>();
  readonly results = new ResultCache();
  private stats = new Map<string, CallStats>();

  constructor(
    private readonly hooks: Omit<BackendHooks, 'onListChanged' | 'onStarted'> & {
      cacheDir: string;
      onListsChanged(): void;
      /** Masks the secret values resolved so far (src/secrets/redact.ts) in an error text. */
      redact(text: string): string;
      /** A call finished: the figures changed. */
      onActivity?(): void;
      source?: BackendSource;
    },
  ) {}

  /** Makes `servers` the active set: new ones added (not started), dropped ones stopped. */
  setServers(servers: ServerSpec[]): boolean {
    const next = new Map(servers.map((s) => [s.name, s]));
    let changed = false;
    for (const [name, b] of this.backends) {
      const s = next.get(name);
      if (s && JSON.stringify(s) === JSON.stringify(b.spec)) continue;
      this.source.release(b, this);
      this.backends.delete(name);
      this.offers.delete(name);
      this.live.delete(name);
      changed = true;
    }
    for (const s of servers) {
      if (this.backends.has(s.name)) continue;
      const onListChanged = (server: string) => void this.relearn(server);
      // A list from the cache file may be older than the server (an upgrade): check it once it runs.
      const onStarted = (server: string) => void (this.live.has(server) || this.relearn(server));
      this.backends.set(
        s.name,
        this.source.acquire(s, { ...this.hooks, onListChanged, onStarted }, this),
      );
      changed = true;
    }
    // Keep the stack's order: clash prefixes and list order follow it.
    this.backends = new Map(servers.map((s) => [s.name, this.backends.get(s.name)!]));
    return changed;
  }

  /** The upstream capabilities a backend's lists may depend on, as part of the cache key. */
  private variant(): string {
    return Object.keys(this.hooks.upstream?.()?.capabilities ?? {})
      .sort()
      .join(',');
  }

  /** The client's roots changed: every running backend is told. */
  rootsChanged(): void {
    for (const b of this.backends.values()) b.rootsChanged();
  }

  /** Each active backend's figures, for the status file. */
  status(): BackendStatus[] {
    return [...this.backends.values()].map((b) => ({
      server: b.spec.name,
      running: b.running,
      starts: b.starts,
      restarts: b.restarts,
      ...this.statsOf(b.spec.name).summary(),
      ...(b.lastError && !this.statsOf(b.spec.name).lastError
        ? { lastError: this.hooks.redact(b.lastError) }
        : {}),
    }));
  }

  private statsOf(server: string): CallStats {
    return this.stats.get(server) ?? this.stats.set(server, new CallStats()).get(server)!;
  }

  private get source(): BackendSource {
    return this.hooks.source ?? OWN_BACKENDS;
  }

  async stop(): Promise<void> {
    const all = [...this.backends.values()];
    this.backends.clear();
    if (this.hooks.source) for (const b of all) this.hooks.source.release(b, this);
    else await Promise.all(all.map((b) => b.stop()));
  }

  /** Each backend's lists: memory, then the cache file, then one start to learn them. */
  private async offersOf(): Promise<{ server: string; offer: Offer }[]> {
    const names = [...this.backends.keys()];
    const got = await Promise.all(names.map((n) => this.offer(n)));
    return names.flatMap((server, i) => (got[i] ? [{ server, offer: got[i]! }] : []));
  }

  private async offer(name: string): Promise<Offer | undefined> {
    const known = this.offers.get(name);
    if (known) return known;
    const b = this.backends.get(name)!;
    const cached = readOffer(this.hooks.cacheDir, b.spec, this.variant());
    if (cached) {
      this.offers.set(name, cached);
      return cached;
    }
    return this.relearn(name);
  }

  private relearn(name: string): Promise<Offer | undefined> {
    const b = this.backends.get(name);
    if (!b) return Promise.resolve(undefined);
    const pending = this.learning.get(name);
    if (pending) return pending;
    const p = b
      .fetchOffer()
      .then((offer) => {
        if (this.backends.get(name) !== b) return undefined;
        const before = this.offers.get(name);
        const changed = before !== undefined && JSON.stringify(before) !== JSON.stringify(offer);
        this.offers.set(name, offer);
        this.live.add(name);
        if (!before || changed) writeOffer(this.hooks.cacheDir, b.spec, this.variant(), offer);
        if (changed) this.hooks.onListsChanged();
        return offer;
      })
      // A server that cannot start offers nothing; its error shows when a tool is called.
      .catch(() => undefined)
      .finally(() => this.learning.delete(name));
    this.learning.set(name, p);
    return p;
  }

  private async routes(
    kind: 'tools' | 'prompts',
  ): Promise<{ routes: Map<string, Routed>; items: Map<string, Record<string, unknown>> }> {
    const offers = await this.offersOf();
    const routes = routeNames(
      offers.map(({ server, offer }) => ({
        server,
        names: offer[kind].map((t) => String(t.name)),
      })),
    );
    const byServer = new Map(
      offers.map(({ server, offer }) => [
        server,
        new Map(offer[kind].map((t) => [String(t.name), t])),
      ]),
    );
    const items = new Map<string, Record<string, unknown>>();
    for (const [exposed, r] of routes)
      items.set(exposed, { ...byServer.get(r.server)!.get(r.name)!, name: exposed });
    return { routes, items };
  }

  async listTools(): Promise<Record<string, unknown>[]> {
    return [...(await this.routes('tools')).items.values()];
  }

  async listPrompts(): Promise<Record<string, unknown>[]> {
    return [...(await this.routes('prompts')).items.values()];
  }

  async listResources(): Promise<Record<string, unknown>[]> {
    return (await this.offersOf()).flatMap(({ offer }) => offer.resources);
  }

  async callTool(
    exposed: string,
    args: Record<string, unknown> | undefined,
    ctx: CallContext,
  ): Promise<CallToolResult> {
    let { routes, items } = await this.routes('tools');
    // A server whose lists could not be learned (it failed to start, e.g. slowly under load)
    // offers nothing yet: it is tried once more before the tool is called unknown.
    const silent = () => [...this.backends.keys()].filter((n) => !this.offers.has(n));
    if (!routes.has(exposed) && silent().length) {
      await Promise.all(silent().map((n) => this.relearn(n)));
      ({ routes, items } = await this.routes('tools'));
    }
    const r = routes.get(exposed);
    if (!r) {
      const failed = silent().map(
        (n) =>
          `${n}${this.backends.get(n)?.lastError ? ` (${this.backends.get(n)!.lastError})` : ''}`,
      );
      const why = failed.length
        ? `; these servers could not be started to list theirs: ${failed.join(', ')}`
        : '';
      return toolError(
        this.hooks.redact(`There is no tool ${exposed} in this gateway's active servers${why}.`),
      );
    }
    const b = this.backends.get(r.server)!;
    const cacheTtl = cacheable(b.spec, r.name, items.get(exposed)!)
      ? b.spec.cache!.ttlMs
      : undefined;
    const key = ResultCache.key(r.server, r.name, args);
    const stats = this.statsOf(r.server);
    if (cacheTtl !== undefined) {
      const hit = this.results.get(key);
      if (hit) {
        stats.cacheHits++;
        this.hooks.onActivity?.();
        return hit as CallToolResult;
      }
    }
    const limitMs = b.spec.timeout !== undefined ? b.spec.timeout * 1000 : NO_TIMEOUT_MS;
    const started = performance.now();
    try {
      const result = (await b.use(
        (c) =>
          c.callTool({ name: r.name, ...(args ? { arguments: args } : {}) }, undefined, {
            timeout: limitMs,
            ...(ctx.signal ? { signal: ctx.signal } : {}),
            ...(ctx.onprogress ? { onprogress: ctx.onprogress } : {}),
          }),
        this,
      )) as CallToolResult;
      if (cacheTtl !== undefined) this.results.set(key, result, cacheTtl);
      stats.record(performance.now() - started);
      this.hooks.onActivity?.();
      return result;
    } catch (e) {
      const text = this.hooks.redact(describeFailure(e, r.server, r.name, b.spec.timeout));
      stats.record(performance.now() - started, text);
      this.hooks.onActivity?.();
      return toolError(text);
    }
  }

  async listResourceTemplates(): Promise<Record<string, unknown>[]> {
    return (await this.offersOf()).flatMap(({ offer }) => offer.resourceTemplates);
  }

  /** Reads a resource from the server that listed it, or whose template it fits. */
  async readResource(uri: string, ctx: CallContext): Promise<unknown> {
    const owner = resourceOwner(await this.offersOf(), uri);
    if (!owner) throw new Error(`No active server of this gateway lists the resource ${uri}.`);
    return this.backends.get(owner)!.use((c) => c.readResource({ uri }, signalOnly(ctx)), this);
  }

  async getPrompt(
    exposed: string,
    args: Record<string, string> | undefined,
    ctx: CallContext,
  ): Promise<unknown> {
    const r = (await this.routes('prompts')).routes.get(exposed);
    if (!r) throw new Error(`There is no prompt ${exposed} in this gateway's active servers.`);
    return this.backends
      .get(r.server)!
      .use(
        (c) => c.getPrompt({ name: r.name, ...(args ? { arguments: args } : {}) }, signalOnly(ctx)),
        this,
      );
  }
}
