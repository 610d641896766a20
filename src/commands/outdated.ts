/**
 * `mcpo outdated [--json]`: per package server, the version it runs (the lock's, else the stack's)
 * and the newest its registry has: the MCP registry for servers added with `--from`, else npm,
 * PyPI, or the image's tag (a moved tag is a new digest). Asks the registries concurrently.
 */
import type { Io } from '../io.js';
import type { CommandOptions } from './run-command.js';
import type { ServerSpec } from '../types.js';
import { openSession } from './session.js';
import { McpoError } from '../errors.js';
import { readLock, staleEntries } from '../lock/read.js';
import { packageOf } from '../lock/packages.js';
import { newestVersion } from '../lock/resolve.js';
import type { LockFile } from '../lock/types.js';
import { isExact, isRange, satisfies } from '../lock/versions.js';

export interface OutdatedRow {
  server: string;
  /** `registry` for a server from the MCP registry, else the package type. */
  type: 'registry' | 'npm' | 'pypi' | 'oci';
  package: string;
  /** What runs now: the locked version (digest for oci), else what the stack names ('' = newest). */
  current: string;
  latest: string;
  outdated: boolean;
}

export async function run(opts: CommandOptions, io: Io): Promise<number> {
  const project = opts.project as string | undefined;
  const s = await openSession({
    stack: opts.stack as string,
    project,
    lock: false,
    secrets: false,
  });
  const lock = readLock(s.stack.file);
  const stale = new Set(lock ? staleEntries(s.stack, lock).map((e) => e.server) : []);
  const errors: { server: string; message: string }[] = [];
  const rows: OutdatedRow[] = [];
  await Promise.all(
    Object.values(s.stack.servers).map(async (spec) => {
      try {
        const row = await rowFor(spec, stale.has(spec.name) ? null : lock, s.env, s.stack.file);
        if (row) rows.push(row);
      } catch (e) {
        if (!(e instanceof McpoError)) throw e;
        errors.push({ server: spec.name, message: e.message });
      }
    }),
  );
  rows.sort((a, b) => a.server.localeCompare(b.server));
  errors.sort((a, b) => a.server.localeCompare(b.server));
  if (opts.json) io.out(JSON.stringify({ servers: rows, errors }, null, 2) + '\n');
  else io.out(renderRows(rows));
  for (const e of opts.json ? [] : errors) io.err(`${e.server}: ${e.message}\n`);
  return errors.length ? 1 : 0;
}

async function rowFor(
  spec: ServerSpec,
  lock: LockFile | null,
  env: Record<string, string | undefined>,
  stackFile: string,
): Promise<OutdatedRow | null> {
  if (spec.registry) {
    const { getServer, registryUrl } = await import('../registry/client.js');
    const { stackRegistryKey } = await import('../registry/install.js');
    const base = registryUrl(env, stackRegistryKey(stackFile));
    const latest = (await getServer(base, spec.registry.name)).version;
    const current = spec.registry.version;
    return {
      server: spec.name,
      type: 'registry',
      package: spec.registry.name,
      current,
      latest,
      outdated: latest !== current,
    };
  }
  const ref = packageOf(spec);
  if (!ref) return null;
  const pin =
    lock && Object.hasOwn(lock.servers, spec.name) ? lock.servers[spec.name]!.pin : undefined;
  const current =
    ref.type === 'oci' ? (pin?.integrity ?? ref.wanted) : (pin?.version ?? ref.wanted);
  const latest = (await newestVersion(ref, env)) ?? '';
  return {
    server: spec.name,
    type: ref.type,
    package: ref.name,
    current,
    latest,
    outdated: behind(current, latest, !pin),
  };
}

/**
 * Whether `current` is behind `latest`. Unlocked, the stack's own words count: no version (the
 * newest at each start) or a range the newest satisfies is not behind; an exact one is compared.
 */
function behind(current: string, latest: string, unlocked: boolean): boolean {
  if (!latest || current === latest) return false;
  if (!unlocked || isExact(current)) return true;
  return current !== '' && !(isRange(current) && satisfies(latest, current));
}

function renderRows(rows: OutdatedRow[]): string {
  const out = rows.filter((r) => r.outdated);
  if (!out.length)
    return `Every package server is on its newest version (${rows.length} checked).\n`;
  const short = (v: string) =>
    v.startsWith('sha256:') ? v.slice(0, 19) : v || '(newest at start)';
  const cells = (r: OutdatedRow) => [
    r.server,
    r.type,
    r.package,
    short(r.current),
    short(r.latest),
  ];
  const table = [['SERVER', 'TYPE', 'PACKAGE', 'CURRENT', 'LATEST'], ...out.map(cells)];
  const widths = table[0]!.map((_, i) => Math.max(...table.map((row) => row[i]!.length)));
  const lines = table.map((row) =>
    row.map((c, i) => (i === row.length - 1 ? c : c.padEnd(widths[i]!))).join('  '),
  );
  const how =
    'Update: `mcpo lock --update SERVER` where the stack leaves the version open; else edit it in the stack.';
  return `${lines.join('\n')}\n${how}\n`;
}
