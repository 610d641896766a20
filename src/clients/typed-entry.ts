// The `mcpServers` entry with an explicit `type` (stdio | http | sse | ws), `command/args/env` or
// `url/headers`: the shape of Claude Code's `.mcp.json`, which Qoder, Auggie and Factory droid
// read and also write with their own `mcp add`. One dialect, so that a file several of them read
// gets the same bytes from each adapter. `beyondBasics` is also the check of Amp and Grok CLI,
// whose entries hold the same fields in other shapes.
import type { NativeEntry, RenderResult, ServerSpec, Transport } from '../types.js';
import {
  missingField,
  parseCommon,
  rejectOptions,
  rejectTransport,
  rejectUnsupported,
  remoteFields,
  stdioFields,
  withClientOptions,
} from './entry.js';

/** What one client of the typed dialect accepts. */
export interface TypedDialect {
  id: string;
  title: string;
  /** Transports the client can connect to; the others are render errors. */
  transports: Transport[];
  /** The client reads a per-entry `disabled: true|false`. */
  disabled?: boolean;
}

const ALL: Transport[] = ['stdio', 'http', 'sse', 'ws'];
const TYPES: Record<string, Transport> = { stdio: 'stdio', http: 'http', sse: 'sse', ws: 'ws' };

/**
 * The render error of a server that needs more than a client of the basic fields holds (command,
 * args, env, url, headers, and `disabled` where the dialect says so), or undefined.
 */
export function beyondBasics(server: ServerSpec, d: TypedDialect): RenderResult | undefined {
  const unsupported = ALL.filter((t) => !d.transports.includes(t));
  return (
    missingField(server) ??
    rejectOptions(server, d.title, d.id, []) ??
    rejectTransport(server, d.title, d.id, unsupported) ??
    rejectUnsupported(
      server,
      d.title,
      d.id,
      d.disabled ? ['cwd', 'timeout'] : ['cwd', 'disabled', 'timeout'],
    )
  );
}

/** ServerSpec -> typed entry; every field the client has no place for is an error. */
export function renderTyped(server: ServerSpec, d: TypedDialect): RenderResult {
  const problem = beyondBasics(server, d);
  if (problem) return problem;
  const fields = server.transport === 'stdio' ? stdioFields(server) : remoteFields(server);
  const entry: NativeEntry = { type: server.transport, ...fields };
  if (d.disabled && server.disabled !== undefined) entry.disabled = server.disabled;
  return withClientOptions(entry, server, d.id);
}

/**
 * Typed entry -> ServerSpec. No `type` means stdio when there is a command, else http (as these
 * clients read it). What render would write differently (no `type`, an empty `env`) is kept in
 * clientOptions, so rendering the spec gives the entry back.
 */
export function parseTyped(name: string, entry: NativeEntry, d: TypedDialect): ServerSpec {
  const typed = typeof entry.type === 'string' ? TYPES[entry.type] : undefined;
  const transport: Transport = typed ?? (entry.command !== undefined ? 'stdio' : 'http');
  const hasDisabled = d.disabled === true && typeof entry.disabled === 'boolean';
  const consumed = [...(typed ? ['type'] : []), ...(hasDisabled ? ['disabled'] : [])];
  const spec = parseCommon(d.id, name, entry, transport, consumed);
  if (hasDisabled) spec.disabled = entry.disabled as boolean;
  const kept: NativeEntry = entry.type === undefined ? { type: null } : {};
  // `auggie mcp add` writes `env: {}`: an empty list or map is no setting, but it stays in the file.
  for (const key of ['args', 'env', 'headers'] as const) {
    const value = spec[key];
    if (value && Object.keys(value).length === 0) {
      delete spec[key];
      kept[key] = entry[key];
    }
  }
  if (Object.keys(kept).length)
    spec.clientOptions = { [d.id]: { ...kept, ...spec.clientOptions?.[d.id] } };
  return spec;
}
