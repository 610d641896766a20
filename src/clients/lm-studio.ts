// LM Studio (>= 0.3.17): ~/.lmstudio/mcp.json, `mcpServers` in Cursor's notation
// (command/args/env or url/headers).
// Docs: https://lmstudio.ai/docs/app/mcp (source: lmstudio-ai/docs 0_app/2_mcp/index.mdx)
import type { ClientAdapter } from './contract.js';
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

const ID = 'lm-studio';
const TITLE = 'LM Studio';

export const lmStudio: ClientAdapter = {
  id: ID,
  title: TITLE,
  docs: ['https://lmstudio.ai/docs/app/mcp'],
  scopes: ['user'],
  format: jsonFormat,
  // Some macOS installs keep their home elsewhere (~/.cache/lm-studio); those users set `path:`.
  configPath: (_scope, ctx) => joinFor(ctx, ctx.home, '.lmstudio', 'mcp.json'),
  installDir: (ctx) => joinFor(ctx, ctx.home, '.lmstudio'),
  entriesPath: () => ['mcpServers'],
  render(server) {
    const problem =
      missingField(server) ??
      rejectOptions(server, TITLE, ID, []) ??
      rejectTransport(server, TITLE, ID, ['ws']) ??
      rejectUnsupported(server, TITLE, ID, ['cwd', 'disabled', 'timeout']);
    if (problem) return problem;
    // As in Cursor, the transport of a url is negotiated: http and sse are both a bare url.
    return withClientOptions(
      server.transport === 'stdio' ? stdioFields(server) : remoteFields(server),
      server,
      ID,
    );
  },
  parse(name, entry) {
    const remote = typeof entry.url === 'string' && entry.command === undefined;
    return parseCommon(ID, name, entry, remote ? 'http' : 'stdio');
  },
  restartHint:
    'LM Studio reloads mcp.json when saved from its editor; otherwise restart LM Studio.',
};
