import { base64urlText } from "../util.ts";
import type { FakeAccountState, FakeCalendarSeed } from "./model.ts";
import type { FakeApiErrorKind, FakeEndpoints, FakeRoute } from "./types.ts";

/**
 * What makes a fake Google or Microsoft: the provider-specific hooks the shared machinery calls.
 * `FakeProviderHooks.bindDialect` builds it from the hooks. Every member is a function, so a value a
 * subclass sets after `super()` (e.g. Microsoft's tenant-dependent authorize path) is read when used.
 */
export interface FakeDialect {
  provider(): "google" | "microsoft";
  /** Shown on the consent and error pages. */
  providerName(): string;
  /** Path of the authorization endpoint relative to the base (the consent form posts to it + `/consent`). */
  authorizePath(): string;
  /** Whether the refresh grant rotates refresh tokens (Microsoft does). */
  rotatesRefreshTokens(): boolean;
  /** Live refresh tokens one grant keeps before each new one invalidates the oldest (Google: 100), or null for no limit. */
  refreshTokenLimit(): number | null;
  apiError(kind: FakeApiErrorKind, message: string, retryAfterSeconds?: number): Response;
  oauthError(status: number, error: string, description: string): Response;
  /** Whether a consent should come with a refresh token. */
  offlineRequested(params: URLSearchParams, accountId: string, clientId: string): boolean;
  /** The scopes as the token response reports them. */
  grantedScopeString(scopes: readonly string[]): string;
  idToken(account: FakeAccountState, clientId: string, nonce: string | null): string | null;
  /** A grant type the provider adds (Google's JWT bearer assertion), or null to fall through. */
  extraGrant(grantType: string | null, form: URLSearchParams): Promise<Response | null>;
  /** Extra fields of the token response (e.g. Microsoft's `ext_expires_in`). */
  tokenResponseExtras(): Record<string, unknown>;
  accessTokenPrefix(): string;
  refreshTokenPrefix(): string;
  /** How authorization codes start (Google's `4/0…`, Microsoft's `M.C…`). */
  codePrefix(): string;
  /** Whether the consent redirect names the granted scopes (`scope=…`, as Google's does). */
  scopeOnRedirect(): boolean;
  newAccountId(email: string): string;
  newCalendarId(account: { email: string }, seed: FakeCalendarSeed): string;
}

/**
 * What a concrete fake (Google, Microsoft) implements: its routes, endpoint URLs, error shapes and OAuth
 * details. `FakeProvider` extends it and hands the hooks to its modules as a `FakeDialect`.
 */
export abstract class FakeProviderHooks {
  /** Which provider this fakes. */
  abstract readonly provider: "google" | "microsoft";
  /** Shown on the consent and error pages. */
  protected abstract readonly providerName: string;
  /** Path of the authorization endpoint relative to the base (the consent form posts to it + `/consent`). */
  protected abstract readonly authorizePath: string;
  /** Whether the refresh grant rotates refresh tokens (Microsoft does). */
  protected abstract readonly rotatesRefreshTokens: boolean;

  /** The endpoint URLs a provider configuration needs. */
  abstract get endpoints(): FakeEndpoints;

  /** The route a request is for, or null (answered as the provider's 404). */
  protected abstract route(method: string, path: string, request: Request): FakeRoute | null;
  /** An API error in the provider's shape. */
  protected abstract apiError(kind: FakeApiErrorKind, message: string, retryAfterSeconds?: number): Response;
  /** An OAuth error in the provider's shape. */
  protected abstract oauthError(status: number, error: string, description: string): Response;
  /** An id for a seeded account without one (Google: a numeric `sub`; Graph: a GUID). */
  protected abstract newAccountId(email: string): string;
  /** An id for a seeded calendar without one. */
  protected abstract newCalendarId(account: { email: string }, seed: FakeCalendarSeed): string;
  /** Whether a consent should come with a refresh token. */
  protected abstract offlineRequested(params: URLSearchParams, accountId: string, clientId: string): boolean;
  /** The scopes as the token response reports them. */
  protected abstract grantedScopeString(scopes: readonly string[]): string;
  /** What access tokens start with, so they look like the provider's. */
  protected abstract accessTokenPrefix(): string;
  /** What refresh tokens start with. */
  protected abstract refreshTokenPrefix(): string;
  /** See `FakeDialect.codePrefix`. */
  protected abstract codePrefix(): string;
  /** See `FakeDialect.scopeOnRedirect`. */
  protected abstract scopeOnRedirect(): boolean;
  /** The ID token for an `openid` grant, or null for none. */
  protected abstract idToken(
    account: FakeAccountState,
    clientId: string,
    nonce: string | null,
  ): string | null;

  /** An unsigned ID token (alg "none") with these claims: the fake has no keys; clients read identity from userinfo. */
  protected unsignedIdToken(claims: Record<string, unknown>): string {
    return `${base64urlText(JSON.stringify({ alg: "none", typ: "JWT" }))}.${base64urlText(JSON.stringify(claims))}.`;
  }

  /** A grant type a concrete fake adds (Google's JWT bearer assertion), or null to fall through. */
  protected async extraGrant(_grantType: string | null, _form: URLSearchParams): Promise<Response | null> {
    return null;
  }

  /** Extra fields of the token response (e.g. Microsoft's `ext_expires_in`). */
  protected tokenResponseExtras(): Record<string, unknown> {
    return {};
  }

  /** See `FakeDialect.refreshTokenLimit`. Default: no limit. */
  protected refreshTokenLimit(): number | null {
    return null;
  }

  /** The hooks as the shared modules call them: late-bound, as subclass fields are set after `super()`. */
  protected bindDialect(): FakeDialect {
    return {
      provider: () => this.provider,
      providerName: () => this.providerName,
      authorizePath: () => this.authorizePath,
      rotatesRefreshTokens: () => this.rotatesRefreshTokens,
      refreshTokenLimit: () => this.refreshTokenLimit(),
      apiError: (...error) => this.apiError(...error),
      oauthError: (...error) => this.oauthError(...error),
      offlineRequested: (...consent) => this.offlineRequested(...consent),
      grantedScopeString: (scopes) => this.grantedScopeString(scopes),
      idToken: (...claims) => this.idToken(...claims),
      extraGrant: (...grant) => this.extraGrant(...grant),
      tokenResponseExtras: () => this.tokenResponseExtras(),
      accessTokenPrefix: () => this.accessTokenPrefix(),
      refreshTokenPrefix: () => this.refreshTokenPrefix(),
      codePrefix: () => this.codePrefix(),
      scopeOnRedirect: () => this.scopeOnRedirect(),
      newAccountId: (email) => this.newAccountId(email),
      newCalendarId: (account, seed) => this.newCalendarId(account, seed),
    };
  }
}
