import type { Plan } from '../types.js';
import { maskValue } from '../secrets/redact.js';
import { summarize } from '../plan/summary.js';

/**
 * The documented `--json` shape (stable; fields are only ever added):
 * { format_version: 1, summary: {add, change, remove}, changes: boolean,
 *   targets: [{ client, scope, path, exists, readers: [client id], changes: [{ action, server, drift, adopt, owner?, fields: [{path, before?, after?, sensitive}], after? }],
 *     gateway?: { servers, renamed: [{as, server, name}] } }],
 *   skipped: [{client, scope, path, reason}], missing_secrets: [name], errors: [{code, message, hint?, loc?}],
 *   env_vars: [{name, secret, targets: ["client (scope)"]}],
 *   notices: [{code, message, hint?, client, path, server}] }
 * `readers`: every client that reads the file (a file such as `<project>/.mcp.json` is read by
 * several; the stack's targets on one file are planned as this one target, `client` the first).
 * `owner` (absolute stack file path) is present when another stack file manages the entry: a
 * `noop` left to it, or with `--take-over NAME` the change that takes it over (`adopt` true).
 * Secret values never appear: a field with anything masked has `sensitive: true`, and the masked
 * parts (a whole value, or the credential of `--token=V` / `Bearer V`) read "(sensitive)".
 */
export function renderPlanJson(plan: Plan): string {
  const summary = summarize(plan);
  const view = {
    format_version: 1,
    summary,
    changes: summary.add + summary.change + summary.remove > 0,
    targets: plan.targets.map((t) => ({
      client: t.client,
      scope: t.scope,
      path: t.path,
      exists: t.exists,
      readers: t.readers ?? [t.client],
      changes: t.changes.map((c) => ({
        action: c.action,
        server: c.server,
        drift: c.drift,
        adopt: c.adopt,
        ...(c.owner ? { owner: c.owner } : {}),
        fields: c.fields,
        ...(c.after ? { after: maskValue(c.after) } : {}),
      })),
      ...(t.gateway ? { gateway: t.gateway } : {}),
    })),
    skipped: plan.skipped,
    missing_secrets: plan.missingSecrets,
    errors: plan.errors,
    env_vars: plan.envVars ?? [],
    notices: plan.notices ?? [],
  };
  return JSON.stringify(view, null, 2) + '\n';
}
