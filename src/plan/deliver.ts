/**
 * The server as a target's `secrets:` mode wants it written, before the adapter renders it:
 * `inline` keeps the secret tokens (apply substitutes the values), `env` turns them into the
 * client's environment references, `launcher` replaces the server by `mcpo run` (or, for a
 * remote server in a client with a headers helper, its secret headers by `mcpo run --print-headers`).
 */
import type { Problem, ServerSpec, TargetDef } from '../types.js';
import type { ClientAdapter } from '../clients/contract.js';
import { hasSecret, secretNamesIn } from '../secrets/tokens.js';
import { toEnvReferences, type EnvVarNeed } from '../delivery/env-mode.js';
import { launcherServer, type LauncherCommand } from '../delivery/launcher-mode.js';
import { headersHelperServer } from '../delivery/headers-helper.js';
import { toInputReferences } from '../delivery/inputs-mode.js';
import type { RenderResult } from '../types.js';

/**
 * `vars`: environment variables the client will read (env mode). `launched`: secrets that
 * `mcpo run` will need at launch time, so the plan can ask for them now (launcher mode).
 */
export type Delivered =
  | {
      render: RenderResult;
      vars: readonly EnvVarNeed[];
      launched?: string[];
      secretShape?: unknown;
    }
  | { problem: Problem };

/** Shared by every rendering without variables (one per server x client otherwise). */
const NO_VARS: readonly EnvVarNeed[] = Object.freeze([]);

/**
 * Where the declared server carries `${secret:}` in native form (its `inline` rendering), for
 * `env`/`launcher` targets whose written entry holds references or a launcher command instead:
 * the plan masks the file's old values there (src/plan/fields.ts).
 */
function secretShape(server: ServerSpec, adapter: ClientAdapter): { secretShape?: unknown } {
  const inline = adapter.render(server);
  return inline.ok ? { secretShape: inline.entry } : {};
}

export function renderForTarget(
  server: ServerSpec,
  def: TargetDef | null,
  adapter: ClientAdapter,
  stackFile: string,
  launcher: LauncherCommand,
): Delivered {
  const mode = def?.secrets ?? 'inline';
  if (mode === 'env' && hasSecret(server)) {
    const r = toEnvReferences(server, adapter.id);
    if (!r.ok) return { problem: r.problem };
    return { render: adapter.render(r.server), vars: r.vars, ...secretShape(server, adapter) };
  }
  if (mode === 'inputs' && hasSecret(server)) {
    const r = toInputReferences(server, adapter.id);
    if (!r.ok) return { problem: r.problem };
    return { render: adapter.render(r.server), vars: NO_VARS, ...secretShape(server, adapter) };
  }
  if (mode === 'launcher') {
    const viaLauncher = () =>
      adapter.render(launcherServer(server, stackFile, launcher, adapter.id));
    if (hasSecret(server)) {
      // A client with a headers helper gets a remote server's secret headers from mcpo run, unbridged.
      const helper = headersHelperServer(server, stackFile, launcher, adapter.id);
      const render = helper ? adapter.render(helper) : viaLauncher();
      return {
        render,
        vars: NO_VARS,
        launched: [...secretNamesIn(server)],
        ...secretShape(server, adapter),
      };
    }
    // A remote server the client cannot reach by itself (e.g. Claude Desktop) is bridged by mcpo run.
    const direct = adapter.render(server);
    return {
      render: direct.ok || server.transport === 'stdio' ? direct : viaLauncher(),
      vars: NO_VARS,
    };
  }
  return { render: adapter.render(server), vars: NO_VARS };
}
