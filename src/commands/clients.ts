import { resolve } from 'node:path';
import type { Io } from '../io.js';
import type { CommandOptions } from './run-command.js';
import { clientInfo, loadClients, predecessorsOf } from '../clients/index.js';
import { realPathContext } from '../context.js';
import { colorsFor } from '../render/colors.js';
import { renderClientsText, type ClientRow } from '../render/clients-text.js';

/**
 * `mcpo clients`: every supported client, its scopes, where its files are on this machine, and
 * which client succeeded which (a stack naming the old id keeps working; the move is one rename).
 */
export async function run(opts: CommandOptions, io: Io): Promise<number> {
  const ctx = realPathContext(process.env, resolve((opts.project as string | undefined) ?? '.'));
  const rows: ClientRow[] = (await loadClients()).map((a) => {
    const successor = clientInfo(a.id)?.successor;
    const succeeds = predecessorsOf(a.id);
    return {
      id: a.id,
      title: a.title,
      installed: ctx.exists(a.installDir(ctx)),
      ...(successor ? { successor } : {}),
      ...(succeeds.length ? { succeeds } : {}),
      scopes: a.scopes.map((scope) => {
        const path = a.configPath(scope, ctx);
        return { scope, path, entries: a.entriesPath(scope, ctx), exists: ctx.exists(path) };
      }),
    };
  });
  if (opts.json) {
    io.out(JSON.stringify(rows, null, 2) + '\n');
    return 0;
  }
  io.out(renderClientsText(rows, colorsFor(io.color)));
  return 0;
}
