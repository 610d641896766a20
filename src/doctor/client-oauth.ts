/**
 * How each client runs OAuth for a remote server, as far as doctor needs it: the client
 * identification paths it tries, in its order, and the redirect URI (callback port) it listens on.
 * Read from the clients' source or docs; the token stores are in token-stores.ts.
 *
 * - mcpo (`mcpo login`, the launcher's bridge): issue 14, the MCP spec's order (static id, Client ID
 *   Metadata Document, registration), loopback on `oauth.callback_port` or an ephemeral port.
 * - Claude Code 2.1.330 (binary strings, .cache/client-clis): static `oauth.clientId`, CIMD when the
 *   authorization server supports it (`MCP_OAUTH_CLIENT_METADATA_URL`), registration; redirect
 *   `http://localhost:<oauth.callbackPort>/callback`, an ephemeral port without callbackPort.
 *   https://code.claude.com/docs/en/mcp
 * - Gemini CLI 0.61.0 (bundle, packages/core/src/mcp/oauth-provider.ts): static `oauth.clientId`,
 *   registration; `oauth.redirectUri`, else `http://localhost:<port>/oauth/callback` with
 *   OAUTH_CALLBACK_PORT or an ephemeral port. https://github.com/google-gemini/gemini-cli
 * - opencode 1.18.33 (binary strings): static `oauth.clientId`, registration; `oauth.redirectUri`,
 *   default `http://127.0.0.1:19876/mcp/oauth/callback`. https://opencode.ai/docs/mcp-servers/
 * - Codex (codex-rs/rmcp-client, docs/config.md): registration; `mcp_oauth_callback_port` in
 *   config.toml, ephemeral when unset. https://github.com/openai/codex/blob/main/docs/config.md
 * - VS Code: registration first, then asks for a client id (`oauth.clientId`); redirect
 *   `http://127.0.0.1:33418/` (another port when taken) and `https://vscode.dev/redirect`.
 *   https://github.com/microsoft/vscode/issues/278512
 * - Cursor: static `auth.CLIENT_ID`, registration; redirect `http://localhost:8787/callback`
 *   (older releases `cursor://anysphere.cursor-mcp/oauth/callback`). https://cursor.com/docs/mcp
 */
import type { ServerSpec } from '../types.js';

export type Identification = 'static' | 'metadata-document' | 'registration';

export interface Redirect {
  /** The redirect URI, with `<port>` where the port is chosen at run time. */
  uri: string;
  /** The loopback port, or 'ephemeral'; absent for a redirect that is not a loopback port. */
  port?: number | 'ephemeral';
  /** Where the value comes from, for the report. */
  from: string;
}

export interface ClientOAuth {
  /** `mcpo` or a client id. */
  client: string;
  /** Identification paths in the order the client tries them. */
  identification: Identification[];
  /** The metadata document path needs the stack's `oauth.client_metadata_url` (mcpo's own logins). */
  metadataUrlFromStack?: boolean;
  redirect(spec: ServerSpec, env: Record<string, string | undefined>): Redirect;
  /** What the user runs to log in again (verified in each client's strings). */
  login(name: string): string;
}

const envPort = (env: Record<string, string | undefined>, name: string): number | undefined => {
  const n = Number(env[name]);
  return Number.isInteger(n) && n > 0 && n < 65536 ? n : undefined;
};

/**
 * The entry's OAuth object as the client wrote it. An object with a key mcpo does not map back
 * (Gemini's and opencode's `redirectUri`) is not parsed into `oauth`: it stays whole in the
 * entry's client options, and is read from there.
 */
export function entryOAuth(
  spec: ServerSpec,
  client: string,
): { clientId?: string; redirectUri?: string } {
  const own = spec.clientOptions?.[client];
  const raw = (own?.oauth ?? own?.auth) as Record<string, unknown> | undefined;
  const id = spec.oauth?.clientId ?? raw?.clientId ?? raw?.CLIENT_ID;
  return {
    ...(typeof id === 'string' ? { clientId: id } : {}),
    ...(typeof raw?.redirectUri === 'string' ? { redirectUri: raw.redirectUri } : {}),
  };
}

