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
  return spec.transport === 'stdio' && a.length === 5 && a[1] === 'run' && a[3] === '--stack'
    ? { server: a[2]!, stack: a[4]! }
    : undefined;
}

/** One sentence with the fix per launcher entry that cannot reach its secrets, keyed by the entry's source. */
export async function launcherEnvProblems(
  client: string,
  title: string,
  servers: { spec: ServerSpec; source: string }[],
  env: Env,
  home: string,
): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  for (const { spec, source } of servers) {
    const target = launcherTarget(spec);
    if (!target) continue;
    let secrets: string[];
    let namespace: string | undefined;
    try {
      const stack = await loadStack(target.stack, { env, home });
      const declared = stack.servers[target.server];
      secrets = declared ? [...secretNamesIn(declared)] : [];
      namespace = stack.secretsNamespace;
    } catch (e) {
      if (e instanceof McpoError) continue; // the server check reports a stack mcpo run cannot load
      throw e;
    }
    const listed = spec.clientOptions?.[client]?.env_vars;
    const given = serverEnvironment(client, env, {
      ...(spec.env ? { env: spec.env } : {}),
      ...(Array.isArray(listed) ? { listed: listed as string[] } : {}),
    });
    const unpassed = secrets.filter((n) => !given[secretEnvVar(n)]);
    const missing = unpassed.map(secretEnvVar);
    const bus = findSessionBus(given);
    if (!missing.length) continue;
    const passes =
      clientEnv(client).kind === 'list'
        ? `only its fixed list and the entry's env_vars`
        : clientEnv(client).kind === 'filter'
          ? "its environment without secret-looking variables, plus the entry's env"
          : 'its own environment';
    if (bus.from !== 'none') {
      // The keychain is reachable from there: it must hold what the environment will not carry.
      const absent = await notInKeychain(unpassed, namespace, env);
      if (absent.length) {
        const vars = absent.map(secretEnvVar).join(', ');
        const text = `${title} starts ${spec.name} (\`mcpo run ${target.server}\`) with ${passes}, which has no ${vars}, and the keychain has no ${absent.join(', ')}: run \`mcpo apply --stack ${target.stack}\` to write what ${title} must pass, or store ${absent.length === 1 ? 'it' : 'them'} with ${absent.map((n) => `\`mcpo secret set ${n} --stack ${target.stack}\``).join(', ')}`;
        out.set(source, [...(out.get(source) ?? []), text]);
      }
      continue;
    }
    const text = `${title} starts ${spec.name} (\`mcpo run ${target.server}\`) with ${passes}, which has no ${missing.join(', ')} and no session bus (no DBUS_SESSION_BUS_ADDRESS, nothing at ${bus.looked.join(' or ') || 'the standard socket'}), so it cannot get ${missing.length === 1 ? 'its secret' : 'its secrets'}: run \`mcpo apply --stack ${target.stack}\` to write what ${title} must pass, or start ${title} inside a desktop session`;
    out.set(source, [...(out.get(source) ?? []), text]);
  }
  return out;
}

/** The names the keychain does not hold (all of them when it cannot be read). */
async function notInKeychain(
  names: string[],
  namespace: string | undefined,
  env: Env,
): Promise<string[]> {
  try {
    const { openKeychain } = await import('../secrets/keychain.js');
    const kc = openKeychain(namespace, env);
    const out: string[] = [];
    for (const n of names) if (!(await kc.get(n))) out.push(n);
    return out;
  } catch (e) {
    if (e instanceof McpoError) return names;
    throw e;
  }
}
