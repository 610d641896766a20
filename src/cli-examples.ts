import type { Command } from 'commander';

/** Examples shown at the end of each command's `--help`, keyed by the command's path. */
const EXAMPLES: Record<string, string[]> = {
  plan: [
    'mcpo plan',
    'mcpo plan --client cursor --diff',
    'mcpo plan --out tomorrow.plan && mcpo apply tomorrow.plan',
  ],
  apply: ['mcpo apply', 'mcpo apply -y --client claude-code', 'mcpo apply tomorrow.plan'],
  validate: ['mcpo validate', 'mcpo validate --json'],
  clients: ['mcpo clients', 'mcpo clients --json'],
  rollback: ['mcpo rollback', 'mcpo rollback -y --force'],
  'secret set': [
    'mcpo secret set github-token',
    'printf %s "$TOKEN" | mcpo secret set github-token',
  ],
  'secret list': ['mcpo secret list', 'mcpo secret list --json'],
  'secret rm': ['mcpo secret rm github-token'],
  doctor: ['mcpo doctor', 'mcpo doctor github memory --timeout 60', 'mcpo doctor --client cursor'],
  logs: ['mcpo logs github', 'mcpo logs github --client claude-desktop -f'],
  import: ['mcpo import', 'mcpo import --client cursor --out team.stack.yaml'],
  init: ['mcpo init', 'mcpo init --include development research'],
  use: ['mcpo use', 'mcpo use research', 'mcpo use development --client cursor', 'mcpo use --all'],
  status: ['mcpo status', 'mcpo status --json'],
  add: [
    'mcpo add memory -- npx -y @modelcontextprotocol/server-memory',
    'mcpo add github --url https://api.githubcopilot.com/mcp/ --header "Authorization: Bearer ${secret:github-token}"',
    'mcpo add filesystem --from io.github.modelcontextprotocol/server-filesystem --to development',
  ],
  search: ['mcpo search github', 'mcpo search postgres --json'],
  remove: ['mcpo remove memory'],
  new: ['mcpo new my-tools', 'mcpo new my-tools --template python'],
  lock: ['mcpo lock', 'mcpo lock --check', 'mcpo lock --check --live', 'mcpo lock --update memory'],
  outdated: ['mcpo outdated', 'mcpo outdated --json'],
  login: ['mcpo login linear', 'mcpo login linear --no-browser'],
  logout: ['mcpo logout linear'],
  'auth status': ['mcpo auth status', 'mcpo auth status --json'],
  'gateway status': ['mcpo gateway status', 'mcpo gateway status --json'],
  show: ['mcpo show github', 'mcpo show github --client cursor --json'],
  completion: [
    'mcpo completion bash > ~/.local/share/bash-completion/completions/mcpo',
    'mcpo completion zsh > "${fpath[1]}/_mcpo"',
    'mcpo completion fish > ~/.config/fish/completions/mcpo.fish',
  ],
};

/** Adds an `Examples:` block to every command that has examples (sub-commands included). */
export function addExamples(program: Command): void {
  const visit = (cmd: Command, prefix: string) => {
    for (const sub of cmd.commands) {
      const path = prefix ? `${prefix} ${sub.name()}` : sub.name();
      const lines = EXAMPLES[path];
      if (lines)
        sub.addHelpText('after', `\nExamples:\n${lines.map((l) => `  $ ${l}`).join('\n')}\n`);
      visit(sub, path);
    }
  };
  visit(program, '');
}
