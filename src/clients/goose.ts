// Goose: ~/.config/goose/config.yaml (Windows %APPDATA%\Block\goose\config\config.yaml), `extensions`
// map keyed by name; fields differ from other clients: `cmd`, `envs`, `uri`, `type: streamable_http`.
// Docs: https://block.github.io/goose/docs/guides/config-files
// Source: https://github.com/block/goose/blob/main/crates/goose/src/agents/extension.rs (ExtensionConfig)
import type { ClientAdapter } from './contract.js';
import type { NativeEntry, PathContext, Transport } from '../types.js';
import { yamlFormat } from '../formats/yaml.js';
import { appDataDir, joinFor, xdgConfigHome } from './paths.js';
import {
  fail,
  keepAbsent,
  missingField,
  parseCommon,
  rejectTransport,
  rejectUnsupported,
  withClientOptions,
  rejectOptions,
  isStringMap,
} from './entry.js';

const ID = 'goose';
const TITLE = 'Goose';

/** Goose picks its folders with `etcetera`'s app strategy: XDG on Linux and macOS, Roaming AppData on Windows. */
const configDir = (ctx: PathContext): string =>
  ctx.platform === 'win32'
    ? joinFor(ctx, appDataDir(ctx), 'Block', 'goose', 'config')
    : joinFor(ctx, xdgConfigHome(ctx), 'goose');

/** Written for a remote server the stack gives no description: the field must be there. */
const NO_DESCRIPTION = '';

export const goose: ClientAdapter = {
  id: ID,
  title: TITLE,
  docs: [
    'https://block.github.io/goose/docs/guides/config-files',
    'https://github.com/block/goose/blob/main/crates/goose/src/agents/extension.rs',
  ],
  scopes: ['user'],
  format: yamlFormat(),
  configPath: (_scope, ctx) => joinFor(ctx, configDir(ctx), 'config.yaml'),
  installDir: configDir,
  entriesPath: () => ['extensions'],
  render(server) {
    // Goose's own extension kinds (builtin, platform, ...) read from a file pass through as they are.
    const kind = server.clientOptions?.[ID]?.type;
    if (typeof kind === 'string' && !['stdio', 'streamable_http', 'sse'].includes(kind)) {
      return withClientOptions(
        {
          name: server.name,
          enabled: !server.disabled,
          ...(server.timeout !== undefined ? { timeout: server.timeout } : {}),
        },
        server,
        ID,
      );
    }
    // SSE is kept by Goose only so old files load; it no longer connects.
    const problem =
      missingField(server) ??
      rejectOptions(server, TITLE, ID, []) ??
      rejectTransport(server, TITLE, ID, ['sse', 'ws']) ??
      rejectUnsupported(server, TITLE, ID, ['cwd']);
    if (problem) return problem;
    if (server.timeout !== undefined && (!Number.isInteger(server.timeout) || server.timeout < 1)) {
      return fail(
        `${TITLE} timeouts are whole seconds (server "${server.name}" has ${server.timeout})`,
        'set timeout to a whole number of seconds',
      );
    }
    let entry: NativeEntry;
    if (server.transport === 'stdio') {
      // `args` is required by Goose's deserializer, even when empty.
      entry = {
        name: server.name,
        type: 'stdio',
        cmd: server.command,
        args: [...(server.args ?? [])],
      };
      if (server.env && Object.keys(server.env).length) entry.envs = { ...server.env };
    } else {
      entry = { name: server.name, type: 'streamable_http', uri: server.url };
      if (server.headers && Object.keys(server.headers).length)
        entry.headers = { ...server.headers };
    }
    // Goose's loader has no default for a streamable_http extension's `description`: without one
    // the extension is skipped (seen with the real Goose, issue 12), so one is always written.
    const description =
      server.description ?? (server.transport === 'stdio' ? undefined : NO_DESCRIPTION);
    if (description !== undefined) entry.description = description;
    entry.enabled = !server.disabled;
    if (server.timeout !== undefined) entry.timeout = server.timeout;
    return withClientOptions(entry, server, ID);
  },
  parse(name, entry) {
    const transport: Transport =
      entry.type === 'streamable_http' || entry.type === 'sse' ? 'http' : 'stdio';
    const known = entry.type === 'stdio' || entry.type === 'streamable_http';
    const consumed = [...(known ? ['type'] : []), ...(entry.name === name ? ['name'] : [])];
    const own: Record<string, unknown> = {};
    const spec = parseCommon(ID, name, {}, transport);
    for (const [key, value] of Object.entries(entry)) {
      if (consumed.includes(key)) continue;
      if (key === 'cmd' && typeof value === 'string') spec.command = value;
      else if (
        key === 'args' &&
        Array.isArray(value) &&
        value.every((a) => typeof a === 'string')
      ) {
        if (value.length) spec.args = [...value];
      } else if (key === 'envs' && isStringMap(value)) spec.env = { ...value };
      else if (key === 'uri' && typeof value === 'string') spec.url = value;
      else if (key === 'headers' && isStringMap(value)) spec.headers = { ...value };
      else if (key === 'description' && typeof value === 'string') {
        // The default mcpo writes for a remote server is no description of the stack's.
        if (value !== NO_DESCRIPTION || transport === 'stdio') spec.description = value;
      } else if (key === 'enabled' && typeof value === 'boolean') {
        if (!value) spec.disabled = true;
      } else if (key === 'timeout' && typeof value === 'number') spec.timeout = value;
      else own[key] = value;
    }
    if (Object.keys(own).length) spec.clientOptions = { [ID]: own };
    // A remote extension written without one (which Goose skips) is imported as it is: mcpo
    // never rewrites what the user did not change; a stack server of its own always gets one.
    return transport === 'http' ? keepAbsent(spec, ID, entry, ['description']) : spec;
  },
  restartHint: 'Restart Goose (start a new session).',
};
