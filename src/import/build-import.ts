/**
 * The decide step of `mcpo import`: found client files -> the stack to write, the secrets to
 * store and the ownership to record. Reads nothing but the keychain (to keep names free).
 */
import type { ServerSpec } from '../types.js';
import type { FoundClients, FoundTarget, ImportSkip } from './read-clients.js';
import { dedupe, type ImportedServer, type ImportedTarget } from './dedupe.js';
import { entryProblem, schemaProblem } from './check-entry.js';
import { planSecrets, secretValuesOf, type NameTaken, type SecretPlan } from './secrets.js';
import { toStackServer, type StackServer } from './to-stack.js';
import type { OwnedFile } from './ownership.js';

export interface ImportResult {
  servers: { server: ImportedServer; body: StackServer }[];
  targets: ImportedTarget[];
  secrets: SecretPlan;
  owned: OwnedFile[];
  skipped: ImportSkip[];
}

export async function buildImport(
  found: FoundClients,
  opts: { keepInline: boolean; taken: NameTaken },
): Promise<ImportResult> {
  const skipped = [...found.skipped];
  const faithful: FoundTarget[] = found.targets.map((t) => ({
    ...t,
    entries: t.entries.filter((e) => {
      const problem = entryProblem(t.adapter, e.name, e.native, e.spec);
      if (problem) skipped.push({ what: `${e.name} in ${t.path}`, reason: problem });
      return !problem;
    }),
  }));
  const { servers, targets } = dedupe(faithful);
  const { plan, hook } = await planSecrets(
    servers.map((s) => ({ name: s.name, secretValues: secretValuesOf(s.spec) })),
    opts,
  );
  const kept: { server: ImportedServer; body: StackServer }[] = [];
  const refused = new Set<string>();
  for (const server of servers) {
    const body = toStackServer(server.spec, hook);
    const problem = schemaProblem(server.name, body);
    if (problem) {
      refused.add(server.name);
      for (const o of server.origins)
        skipped.push({ what: `${server.entryName} in ${o.path}`, reason: problem });
    } else kept.push({ server, body });
  }
  const usable = targets.map((t) => ({
    ...t,
    servers: t.servers.filter((n) => !refused.has(n)),
    clashes: t.clashes.filter((c) => !refused.has(c.keptAs)),
  }));
  dropUnused(
    plan,
    kept.map((k) => k.server.spec),
  );
  const owned: OwnedFile[] = usable.map((t) => ({
    client: t.found.adapter.id,
    scope: t.found.scope,
    path: t.found.path,
    entriesPath: t.found.entriesPath,
    entries: Object.fromEntries(
      t.found.entries.filter((e) => t.servers.includes(e.name)).map((e) => [e.name, e.native]),
    ),
  }));
  return {
    servers: kept,
    targets: usable.filter((t) => t.servers.length || t.clashes.length),
    secrets: plan,
    owned,
    skipped,
  };
}

/** A secret of a server the schema refused is not stored. */
function dropUnused(plan: SecretPlan, servers: ServerSpec[]): void {
  const names = new Set(servers.map((s) => s.name));
  plan.found = plan.found.filter((f) => names.has(f.server));
  plan.keptInline = plan.keptInline.filter((f) => names.has(f.server));
  const used = new Set(plan.found.map((f) => f.name));
  for (const n of [...plan.store.keys()]) if (!used.has(n)) plan.store.delete(n);
}
