import type { ClientAdapter } from './contract.js';
import type { NativeEntry, PathContext, Scope, Transport } from '../types.js';
import type { ConfigFormat } from '../formats/contract.js';
import { jsonFormat } from '../formats/json.js';
import {
  type StackOption,
  missingField,
  parseCommon,
  rejectOptions,
  rejectRemoteCwd,
  rejectTransport,
  rejectUnsupported,
  stdioFields,
  withClientOptions,
} from './entry.js';
import { optionFields, parseOptions, type OptionFields } from './options.js';

/**
 * The most common dialect: `mcpServers` of `{command, args, env}` or `{url, headers}`, where the
 * client negotiates the remote transport (Streamable HTTP, falling back to SSE), so http and sse
 * are both a bare address and read back as http. What varies between such clients is given here.
 */
export interface PlainClient {
  id: string;
  title: string;
  docs: string[];
  scopes: Scope[];
  configPath(scope: Scope, ctx: PathContext): string;
  installDir(ctx: PathContext): string;
  restartHint: string;
  format?: ConfigFormat;
  /** Remote transports the client cannot use (WebSocket never is). */
  refuses?: Transport[];
  /** Key of the remote address when it is not `url` (Antigravity's `serverUrl`). */
  urlKey?: string;
  /** Key of a stdio server's working directory, when the client has one (Warp's `working_directory`). */
  cwdKey?: string;
  /** The client has a per-entry `disabled` flag. */
  disabled?: boolean;
  /** Native keys of the stack's tool and approval options (each must be documented). */
  options?: OptionFields;
}

export function plainClient(c: PlainClient): ClientAdapter {
  const { id, title } = c;
  const urlKey = c.urlKey ?? 'url';
  const fields = c.options ?? {};
  const handled: StackOption[] = [
    ...(fields.allow ? (['tools.allow'] as const) : []),
    ...(fields.deny ? (['tools.deny'] as const) : []),
    ...(fields.approveList ? (['autoApprove.list'] as const) : []),
    ...(fields.approveAll ? (['autoApprove.all'] as const) : []),
  ];
  const unsupported = [
    ...(c.cwdKey ? [] : ['cwd' as const]),
    ...(c.disabled ? [] : ['disabled' as const]),
    'timeout' as const,
  ];
  return {
    id,
    title,
    docs: c.docs,
    scopes: c.scopes,
    format: c.format ?? jsonFormat,
    configPath: c.configPath,
    installDir: c.installDir,
    entriesPath: () => ['mcpServers'],
    render(server) {
      const problem =
        missingField(server) ??
        rejectOptions(server, title, id, handled) ??
        rejectTransport(server, title, id, ['ws', ...(c.refuses ?? [])]) ??
        rejectRemoteCwd(server, title) ??
        rejectUnsupported(server, title, id, unsupported);
      if (problem) return problem;
      let entry: NativeEntry;
      if (server.transport === 'stdio') {
        entry = stdioFields(server);
        if (c.cwdKey && server.cwd) entry[c.cwdKey] = server.cwd;
      } else {
        entry = { [urlKey]: server.url };
        if (server.headers && Object.keys(server.headers).length)
          entry.headers = { ...server.headers };
      }
      if (c.disabled && server.disabled !== undefined) entry.disabled = server.disabled;
      Object.assign(entry, optionFields(server, fields));
      return withClientOptions(entry, server, id);
    },
    parse(name, entry) {
      const address = typeof entry[urlKey] === 'string' ? (entry[urlKey] as string) : undefined;
      const transport: Transport =
        address !== undefined && entry.command === undefined ? 'http' : 'stdio';
      const cwd =
        c.cwdKey && transport === 'stdio' && typeof entry[c.cwdKey] === 'string'
          ? (entry[c.cwdKey] as string)
          : undefined;
      const disabled = c.disabled && typeof entry.disabled === 'boolean';
      const options = parseOptions(entry, fields);
      const consumed = [
        ...options.consumed,
        ...(urlKey !== 'url' && transport === 'http' ? [urlKey] : []),
        ...(cwd !== undefined ? [c.cwdKey!] : []),
        ...(disabled ? ['disabled'] : []),
      ];
      // With another address key, a `url` beside it is not the address: it stays a client option.
      const spec = parseCommon(id, name, entry, transport, [
        ...consumed,
        ...(urlKey !== 'url' ? ['url'] : []),
      ]);
      if (urlKey !== 'url' && entry.url !== undefined) {
        spec.clientOptions = { [id]: { ...spec.clientOptions?.[id], url: entry.url } };
      }
      if (urlKey !== 'url' && transport === 'http') spec.url = address;
      if (cwd !== undefined) spec.cwd = cwd;
      if (disabled) spec.disabled = entry.disabled as boolean;
      return { ...spec, ...options.spec };
    },
    restartHint: c.restartHint,
  };
}
