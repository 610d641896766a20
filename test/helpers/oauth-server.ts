// A loopback OAuth 2.1 authorization server and a protected MCP server on one origin, built from
// the MCP SDK's own parts: `mcpAuthRouter` (RFC 8414 metadata, RFC 9728 protected resource
// metadata, /authorize with PKCE S256, /token, /register (RFC 7591), /revoke (RFC 7009)),
// `requireBearerAuth` in front of a stateless streamable HTTP MCP server, and an in-memory
// `OAuthServerProvider` below. The authorize step approves at once and redirects (no login page),
// so a test plays the user agent with `followAuthorize`. Every token value it issues is kept in
// `issued`, for leak greps. Shared by the login tests (issue 14) and doctor's auth tests.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import {
  createOAuthMetadata,
  mcpAuthMetadataRouter,
} from '@modelcontextprotocol/sdk/server/auth/router.js';
import { authorizationHandler } from '@modelcontextprotocol/sdk/server/auth/handlers/authorize.js';
import { tokenHandler } from '@modelcontextprotocol/sdk/server/auth/handlers/token.js';
import { clientRegistrationHandler } from '@modelcontextprotocol/sdk/server/auth/handlers/register.js';
import { revocationHandler } from '@modelcontextprotocol/sdk/server/auth/handlers/revoke.js';
import { requireBearerAuth } from '@modelcontextprotocol/sdk/server/auth/middleware/bearerAuth.js';
import {
  InvalidGrantError,
  InvalidTokenError,
} from '@modelcontextprotocol/sdk/server/auth/errors.js';
import type {
  OAuthServerProvider,
  AuthorizationParams,
} from '@modelcontextprotocol/sdk/server/auth/provider.js';
import type { OAuthRegisteredClientsStore } from '@modelcontextprotocol/sdk/server/auth/clients.js';
import type { AuthInfo } from '@modelcontextprotocol/sdk/server/auth/types.js';
import type {
  OAuthClientInformationFull,
  OAuthClientMetadata,
  OAuthTokens,
} from '@modelcontextprotocol/sdk/shared/auth.js';

export interface OAuthFixtureOptions {
  /** Offer Dynamic Client Registration (default true). */
  registration?: boolean;
  /** Offer RFC 7009 revocation (default true). */
  revocation?: boolean;
  /** Advertise `client_id_metadata_document_supported` (default false). */
  metadataDocuments?: boolean;
  /**
   * Client ID Metadata Documents by URL: the server "fetches" an https client id from here
   * (a test cannot serve https; what matters is that the client presents the URL).
   */
  documents?: Record<string, OAuthClientMetadata>;
  /** Pre-registered clients (a static `oauth.client_id`, with or without a secret). */
  clients?: OAuthClientInformationFull[];
  /** Access token lifetime in seconds (default 3600), or per grant; `null`: no `expires_in` at all. */
  accessTokenTtl?:
    | number
    | null
    | ((grant: 'authorization_code' | 'refresh_token') => number | null);
  /** Issue refresh tokens (default true). */
  refreshTokens?: boolean;
  /** Scopes offered in the protected resource metadata. */
  scopes?: string[];
  /** Serve protected resource metadata (RFC 9728; default true). */
  resourceMetadata?: boolean;
  /** Token values (default: random); a test may generate awkward ones. */
  tokenValue?: (kind: 'access' | 'refresh') => string;
}

export interface AuthorizeRecord {
  clientId: string;
  redirectUri: string;
  resource?: string;
  scopes?: string[];
}
export interface TokenRecord {
  grant: 'authorization_code' | 'refresh_token';
  clientId: string;
  resource?: string;
}

export interface OAuthFixture {
  /** Origin, e.g. http://127.0.0.1:PORT; also the issuer (with a trailing `/` in metadata). */
  origin: string;
  /** The protected MCP endpoint: `${origin}/mcp`. */
  url: string;
  /** Every access and refresh token ever issued. */
  issued: string[];
  registrations: OAuthClientInformationFull[];
  authorizations: AuthorizeRecord[];
  tokenRequests: TokenRecord[];
  /** Token values the client revoked through /revoke. */
  revoked: string[];
  /** Requests to /mcp refused for a missing or bad token. */
  unauthorized: number;
  /** Tool calls that arrived with a valid token. */
  toolCalls: number;
  /** Makes every access token issued so far expired (the server refuses them). */
  expireAccessTokens(): void;
  /** Invalidates every refresh token issued so far (as an admin revoking a session would). */
  revokeRefreshTokens(): void;
  close(): Promise<void>;
}

/** The tool the protected MCP server offers: answers with the caller's client id. */
export const WHOAMI_TOOL = 'whoami';

