/**
 * Package or remote: what `mcpo add --from` installs when a server offers both. A remote needs
 * nothing installed, so it wins when every client the stack targets takes remote servers (asked
 * of each client adapter, the one place that knows); otherwise a package runs everywhere.
 */
import { McpoError } from '../errors.js';
import type { ClientAdapter } from '../clients/contract.js';
import type { RegistryPackage, RegistryServer, RegistryTransport } from './types.js';

export type Choice =
  | { kind: 'package'; pkg: RegistryPackage; why: string }
  | { kind: 'remote'; remote: RegistryTransport; why: string };

export interface PickOptions {
  /** `--package TYPE`. */
  package?: string;
  /** `--remote`. */
  remote?: boolean;
}

const RUNNABLE = ['npm', 'pypi', 'oci'];

/** Chooses what to install; `clients` are the adapters of the stack's targets. Pure. */
export function pickInstall(
  doc: RegistryServer,
  opts: PickOptions,
  clients: ClientAdapter[],
): Choice {
  const packages = doc.packages ?? [];
  const remotes = doc.remotes ?? [];
  const kinds = [
    ...new Set(packages.map((p) => p.registryType as string)),
    ...(remotes.length ? ['remote'] : []),
  ];
  const offers = kinds.join(', ') || 'nothing';
  const refuse = (what: string) =>
    new McpoError(
      'registry-no-install',
      `${doc.name} ${doc.version} offers no ${what} (it offers ${offers}).`,
      {
        hint: 'choose one it offers with --package TYPE or --remote',
      },
    );
  if (opts.remote) {
    if (!remotes[0]) throw refuse('remote');
    return { kind: 'remote', remote: remotes[0], why: 'as asked (--remote)' };
  }
  if (opts.package) {
    const pkg = packages.find((p) => p.registryType === opts.package);
    if (!pkg) throw refuse(`${opts.package} package`);
    return { kind: 'package', pkg, why: `as asked (--package ${opts.package})` };
  }
  const pkg = packages.find(
    (p) => RUNNABLE.includes(p.registryType) && p.transport.type === 'stdio',
  );
  const remote = remotes[0];
  if (pkg && !remote)
    return { kind: 'package', pkg, why: `the only way it is offered that mcpo runs` };
  if (remote && !pkg)
    return { kind: 'remote', remote, why: 'the only way it is offered that mcpo runs' };
  if (!pkg || !remote) throw refuse('npm, pypi or oci package (stdio) and no remote');
  const probe = { name: 'probe', transport: 'http' as const, url: 'https://example.com/mcp' };
  const without = clients.filter((c) => !c.render(probe).ok).map((c) => c.id);
  if (!clients.length) {
    return {
      kind: 'remote',
      remote,
      why: 'the stack targets no client yet, and a remote needs nothing installed',
    };
  }
  if (!without.length) {
    const ids = clients.map((c) => c.id).join(', ');
    return {
      kind: 'remote',
      remote,
      why: `every client of the stack (${ids}) takes remote servers`,
    };
  }
  return {
    kind: 'package',
    pkg,
    why: `${without.join(', ')} cannot take remote servers; --remote overrides`,
  };
}
