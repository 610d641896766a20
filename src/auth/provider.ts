/**
 * The MCP SDK's `OAuthClientProvider` backed by the OS keychain (store.ts), for one remote server.
 * The SDK's `auth()` does the protocol (RFC 9728 / 8414 discovery, PKCE S256, registration,
 * refresh); this class answers its questions. Two modes:
 * - `login`: a fresh authorization; stored tokens are ignored, a stored registration is reused
 *   when it still fits the redirect URI.
 * - `launcher` (`mcpo run`): stored tokens only, refreshed when near expiry or refused; never a new
 *   registration or authorization: where one would be needed it throws `needLogin(...)`.
 * Client identification follows the MCP spec's order: the stack's static `oauth.client_id`, then
 * a Client ID Metadata Document (the SDK uses `clientMetadataUrl` when the server supports it),
 * then Dynamic Client Registration (the SDK registers when we return no client information).
 */
import { randomBytes } from 'node:crypto';
import type {
  OAuthClientProvider,
  OAuthDiscoveryState,
} from '@modelcontextprotocol/sdk/client/auth.js';
import type {
  OAuthClientInformationMixed as ClientInfo,
  OAuthClientMetadata,
  OAuthTokens,
} from '@modelcontextprotocol/sdk/shared/auth.js';
import {
  dueForRefresh,
  toStored,
  type StoredClient,
  type StoredTokens,
  type TokenStore,
} from './store.js';
import { canonicalServerUrl } from './keys.js';
import { sameLoopbackTarget } from './redirect.js';
import { McpoError } from '../errors.js';

export type Sdk = Pick<typeof import('@modelcontextprotocol/sdk/client/auth.js'), 'auth'> &
  Pick<typeof import('@modelcontextprotocol/sdk/shared/auth-utils.js'), 'checkResourceAllowed'>;

/** The stack's `oauth` block, the client secret resolved (a value: never printed). */
export interface OAuthSettings {
  clientId?: string;
  clientSecret?: string;
  scopes?: string[];
  callbackPort?: number;
  clientMetadataUrl?: string;
}

export type Identification = 'static' | 'metadata-document' | 'registration';

export interface ProviderOptions {
  url: string;
  store: TokenStore;
  settings: OAuthSettings;
  redirectUrl: string;
  mode: 'login' | 'launcher';
  /** Login: where the authorization URL goes (printed, a browser opened). */
  onAuthorizationUrl?: (url: URL) => void;
  /**
   * Launcher: the error that says which command logs in; `refused` when a refresh was refused,
   * `keychain` the keychain's own failure when it could not be read.
   */
  needLogin?: (why: 'none' | 'refused', keychain?: McpoError) => Error;
  now?: () => Date;
  /** The OAuth `state` of a login (the loopback checks it); random when not given. */
  state?: string;
  /** Receives every token value this provider handles, so callers can mask them. */
  secretSink?: string[];
}

export class KeychainOAuthProvider implements OAuthClientProvider {
  /** How the client identified itself to the authorization server, once known. */
  identification?: Identification;
  private discovery?: OAuthDiscoveryState;
  private verifier?: string;
  /** Launcher: the stored tokens (null once read and absent); login: this login's tokens. */
  private held?: StoredTokens | null;
  private requestedScopes: string[] = [];
  private refused = false;
  /** The tokens last given to the SDK: a refusal is about these, not about newer ones. */
  private handed?: StoredTokens | null;
  private refreshing?: Promise<void>;
  /** Launcher: why the keychain could not be read (the server may need no login at all). */
  private keychainProblem?: McpoError;

  constructor(
    private readonly o: ProviderOptions,
    private readonly sdk: Sdk,
  ) {}

  get redirectUrl(): string {
    return this.o.redirectUrl;
  }

  get clientMetadataUrl(): string | undefined {
    return this.o.settings.clientId ? undefined : this.o.settings.clientMetadataUrl;
  }

  get clientMetadata(): OAuthClientMetadata {
    const scope = this.o.settings.scopes?.join(' ');
    return {
      client_name: 'mcpo',
      redirect_uris: [this.o.redirectUrl],
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      // A CLI cannot keep a secret: a public client, proven by PKCE (static clients may have one).
      token_endpoint_auth_method: 'none',
      ...(scope ? { scope } : {}),
    };
  }

  /** The authorization server URL found by discovery (the SDK's issuer stamp). */
  get issuer(): string | undefined {
    return this.discovery?.authorizationServerUrl;
  }

  state(): string {
    this.o.state ??= randomBytes(16).toString('base64url');
    return this.o.state;
  }

  async clientInformation(): Promise<ClientInfo | undefined> {
    const s = this.o.settings;
    if (s.clientId) {
      this.identification = 'static';
      return {
        client_id: s.clientId,
        ...(s.clientSecret ? { client_secret: s.clientSecret } : {}),
      };
    }
    if (this.keychainProblem) throw this.loginError();
    const stored = this.issuer ? await this.o.store.client(this.o.url, this.issuer) : undefined;
    if (stored && (this.o.mode === 'launcher' || this.fits(stored))) {
      this.identification = this.identify(stored.client_id);
      return stored as ClientInfo;
    }
    if (this.o.mode === 'launcher') throw this.loginError();
    return undefined;
  }

  async saveClientInformation(info: ClientInfo): Promise<void> {
    // A static client lives in the stack file; the SDK only offers to stamp it with the issuer.
    if (this.o.settings.clientId) return;
    const issuer = info.issuer ?? this.issuer;
    if (!issuer) return;
    this.identification = this.identify(info.client_id);
    await this.o.store.saveClient(this.o.url, issuer, info as StoredClient);
  }

