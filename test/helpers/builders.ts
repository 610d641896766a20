import { createHmac } from 'node:crypto';
import type { ClientAdapter } from '../../src/clients/contract.js';
import type { ConfigFormat } from '../../src/formats/contract.js';
import type { NativeEntry, ServerSpec, Stack, TargetDef } from '../../src/types.js';
import type { Fingerprinter, StateData } from '../../src/state/contract.js';
import type { LoadedTarget } from '../../src/plan/target-input.js';

/** Small builders for planner unit tests. The format and adapter here are test doubles of logic only. */
export function stdio(name: string, extra: Partial<ServerSpec> = {}): ServerSpec {
  return { name, transport: 'stdio', command: 'npx', args: ['-y', `pkg-${name}`], ...extra };
}

export function stackOf(
  servers: ServerSpec[],
  targets: Partial<TargetDef>[] = [{}],
  file = '/p/mcp.stack.yaml',
): Stack {
  return {
    file,
    projectDir: '/p',
    files: [file],
    hash: 'h',
    vars: {},
    servers: Object.fromEntries(servers.map((s) => [s.name, s])),
    stacks: {},
    targets: targets.map((t) => ({
      client: 'fake',
      scope: 'user',
      stacks: [],
      servers: servers.map((s) => s.name),
      prune: false,
      secrets: 'inline',
      ...t,
    })),
    secretNames: [],
  };
}

const plainJson: ConfigFormat = {
  name: 'json',
  readEntries: (text, _f, path) =>
    text ? (path.reduce((o: any, k) => o?.[k], JSON.parse(text)) ?? {}) : {},
  writeEntries: (text, _f, path, changes) => {
    const doc = text ? JSON.parse(text) : {};
    let node = doc;
    for (const k of path) node = node[k] ??= {};
    for (const [k, v] of Object.entries(changes)) v === undefined ? delete node[k] : (node[k] = v);
    return JSON.stringify(doc, null, 2) + '\n';
  },
};

export const fakeAdapter: ClientAdapter = {
  id: 'fake',
  title: 'Fake',
  docs: [],
  scopes: ['user', 'project'],
  format: plainJson,
  configPath: () => '/h/.fake.json',
  installDir: () => '/h/.fake',
  entriesPath: () => ['mcpServers'],
  render: (s) =>
    s.transport === 'stdio'
      ? {
          ok: true,
          entry: {
            command: s.command,
            ...(s.args ? { args: s.args } : {}),
            ...(s.env ? { env: s.env } : {}),
          },
        }
      : {
          ok: false,
          message: `Fake cannot connect to remote server "${s.name}"`,
          hint: 'use a stdio bridge',
        },
  parse: (name, e) => ({ name, transport: 'stdio', command: String(e.command) }),
  restartHint: 'restart fake',
};

export function loaded(
  entries: Record<string, NativeEntry> | null,
  def: Partial<TargetDef> | null = {},
): LoadedTarget {
  const text = entries === null ? null : JSON.stringify({ mcpServers: entries }, null, 2) + '\n';
  return {
    def:
      def === null
        ? null
        : {
            client: 'fake',
            scope: 'user',
            stacks: [],
            servers: [],
            prune: false,
            secrets: 'inline',
            ...def,
          },
    adapter: fakeAdapter,
    scope: 'user',
    path: '/h/.fake.json',
    entriesPath: ['mcpServers'],
    installed: true,
    installDir: '/h/.fake',
    text,
    current: entries ?? {},
  };
}

export const fingerprint: Fingerprinter = {
  entry: (v) => createHmac('sha256', 'salt').update(JSON.stringify(v)).digest('hex'),
  text: (t) => createHmac('sha256', 'salt').update(t).digest('hex'),
};

export function stateWith(
  entries: Record<string, NativeEntry>,
  stack = '/p/mcp.stack.yaml',
): StateData {
  return {
    version: 1,
    files: {
      '/h/.fake.json#mcpServers': {
        path: '/h/.fake.json',
        client: 'fake',
        scope: 'user',
        entriesPath: ['mcpServers'],
        entries: Object.fromEntries(
          Object.entries(entries).map(([k, v]) => [
            k,
            { stack, fingerprint: fingerprint.entry(v) },
          ]),
        ),
      },
    },
  };
}

export const emptyState: StateData = { version: 1, files: {} };
