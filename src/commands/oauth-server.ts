/**
 * What `mcpo login` and `mcpo logout` share: the stack's remote server by name, and its `oauth`
 * block with the client secret resolved (environment, then keychain; a value, never printed).
 */
import type { ServerSpec, Stack } from '../types.js';
import type { OAuthSettings } from '../auth/provider.js';
import { openSession } from './session.js';
import { resolveSecrets } from '../secrets/resolve-all.js';
import { secretEnvVar } from '../secrets/resolve.js';
import { secretNamesIn, substituteSecrets } from '../secrets/tokens.js';
import { openKeychain } from '../secrets/keychain.js';
import { suggestion } from '../stack/suggest.js';
import { McpoError } from '../errors.js';

export interface OAuthServer {
  stack: Stack;
  spec: ServerSpec & { url: string };
  settings: OAuthSettings;
}

/** True for a server mcpo can log in to: a remote one with a URL. */
export function isRemote(spec: ServerSpec): spec is ServerSpec & { url: string } {
  return (spec.transport === 'http' || spec.transport === 'sse') && typeof spec.url === 'string';
}

export async function loadOAuthServer(stackFile: string, name: string): Promise<OAuthServer> {
  const { stack, env } = await openSession({ stack: stackFile, secrets: false });
  const spec = stack.servers[name];
  if (!spec) {
    const names = Object.keys(stack.servers);
    const message = `There is no server ${name} in ${stack.file}${suggestion(name, names)}.`;
    throw new McpoError('unknown-server', message, {
      hint: `use one of: ${names.join(', ') || '(none)'}`,
    });
  }
  if (!isRemote(spec)) {
    const message = `Server ${name} in ${stack.file} is a ${spec.transport} server; OAuth logins are for remote servers (\`url:\`).`;
    throw new McpoError('not-remote', message, {
      hint: 'a local server gets its credentials through env and `${secret:NAME}`',
    });
  }
  const names = [...secretNamesIn(spec.oauth ?? {})];
  const secrets = await resolveSecrets(names, env, async () =>
    openKeychain(stack.secretsNamespace, env),
  );
  const missing = names.filter((n) => secrets.lookup(n) === undefined);
  if (missing.length) {
    const why = secrets.keychainProblem ? ` ${secrets.keychainProblem.message}` : '';
    const message = `The oauth.client_secret of server ${name} has no value: ${missing.join(', ')}.${why}`;
    throw new McpoError('missing-secrets', message, {
      hint: `store it with \`mcpo secret set ${missing[0]}\`, or set ${missing.map(secretEnvVar).join(', ')}`,
    });
  }
  return { stack, spec, settings: substituteSecrets({ ...spec.oauth }, secrets.lookup) };
}
