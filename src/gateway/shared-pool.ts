/**
 * The daemon's backends of `shared: true` servers: one process per server definition for every
 * client session, stopped when the last session using it lets it go. Any other server stays one
 * per session (a stateful server must not mix two clients' state). A shared server's requests to
 * the client (sampling, elicitation, roots) go to the session whose call is in flight on it.
 */
import type { Server } from '@modelcontextprotocol/sdk/server/index.js';
import type { ServerSpec } from '../types.js';
import { Backend, type BackendHooks } from './backend.js';
import type { BackendSource } from './gateway.js';
import { upstreamVia } from './serve.js';

interface Entry {
  backend: Backend;
  /** Each session using it: its hooks, and the SDK server that talks to its client. */
  users: Map<object, { hooks: BackendHooks; server?: Server }>;
}

export class SharedPool implements BackendSource {
  private entries = new Map<string, Entry>();

  /** `serverOf` names the client-facing SDK server of a session (its Gateway). */
  constructor(private readonly serverOf: (user: object) => Server | undefined) {}

  acquire(spec: ServerSpec, hooks: BackendHooks, user: object): Backend {
    if (!spec.shared) return new Backend(spec, hooks);
    const key = JSON.stringify(spec);
    let entry = this.entries.get(key);
    if (!entry) {
      const users: Entry['users'] = new Map();
      const each = (f: (h: BackendHooks) => void) => [...users.values()].forEach((u) => f(u.hooks));
      const backend: Backend = new Backend(spec, {
        // The first session's environment and secrets start it; the definition is the same for all.
        resolve: hooks.resolve,
        env: hooks.env,
        ...(hooks.auth ? { auth: hooks.auth } : {}),
        onListChanged: (name) => each((h) => h.onListChanged(name)),
        onStarted: (name) => each((h) => h.onStarted(name)),
        upstream: () => {
          const caps = this.serverOf(backend.lastUser ?? user)?.getClientCapabilities();
          return caps
            ? upstreamVia(caps, () => this.serverOf(backend.lastUser ?? user))
            : undefined;
        },
      });
      entry = { backend, users };
      this.entries.set(key, entry);
    }
    entry.users.set(user, { hooks });
    return entry.backend;
  }

  release(backend: Backend, user: object): void {
    if (!backend.spec.shared) return void backend.stop();
    const key = JSON.stringify(backend.spec);
    const entry = this.entries.get(key);
    if (!entry || entry.backend !== backend) return void backend.stop();
    entry.users.delete(user);
    if (entry.users.size) return;
    this.entries.delete(key);
    void backend.stop();
  }

  /** Processes shared right now, for the daemon's figures. */
  get size(): number {
    return this.entries.size;
  }
}
