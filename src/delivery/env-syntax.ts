/**
 * How each client spells "the value of environment variable VAR" inside its config file
 * (shared/reference/clients.md, section 13.5). Kept here, not in the adapters, so that
 * `secrets: env` works the same for every client that has such a syntax.
 *
 * - Claude Code `${VAR}`: https://docs.anthropic.com/en/docs/claude-code/mcp#environment-variable-expansion-in-mcp-json
 * - Cursor, VS Code, Cline, Roo Code, Windsurf `${env:VAR}`
 * - opencode `{env:VAR}`: https://opencode.ai/docs/config/#variables
 * - Gemini CLI, Qwen Code `$VAR`
 * - Factory droid, Qoder CLI `${VAR}` (seen with droid 0.225.2 and qodercli 1.1.52: a server whose
 *   env holds `${VAR}` connects in `mcp list`; droid does not expand `$VAR`, Qoder does too)
 * - Auggie `${VAR}` (`${VAR:-default}` too), in env, args, cwd: `_expandConfigVariables` in the
 *   @augmentcode/auggie 0.36.0 bundle
 * - Kilo CLI `{env:VAR}`, opencode's (seen with kilo 7.7.7; it does not expand `${VAR}` or `$VAR`)
 * - Grok CLI: none (its settings' `env` is merged into the server's environment verbatim:
 *   @vibe-kit/grok-cli 0.0.34 dist/mcp/transports.js). Amp: none known (its binary is packed,
 *   its list command does not connect, and its manual shows no reference syntax).
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
const braceEnv = template((v) => `{env:${v}}`);

const SYNTAX: Record<string, EnvSyntax> = {
  'claude-code': dollarBrace,
  cursor: envColon,
  vscode: envColon,
  cline: envColon,
  'roo-code': envColon,
  windsurf: envColon,
  opencode: braceEnv,
  'gemini-cli': dollar,
  'qwen-code': dollar,
  // Qoder shares <project>/.mcp.json with Claude Code: `${VAR}` is valid for both readers.
  'qoder-cli': dollarBrace,
  droid: dollarBrace,
  auggie: dollarBrace,
  // Kilo shares <project>/opencode.json with opencode: `{env:VAR}` is valid for both.
  'kilo-cli': braceEnv,
  codex: { kind: 'names' },
};

/** The client's syntax for an environment reference; `none` for clients without one (Claude Desktop, Zed, ...). */
export function envSyntax(client: string): EnvSyntax {
  return SYNTAX[client] ?? { kind: 'none' };
}
