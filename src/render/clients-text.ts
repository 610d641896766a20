import type { Colors } from './colors.js';

/** One row of `mcpo clients`: the client, whether it is installed, its files, who replaced whom. */
export interface ClientRow {
  id: string;
  title: string;
  installed: boolean;
  /** The client that replaced this one; this id keeps working in stacks. */
  successor?: string;
  /** Clients this one replaced (Devin Desktop succeeds windsurf). */
  succeeds?: string[];
  scopes: { scope: string; path: string; entries: string[]; exists: boolean }[];
}

/** The human view of the rows (`--json` prints the rows themselves). */
export function renderClientsText(rows: ClientRow[], c: Colors): string {
  let out = '';
  for (const r of rows) {
    const state = r.installed ? c.green('installed') : c.dim('not found');
    out += `${c.bold(r.id)}  ${r.title}  ${state}${lineage(r, c)}\n`;
    for (const sc of r.scopes) {
      const inside = sc.entries.length > 1 ? ` (${sc.entries.join(' > ')})` : '';
      out += `  ${sc.scope.padEnd(8)} ${sc.path}${inside}${sc.exists ? '' : c.dim(' (absent)')}\n`;
    }
  }
  return out;
}

/** `windsurf -> devin-desktop` on the old client, `succeeds windsurf` on the new one. */
function lineage(r: ClientRow, c: Colors): string {
  const parts: string[] = [];
  if (r.successor) parts.push(c.yellow(`replaced: ${r.id} -> ${r.successor}`));
  if (r.succeeds?.length) parts.push(c.dim(`succeeds ${r.succeeds.join(', ')}`));
  return parts.length ? `  ${parts.join('  ')}` : '';
}
