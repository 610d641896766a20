import { resolve } from 'node:path';
import type { Io } from '../io.js';
import type { CommandOptions } from './run-command.js';
import { clients } from '../clients/index.js';
import { realPathContext } from '../context.js';
import { colorsFor } from '../render/colors.js';

/** `mcpo clients`: every supported client, its scopes, and where its files are on this machine. */
export async function run(opts: CommandOptions, io: Io): Promise<number> {
  const ctx = realPathContext(process.env, resolve((opts.project as string | undefined) ?? '.'));
  const rows = clients.map((a) => ({
    id: a.id,
    title: a.title,
    installed: ctx.exists(a.installDir(ctx)),
    scopes: a.scopes.map((scope) => {
      const path = a.configPath(scope, ctx);
      return { scope, path, entries: a.entriesPath(scope, ctx), exists: ctx.exists(path) };
    }),
  }));
  if (opts.json) {
    io.out(JSON.stringify(rows, null, 2) + '\n');
    return 0;
  }
  const c = colorsFor(io.color);
  for (const r of rows) {
    io.out(`${c.bold(r.id)}  ${r.title}  ${r.installed ? c.green('installed') : c.dim('not found')}\n`);
    for (const sc of r.scopes) io.out(`  ${sc.scope.padEnd(8)} ${sc.path}${sc.entries.length > 1 ? ` (${sc.entries.join(' > ')})` : ''}${sc.exists ? '' : c.dim(' (absent)')}\n`);
  }
  return 0;
}
