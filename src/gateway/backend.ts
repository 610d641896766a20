/**
 * One backend server of the gateway: an MCP SDK `Client`, connected on first use, stopped after
 * `idle_timeout` without calls, and reconnected on the next use after it exits or crashes. The
 * SDK rejects the requests in flight when the connection closes, so a crash is an error, not a hang.
 */
import type { RemoteAuth } from '../launcher/remote-transport.js';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import type { ServerSpec } from '../types.js';
import { importPackage } from '../import-package.js';
import type { Offer } from './list-cache.js';

const DEFAULT_IDLE_MS = 10 * 60_000;

export interface BackendHooks {
  /** The server with its secret values, resolved at each start and never stored. */
  resolve(declared: ServerSpec): Promise<ServerSpec>;
  /** The environment a stdio server starts with (before its own `env`). */
  env: Record<string, string>;
  /** The backend said one of its lists changed. */
  onListChanged(server: string): void;
  /** The backend has just (re)started. */
  onStarted(server: string): void;
  /** What the client at the other end of the gateway lets servers ask of it (sampling, ...). */
  upstream?(): Upstream | undefined;
  /**
   * A remote server's OAuth login (`mcpo login`), from the keychain, refreshed as `mcpo run`
   * refreshes it (src/launcher/oauth.ts); undefined when the server needs none.
   */
  auth?(resolved: ServerSpec): Promise<RemoteAuth | undefined>;
}

type SdkTypes = typeof import('@modelcontextprotocol/sdk/types.js');

/** The client's side, as a backend sees it: capabilities to declare, handlers that forward to it. */
export interface Upstream {
  capabilities: Record<string, unknown>;
  install(client: Client, types: SdkTypes): void;
}

export class Backend {
  private client?: Promise<Client>;
  private idle?: NodeJS.Timeout;
  private inFlight = 0;
  /** Starts, and how many of those followed a crash. */
  starts = 0;
  restarts = 0;
  private crashed = false;
  lastError?: string;
  /** Who made the latest use (a session, for a shared backend): its client gets the server's requests. */
  lastUser?: object;

  constructor(
    readonly spec: ServerSpec,
    private readonly hooks: BackendHooks,
  ) {}

  get running(): boolean {
    return this.client !== undefined;
  }

  /** Runs `fn` against a connected client, counting it as activity for the idle timer. */
  async use<T>(fn: (client: Client) => Promise<T>, user?: object): Promise<T> {
    if (user) this.lastUser = user;
    this.inFlight++;
    clearTimeout(this.idle);
    try {
      return await fn(await this.connect());
    } finally {
      this.inFlight--;
      this.armIdle();
    }
  }

  /** The backend's tools, resources and prompts, as far as it has each capability. */
  fetchOffer(): Promise<Offer> {
    return this.use(async (c) => {
      const caps = c.getServerCapabilities() ?? {};
      const [tools, resources, resourceTemplates, prompts] = await Promise.all([
        caps.tools ? c.listTools().then((r) => r.tools) : [],
        caps.resources ? c.listResources().then((r) => r.resources) : [],
        // Templates are optional even for a server with resources: a refusal means none.
        caps.resources
          ? c.listResourceTemplates().then(
              (r) => r.resourceTemplates,
              () => [],
            )
          : [],
        caps.prompts ? c.listPrompts().then((r) => r.prompts) : [],
      ]);
      return { tools, resources, resourceTemplates, prompts } as Offer;
    });
  }

  /** The client's roots changed: tell the backend if it runs (a stopped one asks when it starts). */
  rootsChanged(): void {
    void this.client?.then((c) => c.sendRootsListChanged()).catch(() => {});
  }

  async stop(): Promise<void> {
    clearTimeout(this.idle);
    const c = this.client;
    this.client = undefined;
    if (c) await (await c.catch(() => undefined))?.close().catch(() => {});
  }

  private armIdle(): void {
    if (this.inFlight > 0 || !this.client) return;
    clearTimeout(this.idle);
    this.idle = setTimeout(() => void this.stop(), this.spec.idleTimeoutMs ?? DEFAULT_IDLE_MS);
    this.idle.unref();
  }

  private connect(): Promise<Client> {
    this.client ??= this.start().catch((e: unknown) => {
      this.client = undefined;
      this.lastError = e instanceof Error ? e.message : String(e);
      throw e;
    });
    return this.client;
  }

  private async start(): Promise<Client> {
    const [{ Client }, types, transport] = await Promise.all([
      importPackage<typeof import('@modelcontextprotocol/sdk/client/index.js')>(
        '@modelcontextprotocol/sdk/client/index.js',
      ),
      importPackage<SdkTypes>('@modelcontextprotocol/sdk/types.js'),
      this.transport(),
    ]);
    const upstream = this.hooks.upstream?.();
    const client = new Client(
      { name: 'mcpo-gateway', version: '1' },
      upstream ? { capabilities: upstream.capabilities } : undefined,
    );
    upstream?.install(client, types);
    for (const schema of [
      types.ToolListChangedNotificationSchema,
      types.ResourceListChangedNotificationSchema,
      types.PromptListChangedNotificationSchema,
    ]) {
      client.setNotificationHandler(schema, () => this.hooks.onListChanged(this.spec.name));
    }
    const mine = this.client;
    client.onclose = () => {
      // A close we did not ask for (stop() clears `client` first): the next use starts it again.
      if (this.client !== mine) return;
      this.client = undefined;
      this.crashed = true;
      this.lastError = `${this.spec.name} exited`;
    };
    await client.connect(transport);
    this.starts++;
    if (this.crashed) this.restarts++;
    this.crashed = false;
    queueMicrotask(() => this.hooks.onStarted(this.spec.name));
    return client;
  }

  private async transport(): Promise<Transport> {
    const spec = await this.hooks.resolve(this.spec);
    if (spec.transport === 'stdio') {
      const { StdioClientTransport } = await importPackage<
        typeof import('@modelcontextprotocol/sdk/client/stdio.js')
      >('@modelcontextprotocol/sdk/client/stdio.js');
      return new StdioClientTransport({
        command: spec.command!,
        args: spec.args ?? [],
        env: { ...this.hooks.env, ...spec.env },
        ...(spec.cwd ? { cwd: spec.cwd } : {}),
        stderr: 'inherit',
      });
    }
    const { remoteClientTransport } = await import('../launcher/remote-transport.js');
    return remoteClientTransport<Transport>(spec, await this.hooks.auth?.(spec));
  }
}
