import type { Io } from '../io.js';
import type { CommandOptions } from './run-command.js';
import { resolve } from 'node:path';
import { registryUrl, searchServers } from '../registry/client.js';
import { stackRegistryKey } from '../registry/install.js';
import type { RegistryEntry } from '../registry/types.js';

/**
 * `mcpo search TEXT [--json]`: servers of the MCP registry whose name or description matches,
 * latest versions, with what each offers (npm / pypi / oci package, remote).
 */
export async function run(opts: CommandOptions, io: Io): Promise<number> {
  const text = opts.text as string;
  // The stack found like any other command's (none is fine): its `registry:` key, if any.
  const stack = opts.stack as string | undefined;
  const base = registryUrl(
    process.env,
    stack === undefined ? undefined : stackRegistryKey(resolve(stack)),
  );
  const { entries, skipped } = await searchServers(base, text);
  const rows = entries.filter((e) => e.status !== 'deleted').map(row);
  if (opts.json) {
    io.out(JSON.stringify({ registry: base, servers: rows, skipped }, null, 2) + '\n');
    return 0;
  }
  for (const s of skipped) io.err(`Skipped: ${s}\n`);
  if (!rows.length) {
    io.out(`No server in ${base} matches \`${text}\`.\n`);
    return 0;
  }
  for (const r of rows) {
    const status = r.status && r.status !== 'active' ? ` (${r.status})` : '';
    io.out(`${r.name} ${r.version}  [${r.offers.join(', ') || 'nothing to install'}]${status}\n`);
    if (r.description) io.out(`  ${r.description}\n`);
  }
  const n = `${rows.length} server${rows.length === 1 ? '' : 's'}`;
  io.out(`\n${n} from ${base}. Add one with \`mcpo add NAME --from ${rows[0]!.name}\`.\n`);
  return 0;
}

interface Row {
  name: string;
  version: string;
  description: string;
  offers: string[];
  status?: string;
}

function row(e: RegistryEntry): Row {
  const s = e.server;
  const offers = [...new Set((s.packages ?? []).map((p) => p.registryType as string))];
  if (s.remotes?.length) offers.push('remote');
  const r: Row = {
    name: s.name,
    version: s.version,
    description: s.description.replace(/\s+/g, ' ').trim(),
    offers,
  };
  if (e.status) r.status = e.status;
  return r;
}
