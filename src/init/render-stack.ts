/**
 * The text of the stack file `mcpo init` writes. Pure: the built-ins, the clients found on this
 * machine and the schema reference come in, a commented YAML document goes out. Everything the
 * user has to decide (targets, vars, own servers) is there as comments to uncomment, so the file
 * is valid as written and `mcpo plan` on it changes nothing until a target is switched on.
 */
import type { BuiltinStackInfo } from './builtins.js';

export interface InitStackInput {
  builtins: BuiltinStackInfo[];
  /** Ids of the clients that look installed here, in registry order. */
  detectedClients: string[];
  /** What the modeline points at: a relative path or a file:// URL of schemas/stack.schema.json. */
  schemaRef: string;
}

/** Client shown in the example targets when none is detected: the most common one. */
const FALLBACK_CLIENT = 'claude-code';

export function renderInitStack(input: InitStackInput): string {
  const { builtins, detectedClients } = input;
  const stackNames = builtins.flatMap((b) => b.stacks.map((s) => s.name));
  const lines: string[] = [
    `# yaml-language-server: $schema=${input.schemaRef}`,
    '# MCP servers for your AI clients, declared once. Written by `mcpo init`.',
    "#   mcpo plan    shows what would change in each client's config",
    '#   mcpo apply   writes exactly that (and `mcpo rollback` undoes it)',
    '# Personal settings (your own vars, servers, targets) go in mcp.stack.local.yaml beside this',
    '# file; it is git-ignored and merged on top of this one.',
    'version: 1',
    '',
    '# Built-in workflow stacks (servers and named stacks, no clients), shipped with mcpo:',
  ];
  for (const b of builtins) {
    for (const s of b.stacks) {
      lines.push(
        `#   ${s.name}: ${s.servers.join(', ')}${s.description ? ` (${s.description})` : ''}`,
      );
    }
  }
  lines.push(`include: [${builtins.map((b) => b.name).join(', ')}]`, '');

  const secrets = builtins.flatMap((b) => b.secrets);
  if (secrets.length > 0) {
    lines.push(
      '# These servers need a key. Store each one in your OS keychain before `mcpo apply`:',
    );
    for (const s of secrets) lines.push(`#   mcpo secret set ${s.name}    (for ${s.server})`);
    lines.push('');
  }

  const vars = Object.assign({}, ...builtins.map((b) => b.vars)) as Record<string, string>;
  if (Object.keys(vars).length > 0) {
    lines.push(
      '# Settings of the built-in servers; uncomment to change them (these win over the defaults).',
      '# vars:',
    );
    for (const [k, v] of Object.entries(vars)) lines.push(`#   ${k}: ${v}`);
    lines.push('');
  }

  lines.push(
    '# Your own servers; `mcpo new NAME` and `mcpo add NAME -- COMMAND` add them here. A server',
    '# with the name of a built-in one replaces it when it says `override: true`.',
    '# servers:',
    '#   my-server:',
    '#     command: npx',
    '#     args: [-y, some-mcp-server]',
    '',
  );

  const clients = detectedClients.length > 0 ? detectedClients : [FALLBACK_CLIENT];
  lines.push(
    detectedClients.length > 0
      ? `# Which clients get which stacks. Found on this machine: ${detectedClients.join(', ')}.`
      : '# Which clients get which stacks. No supported client was found on this machine; `mcpo clients` lists them all.',
    "# Uncomment the ones you use, then run `mcpo plan`. Add `scope: project` to write the project's",
    '# own config file (e.g. .mcp.json) instead of your user config, where the client has one.',
    '# clients:',
  );
  const width = Math.max(...clients.map((c) => c.length)) + 1;
  for (const c of clients)
    lines.push(`#   ${`${c}:`.padEnd(width)} { stacks: [${stackNames.join(', ')}] }`);
  return lines.join('\n') + '\n';
}
