/**
 * `mcpo doctor --client ID`, for each `secrets: launcher` entry in the client's files: would
 * `mcpo run` find its secrets in the environment this client gives it? Codex passes a fixed list
 * plus `env_vars`, Gemini CLI drops secret-looking variables (src/delivery/client-env.ts). An
 * entry written before mcpo forwarded its variables, or edited since, starts `mcpo run` with
 * neither the secret's MCPO_SECRET_* nor a session bus for the keychain, and the client only
 * says that the handshake failed. Whether the keychain holds the secret is the server check's job.
 */
import type { ServerSpec } from '../types.js';
import { loadStack } from '../stack/load.js';
import { secretNamesIn } from '../secrets/tokens.js';
import { secretEnvVar } from '../secrets/resolve.js';
import { findSessionBus } from '../secrets/session-bus.js';
import { clientEnv, serverEnvironment } from '../delivery/client-env.js';
import { McpoError } from '../errors.js';

type Env = Record<string, string | undefined>;

/** `<node> <mcpo entry> run NAME --stack FILE`, as launcher-mode.ts writes it. */
function launcherTarget(spec: ServerSpec): { server: string; stack: string } | undefined {
  const a = spec.args ?? [];
  return spec.transport === 'stdio' && a.length === 5 && a[1] === 'run' && a[3] === '--stack' ? { server: a[2]!, stack: a[4]! } : undefined;
}

/** One sentence with the fix per launcher entry that cannot reach its secrets, keyed by the entry's source. */
export async function launcherEnvProblems(client: string, title: string, servers: { spec: ServerSpec; source: string }[], env: Env, home: string): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  for (const { spec, source } of servers) {
    const target = launcherTarget(spec);
    if (!target) continue;
    let secrets: string[];
    try {
      const declared = (await loadStack(target.stack, { env, home })).servers[target.server];
      secrets = declared ? [...secretNamesIn(declared)] : [];
    } catch (e) {
      if (e instanceof McpoError) continue; // the server check reports a stack mcpo run cannot load
      throw e;
    }
    const listed = spec.clientOptions?.[client]?.env_vars;
    const given = serverEnvironment(client, env, { ...(spec.env ? { env: spec.env } : {}), ...(Array.isArray(listed) ? { listed: listed as string[] } : {}) });
    const missing = secrets.map(secretEnvVar).filter((v) => !given[v]);
    const bus = findSessionBus(given);
    if (!missing.length || bus.from !== 'none') continue;
    const passes = clientEnv(client).kind === 'list' ? `only its fixed list and the entry's env_vars` : clientEnv(client).kind === 'filter' ? 'its environment without secret-looking variables, plus the entry\'s env' : 'its own environment';
    const text = `${title} starts ${spec.name} (\`mcpo run ${target.server}\`) with ${passes}, which has no ${missing.join(', ')} and no session bus (no DBUS_SESSION_BUS_ADDRESS, nothing at ${bus.looked.join(' or ') || 'the standard socket'}), so it cannot get ${missing.length === 1 ? 'its secret' : 'its secrets'}: run \`mcpo apply --stack ${target.stack}\` to write what ${title} must pass, or start ${title} inside a desktop session`;
    out.set(source, [...(out.get(source) ?? []), text]);
  }
  return out;
}
