// The opencode entry dialect (top-level `mcp`; `type: local` with command + args in one array and
// `environment`, or `type: remote` with `url` and `headers`; `enabled`; `timeout` in ms; `oauth`),
// shared by opencode's forks. Source of the format:
// https://github.com/anomalyco/opencode/blob/dev/packages/opencode/src/config/config.ts (McpLocal, McpRemote)
import type { ClientAdapter } from './contract.js';
import type { NativeEntry, ServerSpec, Transport } from '../types.js';
import {
  missingField,
  parseCommon,
  rejectOptions,
  rejectTransport,
  rejectUnsupported,
  withClientOptions,
  isStringMap,
} from './entry.js';
import { optionFields, parseOptions, type OptionFields } from './options.js';

/** A command line as opencode holds it: one non-empty array of strings. */
export const isStrings = (v: unknown): v is string[] =>
  Array.isArray(v) && v.length > 0 && v.every((x) => typeof x === 'string');
/** McpOAuth: clientId, clientSecret and one space-separated `scope`. */
const OPTIONS: OptionFields = {
  oauth: {
    key: 'oauth',
    clientId: 'clientId',
    clientSecret: 'clientSecret',
    scopes: 'scope',
    joinScopes: true,
  },
};

/** render and parse of the opencode dialect, with errors and client options under `id`. */
export function opencodeLike(id: string, title: string): Pick<ClientAdapter, 'render' | 'parse'> {
  return {
    render(server) {
      // The zod schema is strict (no cwd); remote servers try Streamable HTTP and fall back to SSE.
      const problem =
        missingField(server) ??
        rejectOptions(server, title, id, [
          'oauth.clientId',
          'oauth.clientSecret',
          'oauth.scopes',
        ]) ??
        rejectTransport(server, title, id, ['ws']) ??
        rejectUnsupported(server, title, id, ['cwd']);
      if (problem) return problem;
      let entry: NativeEntry;
      if (server.transport === 'stdio') {
        entry = { type: 'local', command: [server.command, ...(server.args ?? [])] };
        if (server.env && Object.keys(server.env).length) entry.environment = { ...server.env };
      } else {
        entry = { type: 'remote', url: server.url };
        if (server.headers && Object.keys(server.headers).length)
          entry.headers = { ...server.headers };
      }
      if (server.disabled !== undefined) entry.enabled = !server.disabled;
      if (server.timeout !== undefined) entry.timeout = Math.round(server.timeout * 1000);
      Object.assign(entry, optionFields(server, OPTIONS));
      return withClientOptions(entry, server, id);
    },
    parse(name, entry) {
      const local =
        entry.type === 'local' || (entry.type === undefined && entry.command !== undefined);
      const transport: Transport = local ? 'stdio' : 'http';
      const consumed: string[] = entry.type === 'local' || entry.type === 'remote' ? ['type'] : [];
      const options = parseOptions(entry, OPTIONS);
      consumed.push(...options.consumed);
      const extra: Partial<ServerSpec> = { ...options.spec };
      if (local && isStrings(entry.command)) {
        consumed.push('command');
        extra.command = entry.command[0];
        if (entry.command.length > 1) extra.args = entry.command.slice(1);
      }
      if (isStringMap(entry.environment)) {
        consumed.push('environment');
        extra.env = { ...entry.environment };
      }
      if (typeof entry.enabled === 'boolean') {
        consumed.push('enabled');
        extra.disabled = !entry.enabled;
      }
      if (typeof entry.timeout === 'number') {
        consumed.push('timeout');
        extra.timeout = entry.timeout / 1000;
      }
      return { ...parseCommon(id, name, entry, transport, consumed), ...extra };
    },
  };
}