/** A redirect URI the entry sets itself (`oauth.redirectUri` in the client's own options). */
function entryRedirect(spec: ServerSpec, client: string): Redirect | undefined {
  const oauth = entryOAuth(spec, client);
  if (oauth.redirectUri === undefined) return undefined;
  const port = Number(new URL(oauth.redirectUri).port);
  return {
    uri: oauth.redirectUri,
    ...(port ? { port } : {}),
    from: 'oauth.redirectUri of the entry',
  };
}

const loopback = (
  host: string,
  port: number | undefined,
  path: string,
  from: string,
  fallback: string,
): Redirect =>
  port
    ? { uri: `http://${host}:${port}${path}`, port, from }
    : { uri: `http://${host}:<port>${path}`, port: 'ephemeral', from: fallback };

const PROFILES: Record<string, ClientOAuth> = {
  mcpo: {
    login: (n) => `mcpo login ${n}`,
    client: 'mcpo',
    identification: ['static', 'metadata-document', 'registration'],
    metadataUrlFromStack: true,
    redirect: (s) =>
      loopback(
        '127.0.0.1',
        s.oauth?.callbackPort,
        '/callback',
        'oauth.callback_port of the stack',
        'an ephemeral port: no oauth.callback_port',
      ),
  },
  'claude-code': {
    login: (n) => `claude mcp login ${n}` + ' (or /mcp in a session)',
    client: 'claude-code',
    identification: ['static', 'metadata-document', 'registration'],
    redirect: (s, env) => {
      const port = s.oauth?.callbackPort ?? envPort(env, 'MCP_OAUTH_CALLBACK_PORT');
      const from = s.oauth?.callbackPort
        ? 'oauth.callbackPort of the entry'
        : 'MCP_OAUTH_CALLBACK_PORT';
      return loopback(
        'localhost',
        port,
        '/callback',
        from,
        'an ephemeral port: no oauth.callbackPort',
      );
    },
  },
  'gemini-cli': {
    login: (n) => `/mcp auth ${n}` + ' in Gemini CLI',
    client: 'gemini-cli',
    identification: ['static', 'registration'],
    redirect: (s, env) =>
      entryRedirect(s, 'gemini-cli') ??
      loopback(
        'localhost',
        envPort(env, 'OAUTH_CALLBACK_PORT'),
        '/oauth/callback',
        'OAUTH_CALLBACK_PORT',
        'an ephemeral port: no oauth.redirectUri',
      ),
  },
  opencode: {
    login: (n) => `opencode mcp auth ${n}`,
    client: 'opencode',
    identification: ['static', 'registration'],
    redirect: (s) =>
      entryRedirect(s, 'opencode') ?? {
        uri: 'http://127.0.0.1:19876/mcp/oauth/callback',
        port: 19876,
        from: "opencode's default",
      },
  },
  codex: {
    login: (n) => `codex mcp login ${n}`,
    client: 'codex',
    identification: ['registration'],
    redirect: () => ({
      uri: 'http://127.0.0.1:<port>/callback',
      port: 'ephemeral',
      from: 'mcp_oauth_callback_port of config.toml, ephemeral when unset',
    }),
  },
  vscode: {
    login: () => 'sign in from the server in VS Code (MCP: List Servers)',
    client: 'vscode',
    identification: ['registration', 'static'],
    redirect: () => ({
      uri: 'http://127.0.0.1:33418/',
      port: 33418,
      from: "VS Code's default, another port when 33418 is taken",
    }),
  },
  cursor: {
    login: () => 'sign in from the server in Cursor Settings > MCP',
    client: 'cursor',
    identification: ['static', 'registration'],
    redirect: () => ({
      uri: 'http://localhost:8787/callback',
      port: 8787,
      from: "Cursor's desktop default",
    }),
  },
};

/** The client's OAuth behaviour, or undefined for a client that runs no OAuth of its own (known to us). */
export function clientOAuth(client: string): ClientOAuth | undefined {
  return PROFILES[client];
}
