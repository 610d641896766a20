import type { StatusMatrix } from '../status/matrix.js';

/**
 * The documented `mcpo status --json` shape (stable; fields are only ever added):
 * { format_version: 1,
 *   targets: [{ id: "client (scope)", client, scope, path }],
 *   servers: [{ name, in_stack, states: { "<target id>": state }, unknown_secrets: { "<target id>": [name] },
 *               owners: { "<target id>": "<another stack file that manages the entry there>" } }],
 *   skipped: [{client, scope, path, reason}], errors: [{code, message, hint?, loc?}],
 *   notices: [{code, message, hint?, client, path, server}] }
 * state is one of in-sync, drifted, missing, outdated, disabled, unmanaged, not-applicable.
 * Secret names only; never a value.
 */
export function renderStatusJson(m: StatusMatrix): string {
  const view = {
    format_version: 1,
    targets: m.columns.map((c) => ({
      id: c.label,
      client: c.client,
      scope: c.scope,
      path: c.path,
    })),
    servers: m.rows.map((r) => ({
      name: r.server,
      in_stack: r.inStack,
      states: Object.fromEntries(r.cells.map((cell, i) => [m.columns[i]!.label, cell.state])),
      unknown_secrets: Object.fromEntries(
        r.cells.flatMap((cell, i) =>
          cell.unknownSecrets ? [[m.columns[i]!.label, cell.unknownSecrets]] : [],
        ),
      ),
      owners: Object.fromEntries(
        r.cells.flatMap((cell, i) => (cell.owner ? [[m.columns[i]!.label, cell.owner]] : [])),
      ),
    })),
    skipped: m.skipped,
    errors: m.errors,
    notices: m.notices,
  };
  return JSON.stringify(view, null, 2) + '\n';
}
