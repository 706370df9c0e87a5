import type { OAuthConnect } from "./define.ts";
import { createHttpContext, OAuthEngine, toProviderTokens } from "./http.ts";
import type { AccountIdentity, ProviderRuntime } from "./types.ts";

/** A standard OAuth 2.0 authorization server, as a host provider describes it. */
export interface OAuth2ConnectOptions extends ProviderRuntime {
  /** The provider's id, for error messages and logs. */
  readonly provider: string;
  readonly clientId: string;
  /** Null for a public client (PKCE only). */
  readonly clientSecret: string | null;
  readonly authorizationEndpoint: string;
  readonly tokenEndpoint: string;
  /** RFC 7009 revocation endpoint; null when the provider has none (disconnect then only erases tokens). */
  readonly revocationEndpoint: string | null;
  /** Scopes requested at consent (include whatever yields a refresh token, e.g. `offline_access`). */
  readonly scopes: readonly string[];
  /** Scopes a connection needs before it may become active. Default: `scopes`. */
  readonly requiredScopes?: readonly string[];
  /** Extra authorization-request parameters (`prompt=consent`, `access_type=offline`, …). */
  readonly authorizationParams?: Readonly<Record<string, string>>;
  /** Default: derived by the kit from `publicBaseURL`, `basePath` and the provider id. */
  readonly redirectURI?: string;
  /** Who consented, from an access token (an OpenID userinfo call, the API's `/me`). */
  getIdentity(accessToken: string): Promise<AccountIdentity>;
}

/**
 * The `connect` of an OAuth 2.0 provider with PKCE S256: authorization URL, code exchange, refresh and
 * revocation through the kit's engine (arctic underneath), with the kit's timeouts and error
 * classification. A host provider adds only its identity call and calendar operations.
 */
export function createOAuth2Connect(options: OAuth2ConnectOptions): OAuthConnect {
  const ctx = createHttpContext(options.provider, options);
  const endpoints = {
    authorization: options.authorizationEndpoint,
    token: options.tokenEndpoint,
    revocation: options.revocationEndpoint,
    userinfo: "",
    apiBase: "",
  };
  const engines = new Map<string, OAuthEngine>();
  const engine = (redirectURI: string): OAuthEngine => {
    let found = engines.get(redirectURI);
    if (found === undefined) {
      found = new OAuthEngine(ctx, {
        clientId: options.clientId,
        clientSecret: options.clientSecret,
        redirectURI,
        endpoints,
      });
      engines.set(redirectURI, found);
    }
    return found;
  };
  const uri = (derived: string): string => options.redirectURI ?? derived;
  return {
    kind: "oauth",
    requiredScopes: options.requiredScopes ?? options.scopes,
    ...(options.redirectURI === undefined ? {} : { redirectURI: options.redirectURI }),
    createAuthorizationURL(input) {
      const url = engine(uri(input.redirectURI)).authorizationURL(
        input.state,
        input.codeVerifier,
        options.scopes,
      );
      for (const [name, value] of Object.entries(options.authorizationParams ?? {}))
        url.searchParams.set(name, value);
      if (input.loginHint !== undefined) url.searchParams.set("login_hint", input.loginHint);
      return url;
    },
    async exchangeCode(input) {
      const tokens = await engine(uri(input.redirectURI)).exchangeCode(input.code, input.codeVerifier);
      return toProviderTokens(tokens, ctx.now(), options.scopes);
    },
    async refresh(refreshToken) {
      return toProviderTokens(await engine(uri("")).refresh(refreshToken, []), ctx.now(), options.scopes);
    },
    revoke: (token) => engine(uri("")).revoke(token),
    getIdentity: (accessToken) => options.getIdentity(accessToken),
  };
}