interface Grant {
  clientId: string;
  scopes: string[];
  resource?: URL;
}

export async function startOAuthFixture(options: OAuthFixtureOptions = {}): Promise<OAuthFixture> {
  const http: Server = createServer();
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  const fixture: OAuthFixture = {
    origin,
    url: `${origin}/mcp`,
    issued: [],
    registrations: [],
    authorizations: [],
    tokenRequests: [],
    revoked: [],
    unauthorized: 0,
    toolCalls: 0,
    expireAccessTokens: () => access.forEach((t) => (t.expiresAt = 1)),
    revokeRefreshTokens: () => refresh.clear(),
    close: () => new Promise<void>((resolve) => http.close(() => resolve())),
  };
  const clients = new Map<string, OAuthClientInformationFull>(
    (options.clients ?? []).map((c) => [c.client_id, c]),
  );
  const codes = new Map<string, Grant & { challenge: string; redirectUri: string }>();
  const access = new Map<string, Grant & { expiresAt?: number }>();
  const refresh = new Map<string, Grant>();
  const newToken = (kind: 'access' | 'refresh') => {
    const value = options.tokenValue?.(kind) ?? `${kind}-${randomBytes(12).toString('hex')}`;
    fixture.issued.push(value);
    return value;
  };
  const issue = (grant: Grant, kind: 'authorization_code' | 'refresh_token'): OAuthTokens => {
    const given = options.accessTokenTtl;
    const ttl = given === undefined ? 3600 : typeof given === 'function' ? given(kind) : given;
    const accessToken = newToken('access');
    access.set(accessToken, {
      ...grant,
      ...(ttl === null ? {} : { expiresAt: Math.floor(Date.now() / 1000) + ttl }),
    });
    const tokens: OAuthTokens = {
      access_token: accessToken,
      token_type: 'Bearer',
      scope: grant.scopes.join(' '),
    };
    if (ttl !== null) tokens.expires_in = ttl;
    if (options.refreshTokens !== false) {
      tokens.refresh_token = newToken('refresh');
      refresh.set(tokens.refresh_token, grant);
    }
    return tokens;
  };

  const clientsStore: OAuthRegisteredClientsStore = {
    getClient: (id) => {
      const document = options.metadataDocuments ? options.documents?.[id] : undefined;
      // A metadata document is the client's registration: its URL is the client id.
      if (document) return { ...document, client_id: id, token_endpoint_auth_method: 'none' };
      return clients.get(id);
    },
    ...(options.registration === false
      ? {}
      : {
          registerClient: (
            client: Omit<OAuthClientInformationFull, 'client_id' | 'client_id_issued_at'>,
          ) => {
            const full = {
              ...client,
              client_id: `dcr-${randomBytes(6).toString('hex')}`,
              client_id_issued_at: Math.floor(Date.now() / 1000),
            };
            clients.set(full.client_id, full as OAuthClientInformationFull);
            fixture.registrations.push(full as OAuthClientInformationFull);
            return full as OAuthClientInformationFull;
          },
        }),
  };

  const provider: OAuthServerProvider = {
    clientsStore,
    async authorize(client, params: AuthorizationParams, res) {
      fixture.authorizations.push({
        clientId: client.client_id,
        redirectUri: params.redirectUri,
        ...(params.resource ? { resource: params.resource.href } : {}),
        ...(params.scopes ? { scopes: params.scopes } : {}),
      });
      const code = randomBytes(12).toString('hex');
      codes.set(code, {
        clientId: client.client_id,
        scopes: params.scopes ?? [],
        ...(params.resource ? { resource: params.resource } : {}),
        challenge: params.codeChallenge,
        redirectUri: params.redirectUri,
      });
      const target = new URL(params.redirectUri);
      target.searchParams.set('code', code);
      if (params.state !== undefined) target.searchParams.set('state', params.state);
      res.redirect(302, target.href);
    },
    async challengeForAuthorizationCode(_client, code) {
      const grant = codes.get(code);
      if (!grant) throw new InvalidGrantError('unknown authorization code');
      return grant.challenge;
    },
    async exchangeAuthorizationCode(client, code, _verifier, redirectUri, resource) {
      const grant = codes.get(code);
      if (!grant || grant.clientId !== client.client_id)
        throw new InvalidGrantError('unknown authorization code');
      if (redirectUri !== undefined && redirectUri !== grant.redirectUri)
        throw new InvalidGrantError('redirect_uri differs');
      codes.delete(code);
      fixture.tokenRequests.push({
        grant: 'authorization_code',
        clientId: client.client_id,
        ...(resource ? { resource: resource.href } : {}),
      });
      return issue(
        {
          clientId: client.client_id,
          scopes: grant.scopes,
          ...(grant.resource ? { resource: grant.resource } : {}),
        },
        'authorization_code',
      );
    },
    async exchangeRefreshToken(client, refreshToken, _scopes, resource) {
      const grant = refresh.get(refreshToken);
      if (!grant || grant.clientId !== client.client_id)
        throw new InvalidGrantError('refresh token is not valid');
      refresh.delete(refreshToken);
      fixture.tokenRequests.push({
        grant: 'refresh_token',
        clientId: client.client_id,
        ...(resource ? { resource: resource.href } : {}),
      });
      return issue(grant, 'refresh_token');
    },
    async verifyAccessToken(token): Promise<AuthInfo> {
      const grant = access.get(token);
      if (!grant) throw new InvalidTokenError('unknown token');
      return {
        token,
        clientId: grant.clientId,
        scopes: grant.scopes,
        ...(grant.expiresAt !== undefined ? { expiresAt: grant.expiresAt } : {}),
      };
    },
    ...(options.revocation === false
      ? {}
      : {
          async revokeToken(_client: OAuthClientInformationFull, request: { token: string }) {
            fixture.revoked.push(request.token);
            access.delete(request.token);
            refresh.delete(request.token);
          },
        }),
  };

  // express has no types here (the SDK depends on it; @types/express is not installed).
  const expressName = 'express';
  const express = (await import(expressName)).default as (() => ExpressApp) & { json(): unknown };
  const app = express();
  const issuerUrl = new URL(origin);
  const metadata = {
    ...createOAuthMetadata({ provider, issuerUrl }),
    ...(options.metadataDocuments ? { client_id_metadata_document_supported: true } : {}),
  };
  const noLimit = { rateLimit: false as const };
  if (options.resourceMetadata !== false) {
    app.use(
      mcpAuthMetadataRouter({
        oauthMetadata: metadata,
        resourceServerUrl: new URL(fixture.url),
        ...(options.scopes ? { scopesSupported: options.scopes } : {}),
      }),
    );
  } else {
    app.get(
      '/.well-known/oauth-authorization-server',
      (_req: unknown, res: { json(v: unknown): void }) => res.json(metadata),
    );
  }
  app.use('/authorize', authorizationHandler({ provider, ...noLimit }));
  app.use('/token', tokenHandler({ provider, ...noLimit }));
  if (clientsStore.registerClient)
    app.use('/register', clientRegistrationHandler({ clientsStore, ...noLimit }));
  if (provider.revokeToken) app.use('/revoke', revocationHandler({ provider, ...noLimit }));

  const bearer = requireBearerAuth({
    verifier: provider,
    ...(options.resourceMetadata !== false
      ? { resourceMetadataUrl: `${origin}/.well-known/oauth-protected-resource/mcp` }
      : {}),
  });
  app.use('/mcp', (_req: ReqLike, res: ResLike, next: () => void) => {
    // Count refusals: the bearer middleware answers them itself.
    res.once('finish', () => {
      if (res.statusCode === 401) fixture.unauthorized++;
    });
    next();
  });
  app.use('/mcp', bearer);
  app.use('/mcp', express.json());
  app.all('/mcp', (req: ReqLike & { auth?: AuthInfo; body?: unknown }, res: ResLike) => {
    const server = new McpServer({ name: 'oauth-fixture', version: '1.0.0' });
    const clientId = req.auth?.clientId ?? '';
    server.registerTool(WHOAMI_TOOL, { description: "the caller's OAuth client id" }, async () => {
      fixture.toolCalls++;
      return { content: [{ type: 'text', text: `client ${clientId}` }] };
    });
    const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined });
    res.on('close', () => void transport.close().then(() => server.close()));
    void server
      .connect(transport)
      .then(() => transport.handleRequest(req as never, res as never, req.body));
  });
  http.on('request', app as never);
  return fixture;
}

type ReqLike = { headers: Record<string, unknown> };
type ResLike = {
  statusCode: number;
  once(e: string, f: () => void): void;
  on(e: string, f: () => void): void;
};
type ExpressApp = {
  use(...args: unknown[]): void;
  get(...args: unknown[]): void;
  all(...args: unknown[]): void;
};

/**
 * Plays the user's browser: opens the authorization URL, which approves at once and redirects to
 * the client's loopback redirect, and follows that redirect. Returns the loopback's answer.
 */
export async function followAuthorize(
  authorizationUrl: string,
): Promise<{ status: number; location: string; body: string }> {
  const first = await fetch(authorizationUrl, { redirect: 'manual' });
  const location = first.headers.get('location');
  if (first.status !== 302 || !location)
    throw new Error(`authorize answered ${first.status}: ${await first.text()}`);
  const back = await fetch(location, { redirect: 'manual' });
  return { status: back.status, location, body: await back.text() };
}
