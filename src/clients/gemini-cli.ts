// Gemini CLI: ~/.gemini/settings.json (user) and .gemini/settings.json (project), `mcpServers`.
// Comments are allowed (strip-json-comments on read, comment-json on write).
// Schema: https://github.com/google-gemini/gemini-cli/blob/main/schemas/settings.schema.json ($defs.MCPServerConfig)
// Docs: https://github.com/google-gemini/gemini-cli/blob/main/docs/tools/mcp-server.md
import type { ClientAdapter } from './contract.js';
import type { NativeEntry, Scope, Transport } from '../types.js';
import { jsoncFormat } from '../formats/json.js';
import { joinFor } from './paths.js';
import { optionFields, parseOptions, type OptionFields } from './options.js';
import {
  type StackOption,
  missingField,
  parseCommon,
  rejectOptions,
  rejectRemoteCwd,
  rejectTransport,
  rejectUnsupported,
  remoteFields,
  stdioFields,
  withClientOptions,
} from './entry.js';

/**
 * Gemini CLI and its forks that kept the settings format (Qwen Code) differ only in folder and name.
 * `tools` maps to `includeTools`/`excludeTools` and `auto_approve: true` to `trust`; `oauth` only where
 * the fork is known to keep Gemini's OAuth block (`enabled: true` turns it on).
 */
export function geminiLike(
  id: string,
  title: string,
  folder: string,
  docs: string[],
  opts: { httpUrl?: boolean; oauth?: boolean } = {},
): ClientAdapter {
  const oauth = opts.oauth === true;
  const fields: OptionFields = {
    allow: 'includeTools',
    deny: 'excludeTools',
    approveAll: 'trust',
    ...(oauth
      ? {
          oauth: {
            key: 'oauth',
            fixed: { enabled: true },
            clientId: 'clientId',
            clientSecret: 'clientSecret',
            scopes: 'scopes',
          },
        }
      : {}),
  };
  const options: StackOption[] = [
    'tools.allow',
    'tools.deny',
    'autoApprove.all',
    ...(oauth ? (['oauth.clientId', 'oauth.clientSecret', 'oauth.scopes'] as const) : []),
  ];
  return {
    id,
    title,
    docs,
    scopes: ['user', 'project'],
    format: jsoncFormat,
    configPath(scope: Scope, ctx) {
      return joinFor(ctx, scope === 'project' ? ctx.projectDir : ctx.home, folder, 'settings.json');
    },
    installDir: (ctx) => joinFor(ctx, ctx.home, folder),
    entriesPath: () => ['mcpServers'],
    render(server) {
      // `tcp` (WebSocket) takes a bare host:port and no headers; not mapped until checked against the client.
      // There is no per-server disabled flag (only the top-level `mcp.excluded` list, which is not ours).
      const problem =
        missingField(server) ??
        rejectOptions(server, title, id, options) ??
        rejectTransport(server, title, id, ['ws']) ??
        rejectRemoteCwd(server, title) ??
        rejectUnsupported(server, title, id, ['disabled']);
      if (problem) return problem;
      let entry: NativeEntry;
      if (server.transport === 'stdio') {
        entry = stdioFields(server);
        if (server.cwd) entry.cwd = server.cwd;
      } else {
        // `url` + `type`, not the deprecated `httpUrl`; without a type it would try HTTP then fall back to SSE.
        const { url, ...rest } = remoteFields(server);
        // opts.httpUrl: the client ignores `type` and takes `url` for SSE; Streamable HTTP needs `httpUrl`.
        entry =
          opts.httpUrl && server.transport === 'http'
            ? { httpUrl: url, ...rest }
            : { url, type: server.transport, ...rest };
      }
      if (server.timeout !== undefined) entry.timeout = Math.round(server.timeout * 1000);
      Object.assign(entry, optionFields(server, fields));
      return withClientOptions(entry, server, id);
    },
    parse(name, entry) {
      const type =
        entry.type === 'http' || entry.type === 'sse' || entry.type === 'stdio'
          ? (entry.type as Transport)
          : undefined;
      const httpUrl =
        typeof entry.httpUrl === 'string' && entry.url === undefined ? entry.httpUrl : undefined;
      const remote =
        (typeof entry.url === 'string' || httpUrl !== undefined) && entry.command === undefined;
      // An untyped `url`: Gemini CLI tries HTTP first; a client with opts.httpUrl only speaks SSE to it.
      const transport: Transport =
        type ??
        (httpUrl !== undefined ? 'http' : remote ? (opts.httpUrl ? 'sse' : 'http') : 'stdio');
      const timed = typeof entry.timeout === 'number';
      const parsed = parseOptions(entry, fields);
      const consumed = [
        ...parsed.consumed,
        ...(type ? ['type'] : []),
        ...(httpUrl !== undefined ? ['httpUrl'] : []),
        ...(timed ? ['timeout'] : []),
      ];
      const spec = parseCommon(id, name, entry, transport, consumed, {
        cwd: transport === 'stdio',
      });
      if (httpUrl !== undefined) spec.url = httpUrl;
      if (timed) spec.timeout = (entry.timeout as number) / 1000;
      return { ...spec, ...parsed.spec };
    },
    restartHint: `Restart ${title} (mcpServers changes need a restart).`,
  };
}

export const geminiCli: ClientAdapter = geminiLike(
  'gemini-cli',
  'Gemini CLI',
  '.gemini',
  [
    'https://github.com/google-gemini/gemini-cli/blob/main/docs/tools/mcp-server.md',
    'https://github.com/google-gemini/gemini-cli/blob/main/schemas/settings.schema.json',
  ],
  { oauth: true },
);
