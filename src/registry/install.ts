/**
 * `mcpo add NAME --from REGISTRY-NAME[@VERSION]`: load the stack, read the server's
 * server.json from the registry, choose a package or a remote (pick.ts), turn it into a stack
 * server (to-server.ts) and hand it to the same checked, layout-keeping edit as `mcpo add`
 * (src/stack/edit.ts prepareAddServer), which loads the edited stack before anything is written.
 */
import { resolve } from 'node:path';
import { parse } from 'yaml';
import { McpoError } from '../errors.js';
import { getClient, loadClients } from '../clients/index.js';
import type { ClientAdapter } from '../clients/contract.js';
import { readTextFile } from '../fs/files.js';
import { writeFileSafely } from '../apply/write.js';
import { loadStack } from '../stack/load.js';
import { stackLoadOptions } from '../stack/load-options.js';
import { prepareAddServer, type AddServerOptions } from '../stack/edit.js';
import { isExactVersion } from './check.js';
import { getServer, registryUrl } from './client.js';
import { pickInstall, type Choice, type PickOptions } from './pick.js';
import type { RegistryServer } from './types.js';
import { packageServer, remoteServer, type RegistryInstall } from './to-server.js';

export interface FromRegistryOptions extends AddServerOptions, PickOptions {
  env?: Record<string, string | undefined>;
  home?: string;
}

/** What was written, for the command to report. */
export interface FromRegistryResult {
  path: string;
  install: RegistryInstall;
  choice: Choice;
  registry: string;
}

/** Adds server `name` from registry entry `ref` (`NAME[@VERSION]`) to `file`; writes only when valid. */
export async function addFromRegistry(
  file: string,
  name: string,
  ref: string,
  opts: FromRegistryOptions = {},
): Promise<FromRegistryResult> {
  const env = opts.env ?? process.env;
  const at = ref.lastIndexOf('@');
  const [regName, version] = at > 0 ? [ref.slice(0, at), ref.slice(at + 1)] : [ref, undefined];
  if (version !== undefined && !isExactVersion(version)) {
    throw new McpoError('bad-arguments', `\`${version}\` is not one exact version.`, {
      hint: `give e.g. --from ${regName}@1.2.3, or leave the version out for the latest`,
    });
  }
  const path = resolve(file);
  if (readTextFile(path) === null) {
    throw new McpoError('stack-not-found', `No stack file at ${path}.`, {
      hint: 'create one with `mcpo init` or pass --stack FILE',
    });
  }
  const base = registryUrl(env, stackRegistryKey(path));
  const doc = await getServer(base, regName, version);
  return { ...(await addFromDocument(file, name, doc, { ...opts, env })), registry: base };
}

/**
 * The part of addFromRegistry after the download, for a server.json already checked
 * (check.ts): choose, map, edit through prepareAddServer (which loads the result), write.
 */
export async function addFromDocument(
  file: string,
  name: string,
  doc: RegistryServer,
  opts: FromRegistryOptions = {},
): Promise<Omit<FromRegistryResult, 'registry'>> {
  const env = opts.env ?? process.env;
  const home = opts.home ? { home: opts.home } : {};
  const stack = await loadStack(resolve(file), stackLoadOptions({ env, ...home }));
  const ids = opts.clients?.length
    ? opts.clients
    : [...new Set(stack.targets.map((t) => t.client))];
  await loadClients(ids);
  const adapters = ids.map((id) => getClient(id)).filter((c): c is ClientAdapter => Boolean(c));
  const choice = pickInstall(doc, opts, adapters);
  const install =
    choice.kind === 'package'
      ? packageServer(doc, choice.pkg, name)
      : remoteServer(doc, choice.remote, name);
  // Required values are `${env:NAME}` until the user sets them; plan and validate say so. The
  // edit is loaded as if they were set, so every other problem still stops the write.
  const editEnv = { ...env };
  for (const v of Object.keys(install.vars)) editEnv[v] ??= 'set-later';
  const edit = await prepareAddServer(file, name, install.server, {
    ...(opts.toStack ? { toStack: opts.toStack } : {}),
    clients: opts.clients ?? [],
    vars: install.vars,
    comment: install.notes,
    env: editEnv,
    ...home,
  });
  await writeFileSafely(edit.path, edit.text);
  return { path: edit.path, install, choice };
}

/** The `registry:` key of a stack file, if it has one (the loader's schema checked its form). */
export function stackRegistryKey(path: string): string | undefined {
  const text = readTextFile(path);
  if (text === null) return undefined;
  try {
    const data = parse(text) as { registry?: unknown } | null;
    return typeof data?.registry === 'string' ? data.registry : undefined;
  } catch {
    return undefined; // the loader reports a broken file; search works without it
  }
}
