/**
 * The MCP Registry's `server.json` and list responses, as mcpo reads them. Shapes follow the
 * registry's published schema and API (modelcontextprotocol/registry):
 * - docs/reference/server-json/server.schema.json (schema 2025-09-29 / 2025-12-11): ServerDetail,
 *   Package (registryType npm/pypi/nuget/oci/mcpb), Argument, KeyValueInput, Input, transports;
 * - docs/reference/api/openapi.yaml: ServerList {servers: ServerResponse[], metadata.nextCursor},
 *   ServerResponse {server, _meta}; `remotes[]` carry `headers` and URL `variables`
 *   (docs/reference/server-json/examples/valid/with-remote.json).
 */

/** Input: a value the user may have to supply (env var, header, argument, URL variable). */
export interface RegistryInput {
  description?: string;
  isRequired?: boolean;
  isSecret?: boolean;
  format?: string;
  value?: string;
  default?: string;
  placeholder?: string;
  choices?: string[];
  variables?: Record<string, RegistryInput>;
}

export interface KeyValueInput extends RegistryInput {
  name: string;
}

export interface RegistryArgument extends RegistryInput {
  type: 'positional' | 'named';
  /** Named: the flag, with its dashes. */
  name?: string;
  /** Positional: a label for the value, not part of the command line. */
  valueHint?: string;
  isRepeated?: boolean;
}

export type RegistryType = 'npm' | 'pypi' | 'oci' | 'nuget' | 'mcpb';
export const REGISTRY_TYPES: RegistryType[] = ['npm', 'pypi', 'oci', 'nuget', 'mcpb'];

export interface RegistryTransport {
  type: 'stdio' | 'streamable-http' | 'sse';
  url?: string;
  headers?: KeyValueInput[];
  variables?: Record<string, RegistryInput>;
}

export interface RegistryPackage {
  registryType: RegistryType;
  identifier: string;
  version?: string;
  registryBaseUrl?: string;
  runtimeHint?: string;
  transport: RegistryTransport;
  runtimeArguments?: RegistryArgument[];
  packageArguments?: RegistryArgument[];
  environmentVariables?: KeyValueInput[];
}

export interface RegistryServer {
  name: string;
  description: string;
  version: string;
  title?: string;
  packages?: RegistryPackage[];
  remotes?: RegistryTransport[];
}

/** One entry of a list page (`ServerResponse`): the server and the registry's own metadata. */
export interface RegistryEntry {
  server: RegistryServer;
  isLatest?: boolean;
  status?: string;
}

/** What `mcpo add --from` records on the server: enough for a lock file to re-resolve it. */
export interface RegistryRecord {
  name: string;
  version: string;
  /** What was installed: a package type, or `remote`. */
  via: 'npm' | 'pypi' | 'oci' | 'remote';
}
