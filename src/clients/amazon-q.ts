// Amazon Q Developer CLI, legacy MCP files: ~/.aws/amazonq/mcp.json (user) and .amazonq/mcp.json
// (project), `mcpServers`; stdio `{command, args, env, timeout (ms)}`. Newer versions read them when an
// agent sets `"useLegacyMcpJson": true`.
// Docs: https://github.com/aws/amazon-q-developer-cli/blob/main/docs/agent-format.md ,
//   https://docs.aws.amazon.com/amazonq/latest/qdeveloper-ug/qdev-mcp.html
import type { ClientAdapter } from './contract.js';
import type { NativeEntry, Scope, Transport } from '../types.js';
import { jsonFormat } from '../formats/json.js';
import { joinFor } from './paths.js';
import {
  missingField,
  parseCommon,
  rejectTransport,
  rejectUnsupported,
  remoteFields,
  stdioFields,
  withClientOptions,
  rejectOptions,
} from './entry.js';

const ID = 'amazon-q';
const TITLE = 'Amazon Q';

export const amazonQ: ClientAdapter = {
  id: ID,
  title: TITLE,
  docs: [
    'https://github.com/aws/amazon-q-developer-cli/blob/main/docs/agent-format.md',
    'https://docs.aws.amazon.com/amazonq/latest/qdeveloper-ug/qdev-mcp.html',
  ],
  scopes: ['user', 'project'],
  format: jsonFormat,
  configPath(scope: Scope, ctx) {
    return scope === 'project'
      ? joinFor(ctx, ctx.projectDir, '.amazonq', 'mcp.json')
      : joinFor(ctx, ctx.home, '.aws', 'amazonq', 'mcp.json');
  },
  installDir: (ctx) => joinFor(ctx, ctx.home, '.aws', 'amazonq'),
  entriesPath: () => ['mcpServers'],
  render(server) {
    // Only Streamable HTTP is documented for remote servers; `disabled` is not documented at all.
    const problem =
      missingField(server) ??
      rejectOptions(server, TITLE, ID, []) ??
      rejectTransport(server, TITLE, ID, ['sse', 'ws']) ??
      rejectUnsupported(server, TITLE, ID, ['cwd', 'disabled']);
    if (problem) return problem;
    // UNVERIFIED: the remote field names (`type: "http"`, `url`, `headers`) are not in the published
    // agent format; they follow the AWS docs' prose and the common convention.
    const entry: NativeEntry =
      server.transport === 'stdio'
        ? stdioFields(server)
        : { type: 'http', ...remoteFields(server) };
    if (server.timeout !== undefined) entry.timeout = Math.round(server.timeout * 1000);
    return withClientOptions(entry, server, ID);
  },
  parse(name, entry) {
    const remote = typeof entry.url === 'string' && entry.command === undefined;
    const transport: Transport = remote ? (entry.type === 'sse' ? 'sse' : 'http') : 'stdio';
    const typed = remote ? entry.type === 'http' : entry.type === 'stdio';
    const timed = typeof entry.timeout === 'number';
    const spec = parseCommon(ID, name, entry, transport, [
      ...(typed ? ['type'] : []),
      ...(timed ? ['timeout'] : []),
    ]);
    if (timed) spec.timeout = (entry.timeout as number) / 1000;
    return spec;
  },
  restartHint: 'Start a new Amazon Q chat session (q chat).',
};
