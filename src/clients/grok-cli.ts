// Grok CLI (@vibe-kit/grok-cli): <project>/.grok/settings.json only (read from the folder it runs
// in), `mcpServers.<name>` = `{ name, transport: { type, command, args, env | url, headers } }`.
// `name` must repeat the key: the CLI lists `Object.values(mcpServers)` and finds servers by it.
// Source: https://github.com/superagent-ai/grok-cli (src/mcp/config.ts, src/mcp/transports.ts,
//   src/commands/mcp.ts); verified with 0.0.34 (see test/real-grok-cli.test.ts).
import type { ClientAdapter } from './contract.js';
import type { NativeEntry, ServerSpec, Transport } from '../types.js';
import { jsonFormat } from '../formats/json.js';
import { joinFor } from './paths.js';
import { canonicalJson } from '../state/digest.js';
import { parseCommon, remoteFields, stdioFields, withClientOptions } from './entry.js';
import { beyondBasics, type TypedDialect } from './typed-entry.js';

const ID = 'grok-cli';
const BASICS: TypedDialect = { id: ID, title: 'Grok CLI', transports: ['stdio', 'http', 'sse'] };
const SOURCE = 'https://github.com/superagent-ai/grok-cli';
/** `streamable_http` is Grok's other spelling of http (its own `mcp add -t` accepts both). */
const TYPES: Record<string, Transport> = {
  stdio: 'stdio',
  http: 'http',
  streamable_http: 'http',
  sse: 'sse',
};

const isObject = (v: unknown): v is NativeEntry =>
  !!v && typeof v === 'object' && !Array.isArray(v);

function renderTransport(server: ServerSpec): NativeEntry {
  return {
    type: server.transport,
    ...(server.transport === 'stdio' ? stdioFields(server) : remoteFields(server)),
  };
}

export const grokCli: ClientAdapter = {
  id: ID,
  title: BASICS.title,
  docs: [SOURCE, `${SOURCE}/blob/main/src/mcp/config.ts`],
  scopes: ['project'],
  format: jsonFormat,
  configPath: (_scope, ctx) => joinFor(ctx, ctx.projectDir, '.grok', 'settings.json'),
  installDir: (ctx) => joinFor(ctx, ctx.home, '.grok'),
  entriesPath: () => ['mcpServers'],
  render(server) {
    const problem = beyondBasics(server, BASICS);
    if (problem) return problem;
    return withClientOptions({ name: server.name, transport: renderTransport(server) }, server, ID);
  },
  parse(name, entry): ServerSpec {
    // The older flat form (`command/args/env` beside `name`) is still listed by the CLI; mcpo
    // reads it and writes the current form when it manages the entry.
    if (!isObject(entry.transport)) {
      return parseCommon(ID, name, entry, entry.command !== undefined ? 'stdio' : 'http', ['name']);
    }
    const t = entry.transport;
    const typed = typeof t.type === 'string' ? TYPES[t.type] : undefined;
    const transport: Transport = typed ?? (t.command !== undefined ? 'stdio' : 'http');
    const { clientOptions: _unknown, ...parsed } = parseCommon(ID, name, t, transport, ['type']);
    // Grok's own `mcp add` writes `args: []` and `env: {}` for remote servers too: not part of the spec.
    const { command, args, env, url, headers, ...rest } = parsed;
    const spec: ServerSpec =
      transport === 'stdio' ? { ...rest, command, args, env } : { ...rest, url, headers };
    for (const k of ['command', 'args', 'env', 'url', 'headers'] as const)
      if (spec[k] === undefined) delete spec[k];
    const options: NativeEntry = Object.fromEntries(
      Object.entries(entry).filter(([k]) => k !== 'transport' && k !== 'name'),
    );
    // What rendering the spec would not give back exactly (another spelling of the type, empty
    // args, unknown fields, a name that differs from the key) is kept as it was.
    // Compared as JSON: parsed files hold prototype-less objects, which deep-equal checks tell apart.
    if (canonicalJson(renderTransport(spec)) !== canonicalJson(t)) options.transport = t;
    if (entry.name !== name) options.name = entry.name ?? null;
    return Object.keys(options).length ? { ...spec, clientOptions: { [ID]: options } } : spec;
  },
  restartHint: 'Start a new Grok CLI session in the project folder.',
};
