/** What `mcpo import` tells the user: what it wrote, moved, kept apart and skipped. Names only, never values. */
import type { Io } from '../io.js';
import type { ImportResult } from './build-import.js';
import type { ImportedTarget } from './dedupe.js';
import { tildePath } from '../context.js';
import type { FoundSecret } from './secrets.js';

export interface ReportOptions {
  out: string;
  home: string;
  tookOver: string[];
  exposed: Map<ImportedTarget, string>;
  project?: string;
}

const FIELD_WORD: Record<FoundSecret['field'], string> = {
  headers: 'header',
  env: 'env',
  oauth: 'oauth',
  args: 'argument',
};
const where = (f: FoundSecret) => `${f.server}: ${FIELD_WORD[f.field]} ${f.key}`;

/** `mcpo import --json`: what was written and moved, names only (never a value). */
export function importJson(r: ImportResult, o: ReportOptions): string {
  const doc = {
    format_version: 1,
    stack_file: o.out,
    servers: r.servers.length,
    targets: r.targets.map((t) => ({
      client: t.found.adapter.id,
      scope: t.found.scope,
      file: t.found.path,
      servers: t.servers,
    })),
    secrets_moved: [...r.secrets.store.keys()].map((name) => ({
      name,
      found: r.secrets.found.filter((f) => f.name === name).map(where),
    })),
    kept_inline: r.secrets.keptInline.map(where),
    skipped: r.skipped.map((s) => ({ what: s.what, reason: s.reason })),
    took_over: o.tookOver,
  };
  return JSON.stringify(doc, null, 2) + '\n';
}

export function reportImport(io: Io, r: ImportResult, o: ReportOptions, json = false): void {
  const shown = (p: string) => tildePath(p, o.home);
  if (!json) for (const s of r.skipped) io.err(`Skipped ${s.what}: ${s.reason}`);
  for (const t of r.targets) {
    for (const c of t.clashes) {
      io.err(
        `Note: ${c.entryName} in ${shown(t.found.path)} differs from the ${c.entryName} found earlier; it is in the stack as ${c.keptAs} and mcpo leaves that entry alone (make the definitions the same to manage it).`,
      );
    }
  }
  const lines: string[] = [];
  const count = (n: number, what: string) => `${n} ${what}${n === 1 ? '' : 's'}`;
  lines.push(
    `Wrote ${o.out}: ${count(r.servers.length, 'server')} from ${count(r.targets.length, 'client file')}.`,
  );
  for (const t of r.targets)
    lines.push(
      `  ${t.found.adapter.id} (${t.found.scope})  ${shown(t.found.path)}  ${t.servers.join(', ') || '(none managed)'}`,
    );
  const names = [...r.secrets.store.keys()];
  if (names.length) {
    lines.push(
      `Moved ${count(names.length, 'secret')} into the keychain (service mcpo), referenced as \${secret:NAME}:`,
    );
    for (const n of names)
      lines.push(
        `  ${n}  (${r.secrets.found
          .filter((f) => f.name === n)
          .map(where)
          .join('; ')})`,
      );
    lines.push('The client files still hold the values; import never changes them.');
  }
  io.out(json ? importJson(r, o) : lines.join('\n') + '\n');
  if (r.secrets.keptInline.length) {
    io.err(
      `Warning: --keep-secrets-inline left ${count(r.secrets.keptInline.length, 'secret-looking value')} in plain text in ${o.out} (${r.secrets.keptInline.map(where).join('; ')}). Do not commit that file; run \`mcpo import --force\` without the flag to move them into the keychain.`,
    );
  }
  for (const [t, why] of o.exposed) {
    io.err(
      `Warning: ${shown(t.found.path)} holds secret values and ${why}. The stack keeps \`secrets: inline\` for ${t.found.adapter.id} (project) so nothing changes now; set \`secrets: env\` there to have the next apply replace the values with environment references.`,
    );
  }
  for (const w of o.tookOver) io.err(`Note: the new stack now manages ${w}.`);
  const project = o.project ? ` --project ${o.project}` : '';
  io.err(`Next: mcpo plan${stackFlag(o.out)}${project}   (should say "No changes.")`);
}

function stackFlag(out: string): string {
  const rel =
    out.endsWith('/mcp.stack.yaml') && out.slice(0, -'/mcp.stack.yaml'.length) === process.cwd();
  return rel ? '' : ` --stack ${out}`;
}
