// VS Code (native MCP, Copilot agent mode): profile `mcp.json` (user) and `.vscode/mcp.json` (project),
// JSONC with top-level `servers` (not `mcpServers`) and `inputs` (promptString ones for `secrets: inputs`).
// Schema: https://github.com/microsoft/vscode/blob/main/src/vs/workbench/contrib/mcp/common/mcpConfiguration.ts
// Docs: https://code.visualstudio.com/docs/copilot/reference/mcp-configuration
import type { ClientAdapter } from './contract.js';
import type { NativeEntry, Scope, Transport } from '../types.js';
import { jsoncFormat } from '../formats/json.js';
import { withPromptInputs } from '../delivery/inputs-mode.js';
import { codeUserDir, joinFor } from './paths.js';
import {
  keepAbsent,
  missingField,
  parseCommon,
  rejectRemoteCwd,
  rejectTransport,
  rejectUnsupported,
  remoteFields,
  stdioFields,
  withClientOptions,
  rejectOptions,
} from './entry.js';
import { optionFields, parseOptions, type OptionFields } from './options.js';

const ID = 'vscode';
const TITLE = 'VS Code';
const TYPES: Record<string, Transport> = { stdio: 'stdio', http: 'http', sse: 'sse' };

/** Only a pre-registered OAuth client id has a place in mcp.json. */
const OPTIONS: OptionFields = { oauth: { key: 'oauth', clientId: 'clientId' } };

export const vscode: ClientAdapter = {
  id: ID,
  title: TITLE,
  docs: [
    'https://code.visualstudio.com/docs/copilot/reference/mcp-configuration',
    'https://github.com/microsoft/vscode/blob/main/src/vs/workbench/contrib/mcp/common/mcpConfiguration.ts',
  ],
  scopes: ['user', 'project'],
  // `secrets: inputs` adds the promptString inputs its `${input:...}` references need.
  format: withPromptInputs(jsoncFormat),
  // The default profile only: named profiles live under User/profiles/<id>/ (use `path:` for those).
  configPath(scope: Scope, ctx) {
    return scope === 'project'
      ? joinFor(ctx, ctx.projectDir, '.vscode', 'mcp.json')
      : joinFor(ctx, codeUserDir(ctx), 'mcp.json');
  },
  installDir: (ctx) => codeUserDir(ctx),
  entriesPath: () => ['servers'],
  render(server) {
    const problem =
      missingField(server) ??
      rejectOptions(server, TITLE, ID, ['oauth.clientId']) ??
      rejectTransport(server, TITLE, ID, ['ws']) ??
      rejectRemoteCwd(server, TITLE) ??
      // The schema has no disabled or timeout field and forbids unknown keys.
      rejectUnsupported(server, TITLE, ID, ['disabled', 'timeout']);
    if (problem) return problem;
    // The docs call `type` required even though the schema's examples leave it out: always write it.
    let entry: NativeEntry;
    if (server.transport === 'stdio') {
      entry = { type: 'stdio', ...stdioFields(server) };
      if (server.cwd) entry.cwd = server.cwd;
    } else {
      entry = { type: server.transport, ...remoteFields(server) };
    }
    Object.assign(entry, optionFields(server, OPTIONS));
    return withClientOptions(entry, server, ID);
  },
  parse(name, entry) {
    const type = typeof entry.type === 'string' ? TYPES[entry.type] : undefined;
    // Without a type VS Code goes by shape; a url is tried as Streamable HTTP first.
    const transport: Transport =
      type ?? (typeof entry.url === 'string' && entry.command === undefined ? 'http' : 'stdio');
    const options = parseOptions(entry, OPTIONS);
    const spec = {
      ...parseCommon(ID, name, entry, transport, [...options.consumed, ...(type ? ['type'] : [])], {
        cwd: transport === 'stdio',
      }),
      ...options.spec,
    };
    // An untyped entry VS Code reads by shape (command: stdio; url: Streamable HTTP, then SSE)
    // is kept untyped, so import takes it as it is.
    return keepAbsent(spec, ID, entry, ['type']);
  },
  restartHint:
    'VS Code watches mcp.json: servers restart on change (or run "MCP: List Servers" to start them).',
};
