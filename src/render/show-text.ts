import type { Colors } from './colors.js';

/** One server as `mcpo show` presents it; every value already masked by the caller. */
export interface ShownServer {
  name: string;
  stackFile: string;
  stacks: string[];
  /** Names of the secrets the server references (values are never shown). */
  secrets: string[];
  definition: object;
  targets: ShownTarget[];
}

export interface ShownTarget {
  client: string;
  scope: string;
  file: string;
  /** Path of the servers map inside the file, e.g. ["mcpServers"]. */
  entries: string[];
  secrets: string;
  /** The entry the client gets, or why it cannot express the server. */
  entry?: unknown;
  problem?: string;
  /** `via: gateway`: the name of the gateway entry that serves the server (shown as `entry`). */
  gateway?: string;
  /** Environment variables the client must have (env delivery). */
  vars?: string[];
}

/** `--json`: one documented shape, `format_version` first like plan and status. */
export function renderShowJson(s: ShownServer): string {
  const targets = s.targets.map((t) => ({
    client: t.client,
    scope: t.scope,
    file: t.file,
    key: [...t.entries, t.gateway ?? s.name],
    secrets: t.secrets,
    ...(t.gateway ? { via: 'gateway' } : {}),
    ...(t.problem ? { problem: t.problem } : { entry: t.entry, env_vars: t.vars ?? [] }),
  }));
  const doc = {
    format_version: 1,
    server: s.name,
    stack_file: s.stackFile,
    stacks: s.stacks,
    secrets: s.secrets,
    definition: s.definition,
    targets,
  };
  return JSON.stringify(doc, null, 2) + '\n';
}

export function renderShowText(s: ShownServer, c: Colors): string {
  const out: string[] = [];
  const inStacks = s.stacks.length ? `; stacks: ${s.stacks.join(', ')}` : '';
  out.push(`${c.bold(s.name)} ${c.dim(`(${s.stackFile}${inStacks})`)}`);
  out.push(indent(JSON.stringify(s.definition, null, 2)));
  if (s.secrets.length)
    out.push(`  ${c.dim(`secrets (from the keychain or MCPO_SECRET_*): ${s.secrets.join(', ')}`)}`);
  out.push('');
  if (!s.targets.length)
    out.push(
      c.yellow('No target of the stack lists this server (add it to a stack a client uses).'),
    );
  for (const t of s.targets) {
    const via = t.gateway ? ' (through the gateway)' : '';
    const where = `${t.file} ${c.dim(`-> ${[...t.entries, t.gateway ?? s.name].join('.')}${via}`)}`;
    out.push(`${c.cyan(t.client)} ${c.dim(`(${t.scope}, secrets: ${t.secrets})`)} ${where}`);
    if (t.problem) out.push(`  ${c.red(t.problem)}`);
    else out.push(indent(JSON.stringify(t.entry, null, 2)));
    if (t.vars?.length)
      out.push(`  ${c.dim(`needs in the client's environment: ${t.vars.join(', ')}`)}`);
    out.push('');
  }
  return out.join('\n').replace(/\n*$/, '\n');
}

const indent = (s: string) =>
  s
    .split('\n')
    .map((l) => `  ${l}`)
    .join('\n');