  async tokens(): Promise<OAuthTokens | undefined> {
    if (this.o.mode === 'login') return this.held ?? undefined;
    if (this.held === undefined) {
      try {
        this.held = (await this.o.store.tokens(this.o.url)) ?? null;
      } catch (e) {
        // A broken keychain must not break a server that needs no login: said only on a 401.
        if (!(e instanceof McpoError)) throw e;
        this.keychainProblem = e;
        this.held = null;
      }
    }
    if (this.held) this.sink(this.held);
    this.handed = this.held;
    return this.held ?? undefined;
  }

  async saveTokens(tokens: OAuthTokens): Promise<void> {
    const scopes = this.requestedScopes.length ? this.requestedScopes : (this.held?.scopes ?? []);
    const stored = toStored(tokens as Omit<StoredTokens, 'scopes'>, scopes, this.now());
    await this.o.store.saveTokens(this.o.url, stored);
    this.held = stored;
    this.sink(stored);
  }

  /**
   * Launcher: refreshes now when the access token is about to expire (dueForRefresh). Requests
   * sent together share one refresh: a second refresh with a rotated refresh token is refused.
   */
  ensureFresh(): Promise<void> {
    this.refreshing ??= this.refreshIfDue().finally(() => (this.refreshing = undefined));
    return this.refreshing;
  }

  private async refreshIfDue(): Promise<void> {
    await this.tokens();
    const held = this.held;
    if (!held || !dueForRefresh(held, this.now())) return;
    if (!held.refresh_token) throw this.loginError();
    // With a refresh token stored, auth() refreshes (or, refused, asks for a login: an error here).
    await this.sdk.auth(this, { serverUrl: this.o.url });
  }

  redirectToAuthorization(url: URL): void {
    if (this.o.mode === 'launcher') throw this.loginError();
    this.requestedScopes = (url.searchParams.get('scope') ?? '').split(' ').filter(Boolean);
    this.o.onAuthorizationUrl?.(url);
  }

  saveCodeVerifier(verifier: string): void {
    this.verifier = verifier;
  }

  codeVerifier(): string {
    if (this.verifier) return this.verifier;
    throw new McpoError(
      'internal',
      'No PKCE code verifier was saved for this login (a bug in mcpo).',
    );
  }

  saveDiscoveryState(state: OAuthDiscoveryState): void {
    this.discovery = state;
  }

  discoveryState(): OAuthDiscoveryState | undefined {
    return this.discovery;
  }

  async invalidateCredentials(scope: 'all' | 'client' | 'tokens' | 'verifier' | 'discovery') {
    if (scope === 'verifier') this.verifier = undefined;
    if (scope === 'discovery') this.discovery = undefined;
    if ((scope === 'all' || scope === 'client') && this.issuer && !this.o.settings.clientId) {
      await this.o.store.removeClient(this.o.url, this.issuer);
    }
    // Tokens saved meanwhile by a refresh that ran alongside are newer than the refused ones.
    if ((scope === 'all' || scope === 'tokens') && this.held === this.handed) {
      // The server refused them (a revoked or expired refresh token): they can never work again.
      if (this.o.mode === 'launcher' && this.held) await this.o.store.removeTokens(this.o.url);
      this.held = null;
      this.refused = true;
    }
  }

  /**
   * RFC 8707 on every request: the protected resource metadata's `resource` (sent verbatim, as the
   * SDK's own default does: a URL would gain a `/`), else the server's canonical URL.
   */
  async validateResourceURL(serverUrl: string | URL, resource?: string): Promise<URL | undefined> {
    if (resource === undefined) return new URL(canonicalServerUrl(String(serverUrl)));
    if (
      !this.sdk.checkResourceAllowed({ requestedResource: serverUrl, configuredResource: resource })
    ) {
      const message = `The protected resource metadata of ${String(serverUrl)} names another resource (${resource}).`;
      throw new McpoError('oauth-resource-mismatch', message, {
        hint: 'check the server URL in the stack file',
      });
    }
    // The SDK sends a string indicator as it is (resourceIndicatorToString).
    return resource as unknown as URL;
  }

  private identify(clientId: string): Identification {
    return clientId === this.o.settings.clientMetadataUrl ? 'metadata-document' : 'registration';
  }

  /** A stored registration is reused only while it fits this login's redirect URI. */
  private fits(client: StoredClient): boolean {
    if (client.client_id === this.o.settings.clientMetadataUrl) return true;
    const uris = Array.isArray(client.redirect_uris) ? client.redirect_uris : [];
    return uris.some((uri) => sameLoopbackTarget(uri, this.o.redirectUrl));
  }

  private loginError(): Error {
    const why = this.refused ? 'refused' : 'none';
    const fallback = () =>
      new McpoError('login-required', 'An OAuth login is needed.', {
        hint: 'run `mcpo login SERVER`',
      });
    return this.o.needLogin?.(why, this.keychainProblem) ?? fallback();
  }

  private sink(tokens: StoredTokens): void {
    for (const v of [tokens.access_token, tokens.refresh_token, tokens.id_token]) {
      if (v && this.o.secretSink && !this.o.secretSink.includes(v)) this.o.secretSink.push(v);
    }
  }

  private now(): Date {
    return this.o.now?.() ?? new Date();
  }
}
