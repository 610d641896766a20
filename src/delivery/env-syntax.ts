/**
 * How each client spells "the value of environment variable VAR" inside its config file
 * (shared/reference/clients.md, section 13.5). Kept here, not in the adapters, so that
 * `secrets: env` works the same for every client that has such a syntax.
 *
 * - Claude Code `${VAR}`: https://docs.anthropic.com/en/docs/claude-code/mcp#environment-variable-expansion-in-mcp-json
 * - Cursor, VS Code, Cline, Roo Code, Windsurf `${env:VAR}`
 * - opencode `{env:VAR}`: https://opencode.ai/docs/config/#variables
 * - Gemini CLI, Qwen Code `$VAR`
 * - Codex: names only (`env_vars`, `bearer_token_env_var`, `env_http_headers`), not a string syntax:
 *   https://github.com/openai/codex/blob/main/docs/config.md
 */
/** `names`: the client lists variable names in fields of its own (Codex), see codex-env.ts. */
export type EnvSyntax =
  | { kind: 'template'; ref: (name: string) => string }
  | { kind: 'names' }
  | { kind: 'none' };

const template = (ref: (name: string) => string): EnvSyntax => ({ kind: 'template', ref });
const dollarBrace = template((v) => `\${${v}}`);
const envColon = template((v) => `\${env:${v}}`);
const dollar = template((v) => `$${v}`);

const SYNTAX: Record<string, EnvSyntax> = {
  'claude-code': dollarBrace,
  cursor: envColon,
  vscode: envColon,
  cline: envColon,
  'roo-code': envColon,
  windsurf: envColon,
  opencode: template((v) => `{env:${v}}`),
  'gemini-cli': dollar,
  'qwen-code': dollar,
  codex: { kind: 'names' },
};

/** The client's syntax for an environment reference; `none` for clients without one (Claude Desktop, Zed, ...). */
export function envSyntax(client: string): EnvSyntax {
  return SYNTAX[client] ?? { kind: 'none' };
}
