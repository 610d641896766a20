import type { Io } from '../io.js';
import type { CommandOptions } from './run-command.js';
import { openSession, requireClient } from './session.js';
import { McpoError } from '../errors.js';
import { loadClients } from '../clients/index.js';
import { suggestion } from '../stack/suggest.js';
import { desiredServers, targetServers } from '../plan/build.js';
import { renderForTarget } from '../plan/deliver.js';
import { currentLauncher } from '../delivery/launcher-mode.js';
import { Redactor } from '../secrets/redact.js';
import { secretNamesIn } from '../secrets/tokens.js';
import { renderShowJson, renderShowText, type ShownServer } from '../render/show-text.js';
import { colorsFor } from '../render/colors.js';

/**
 * `mcpo show SERVER [--client ID] [--json]`: the server as the stack defines it after includes,
 * the local override and interpolation, and the entry each targeted client gets (its delivery
 * mode applied), like `claude mcp get`. Secrets stay `${secret:NAME}` references; credentials
 * written literally in the stack are masked by the one rule (secrets/redact.ts).
 */
export async function run(opts: CommandOptions, io: Io): Promise<number> {
  const name = opts.server as string;
  const only = (opts.client as string[] | undefined) ?? [];
  const s = await openSession({
    stack: opts.stack as string,
    project: opts.project as string | undefined,
    secrets: false,
  });
  await loadClients(only);
  for (const id of only) requireClient(id);
  const server = s.stack.servers[name];
  if (!server) {
    const names = Object.keys(s.stack.servers);
    throw new McpoError(
      'unknown-server',
      `${s.stack.file} has no server \`${name}\`${suggestion(name, names)}.`,
      {
        hint: names.length
          ? `servers in the stack: ${names.join(', ')}`
          : 'add one with `mcpo add NAME -- COMMAND ARGS...`',
      },
    );
  }
  const redact = new Redactor();
  const stacks = Object.values(s.stack.stacks)
    .filter((d) => d.servers.includes(name))
    .map((d) => d.name);
  // Secret references show as (sensitive) by the one masking rule; their names are listed instead.
  const secrets = [...secretNamesIn(server)].sort();
  const shown: ShownServer = {
    name,
    stackFile: s.stack.file,
    stacks,
    secrets,
    definition: redact.value(withoutSource(server)),
    targets: [],
  };
  for (const t of s.stack.targets) {
    if (only.length && !only.includes(t.client)) continue;
    // Through a gateway, the server lives behind the target's one gateway entry.
    const viaGateway =
      t.via === 'gateway' && targetServers(t, s.stack).some((x) => x.name === name);
    const listed = desiredServers(t, s.stack).find((x) => viaGateway || x.name === name);
    if (!listed) continue;
    const adapter = requireClient(t.client);
    const file = t.path ?? adapter.configPath(t.scope, s.ctx);
    const d = renderForTarget(listed, t, adapter, s.stack.file, currentLauncher());
    const base = {
      client: t.client,
      scope: t.scope,
      file,
      entries: adapter.entriesPath(t.scope, s.ctx),
      secrets: t.secrets,
      ...(viaGateway ? { gateway: listed.name } : {}),
    };
    if ('problem' in d) shown.targets.push({ ...base, problem: d.problem.message });
    else if (!d.render.ok) shown.targets.push({ ...base, problem: d.render.message });
    else
      shown.targets.push({
        ...base,
        entry: redact.value(d.render.entry),
        vars: d.vars.map((v) => v.name),
      });
  }
  io.out(opts.json ? renderShowJson(shown) : renderShowText(shown, colorsFor(io.color)));
  return 0;
}

function withoutSource(server: object): object {
  const { source: _source, name: _name, ...rest } = server as { source?: unknown; name?: string };
  return rest;
}
