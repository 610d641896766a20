/**
 * A registry server.json as a stack server (pure). The commands per package type follow the
 * registry's `runtimeHint` examples (npx, uvx, docker; docs/reference/server-json/
 * server.schema.json, PackageBase.runtimeHint) and pin the exact version the registry names:
 *   npm  -> npx -y [runtime args] identifier@version [package args]
 *   pypi -> uvx [runtime args] identifier==version [package args]
 *   oci  -> docker run -i --rm [runtime args] -e NAME... image:tag|@digest [package args]
 * A remote (streamable-http or sse) becomes `url` + `headers`, its URL variables filled in.
 */
import type { ServerInput } from '../stack/edit-text.js';
import { badData } from './check.js';
import { InputCollector, escapeText, type NeededVar } from './inputs.js';
import type {
  RegistryArgument,
  RegistryPackage,
  RegistryRecord,
  RegistryServer,
  RegistryTransport,
} from './types.js';

/** A server ready for the stack file, and what it needs from the user. */
export interface RegistryInstall {
  server: ServerInput & { registry: RegistryRecord };
  /** `vars:` entries for required values without a default (`${env:NAME}` until set). */
  vars: Record<string, NeededVar>;
  /** Secret names the server refers to (`mcpo apply` asks for missing ones). */
  secrets: string[];
  /** Comment lines for the stack file: where it came from, defaults, choices, optional inputs. */
  notes: string[];
}

/** The stack server for one package of `doc`. */
export function packageServer(
  doc: RegistryServer,
  pkg: RegistryPackage,
  name: string,
): RegistryInstall {
  const inputs = new InputCollector(name);
  const runtime = args(pkg.runtimeArguments, inputs);
  const pkgArgs = args(pkg.packageArguments, inputs);
  const env: Record<string, string> = {};
  for (const e of pkg.environmentVariables ?? []) {
    const v = inputs.resolve(e, e.name);
    if (v !== undefined) env[e.name] = v;
  }
  if (pkg.transport.type !== 'stdio') {
    const what = `a ${pkg.registryType} package that serves ${pkg.transport.type}`;
    throw badData(doc.name, `has ${what}, which mcpo cannot start for a client`);
  }
  const id = escapeText(pkg.identifier);
  let command: string;
  let argv: string[];
  switch (pkg.registryType) {
    case 'npm':
      [command, argv] = ['npx', ['-y', ...runtime, `${id}@${pkg.version!}`, ...pkgArgs]];
      break;
    case 'pypi':
      [command, argv] = ['uvx', [...runtime, `${id}==${pkg.version!}`, ...pkgArgs]];
      break;
    case 'oci': {
      // docker passes only the variables named with -e into the container.
      const pass = Object.keys(env).flatMap((k) => ['-e', k]);
      [command, argv] = [
        'docker',
        ['run', '-i', '--rm', ...runtime, ...pass, image(doc, pkg), ...pkgArgs],
      ];
      break;
    }
    default:
      throw badData(doc.name, `has a ${pkg.registryType} package, which mcpo cannot run yet`);
  }
  const via = pkg.registryType as RegistryRecord['via'];
  const server: RegistryInstall['server'] = { command, args: argv, registry: record(doc, via) };
  if (Object.keys(env).length) server.env = env;
  return finish(doc, server, inputs, `${pkg.registryType} ${pkg.identifier}`);
}

/** The stack server for a remote of `doc`. */
export function remoteServer(
  doc: RegistryServer,
  remote: RegistryTransport,
  name: string,
): RegistryInstall {
  const inputs = new InputCollector(name);
  // A URL cannot leave a variable out, so each is required unless it has a value.
  const variables = Object.fromEntries(
    Object.entries(remote.variables ?? {}).map(([k, v]) => [k, { ...v, isRequired: true }]),
  );
  const url = inputs.resolve({ value: remote.url!, variables }, 'url')!;
  const headers: Record<string, string> = {};
  for (const h of remote.headers ?? []) {
    const v = inputs.resolve(h, h.name);
    if (v !== undefined) headers[h.name] = v;
  }
  const server: RegistryInstall['server'] = { url, registry: record(doc, 'remote') };
  if (remote.type === 'sse') server.transport = 'sse';
  if (Object.keys(headers).length) server.headers = headers;
  return finish(doc, server, inputs, `remote ${remote.type}`);
}

function finish(
  doc: RegistryServer,
  fields: RegistryInstall['server'],
  inputs: InputCollector,
  what: string,
): RegistryInstall {
  const description = doc.description.replace(/\s+/g, ' ').trim();
  // Key order as people write it: what it is, how it runs, where it came from.
  const { registry, ...rest } = fields;
  const server: RegistryInstall['server'] = {
    ...(description ? { description: escapeText(description) } : {}),
    ...rest,
    registry,
  };
  const notes = [`From the MCP registry: ${doc.name} ${doc.version} (${what}).`, ...inputs.notes];
  return { server, vars: inputs.vars, secrets: inputs.secrets, notes };
}

function record(doc: RegistryServer, via: RegistryRecord['via']): RegistryRecord {
  return { name: doc.name, version: doc.version, via };
}

/** Arguments in order; a named one is `--flag value`, an unset optional one is left out. */
function args(list: RegistryArgument[] | undefined, inputs: InputCollector): string[] {
  const out: string[] = [];
  for (const a of list ?? []) {
    if (a.type === 'named') {
      const hasValue =
        a.value !== undefined || a.default !== undefined || a.isRequired || a.isSecret;
      const v = hasValue ? inputs.resolve(a, a.name!) : undefined;
      if (hasValue && v === undefined) continue;
      out.push(escapeText(a.name!), ...(v === undefined ? [] : [v]));
    } else {
      const v = inputs.resolve(a, a.valueHint ?? 'arg');
      if (v !== undefined) out.push(v);
    }
  }
  return out;
}

/** The image with its tag or digest: `identifier` carries it (schema 2025-09-29), else `version`. */
function image(doc: RegistryServer, pkg: RegistryPackage): string {
  const last = pkg.identifier.slice(pkg.identifier.lastIndexOf('/') + 1);
  const pinned = last.includes('@') || last.includes(':');
  const ref = pinned
    ? pkg.identifier
    : pkg.version
      ? `${pkg.identifier}:${pkg.version}`
      : undefined;
  if (!ref || /:latest$/.test(ref))
    throw badData(
      doc.name,
      `has an oci image \`${pkg.identifier}\` without a pinned tag or digest`,
    );
  return escapeText(ref);
}
