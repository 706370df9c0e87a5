import { encodeBase64 } from "@oslojs/encoding";
import { CodeChallengeMethod, OAuth2Client, OAuth2RequestError, OAuth2Tokens } from "arctic";
import { ProviderError, type ProviderErrorKind } from "./errors.ts";
import type {
  EventWriteResult,
  ProviderEndpoints,
  ProviderRuntime,
  ProviderTokens,
  RevokeResult,
} from "./types.ts";

const DEFAULT_TIMEOUT_MS = 10_000;

/** How one provider module talks HTTP: which fetch, which clock, how long to wait. */
export interface HttpContext {
  readonly provider: string;
  /** The fetch every request of the module goes through. */
  readonly fetch: typeof fetch;
  /** The module's clock. */
  readonly now: () => Date;
  readonly timeoutMs: number;
}

/** The HTTP context of a provider module: its fetch (default the global one), clock and timeout (default 10 s). */
export function createHttpContext(provider: string, runtime: ProviderRuntime): HttpContext {
  return {
    provider,
    fetch: runtime.fetch ?? ((input, init) => globalThis.fetch(input, init)),
    now: runtime.now ?? (() => new Date()),
    timeoutMs: runtime.timeoutMs ?? DEFAULT_TIMEOUT_MS,
  };
}

/** Sends a request with the context's fetch and a timeout; network failures and timeouts become `unavailable`. */
export async function send(
  ctx: HttpContext,
  operation: string,
  url: string,
  init: RequestInit,
): Promise<Response> {
  try {
    return await ctx.fetch(url, { ...init, signal: AbortSignal.timeout(ctx.timeoutMs) });
  } catch (cause) {
    const timedOut = cause instanceof Error && (cause.name === "TimeoutError" || cause.name === "AbortError");
    throw new ProviderError("unavailable", {
      provider: ctx.provider,
      operation,
      status: null,
      providerCode: timedOut ? "timeout" : "network_error",
      cause,
    });
  }
}

/** The response body as a JSON object; anything else (truncated, HTML, an array) is `unavailable`. */
export async function readJson(
  ctx: HttpContext,
  operation: string,
  response: Response,
): Promise<Record<string, unknown>> {
  let data: unknown;
  try {
    data = await response.json();
  } catch {
    data = null;
  }
  const record = asRecord(data);
  if (record === null) {
    throw new ProviderError("unavailable", {
      provider: ctx.provider,
      operation,
      status: response.status,
      providerCode: "malformed_response",
    });
  }
  return record;
}

/** Reads a JSON body when there is one, without failing. */
export async function readJsonLenient(response: Response): Promise<Record<string, unknown> | null> {
  try {
    return asRecord(await response.json());
  } catch {
    return null;
  }
}

/** Retry-After in milliseconds (delta-seconds or an HTTP date), or null. */
export function retryAfterMs(response: Response, now: Date): number | null {
  const value = response.headers.get("retry-after");
  if (value === null || value.trim() === "") return null;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? null : Math.max(0, date - now.getTime());
}

export function asRecord(value: unknown): Record<string, unknown> | null {
  return typeof value === "object" && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : null;
}

export function stringField(record: Record<string, unknown> | null | undefined, key: string): string | null {
  const value = record?.[key];
  return typeof value === "string" ? value : null;
}

export interface OAuthClientConfig {
  readonly clientId: string;
  /** Null for a public client. */
  readonly clientSecret: string | null;
  readonly redirectURI: string;
  readonly endpoints: ProviderEndpoints;
}

/**
 * The OAuth 2.0 engine both OAuth providers share. arctic's `OAuth2Client` builds the authorization URL
 * (state, PKCE S256 challenge, scopes) and arctic's `OAuth2Tokens` reads token responses. arctic 3 sends
 * token requests through the global `fetch` with no way to inject one or a timeout, so the token,
 * refresh and revocation requests are built here exactly as arctic builds them (form body, Basic client
 * authentication, `Accept: application/json`) and sent through the injected fetch with a timeout.
 */
export class OAuthEngine {
  private readonly client: OAuth2Client;

  constructor(
    private readonly ctx: HttpContext,
    private readonly config: OAuthClientConfig,
  ) {
    this.client = new OAuth2Client(config.clientId, config.clientSecret, config.redirectURI);
  }

  authorizationURL(state: string, codeVerifier: string, scopes: readonly string[]): URL {
    return this.client.createAuthorizationURLWithPKCE(
      this.config.endpoints.authorization,
      state,
      CodeChallengeMethod.S256,
      codeVerifier,
      [...scopes],
    );
  }

  /** `grant_type=authorization_code` with the PKCE verifier. */
  exchangeCode(code: string, codeVerifier: string): Promise<OAuth2Tokens> {
    return this.tokenRequest("token.exchange", {
      grant_type: "authorization_code",
      code,
      redirect_uri: this.config.redirectURI,
      code_verifier: codeVerifier,
    });
  }

  /** `grant_type=refresh_token`, with `scope` when given (Microsoft wants it). */
  refresh(refreshToken: string, scopes: readonly string[]): Promise<OAuth2Tokens> {
    const fields: Record<string, string> = { grant_type: "refresh_token", refresh_token: refreshToken };
    if (scopes.length > 0) fields.scope = scopes.join(" ");
    return this.tokenRequest("token.refresh", fields);
  }

  /** RFC 7009 revocation; 400 `invalid_token` means the provider no longer knows the token. */
  async revoke(token: string): Promise<RevokeResult> {
    const endpoint = this.config.endpoints.revocation;
    if (endpoint === null) return "unsupported";
    const response = await send(this.ctx, "token.revoke", endpoint, this.formRequest({ token }));
    if (response.ok) {
      await response.body?.cancel();
      return "revoked";
    }
    const body = await readJsonLenient(response);
    const code = stringField(body, "error");
    if (response.status === 400 && code === "invalid_token") return "already_revoked";
    throw oauthFailure(this.ctx, "token.revoke", response, code);
  }

  private formRequest(fields: Record<string, string>): RequestInit {
    const body = new URLSearchParams(fields);
    const headers = new Headers({
      "content-type": "application/x-www-form-urlencoded",
      accept: "application/json",
      "user-agent": "calendar-connections",
    });
    if (this.config.clientSecret === null) {
      body.set("client_id", this.config.clientId);
    } else {
      const credentials = encodeBase64(
        new TextEncoder().encode(`${this.config.clientId}:${this.config.clientSecret}`),
      );
      headers.set("authorization", `Basic ${credentials}`);
    }
    return { method: "POST", headers, body };
  }

  private tokenRequest(operation: string, fields: Record<string, string>): Promise<OAuth2Tokens> {
    return sendTokenRequest(this.ctx, operation, this.config.endpoints.token, this.formRequest(fields));
  }
}

/** Sends a token request and reads the answer with arctic's `OAuth2Tokens`, classifying failures. */
export async function sendTokenRequest(
  ctx: HttpContext,
  operation: string,
  endpoint: string,
  init: RequestInit,
): Promise<OAuth2Tokens> {
  const response = await send(ctx, operation, endpoint, init);
  if (response.status === 200) {
    const tokens = new OAuth2Tokens(await readJson(ctx, operation, response));
    try {
      tokens.accessToken();
    } catch {
      throw new ProviderError("unavailable", {
        provider: ctx.provider,
        operation,
        status: 200,
        providerCode: "malformed_response",
      });
    }
    return tokens;
  }
  const body = await readJsonLenient(response);
  throw oauthFailure(ctx, operation, response, stringField(body, "error"));
}

/** Classifies a failed OAuth endpoint response (RFC 6749 §5.2 error codes). */
function oauthFailure(
  ctx: HttpContext,
  operation: string,
  response: Response,
  code: string | null,
): ProviderError {
  let kind: ProviderErrorKind = "invalid_request";
  if (response.status >= 500) kind = "unavailable";
  else if (response.status === 429) kind = "rate_limited";
  else if (code === "invalid_grant") kind = "invalid_grant";
  else if (code === "invalid_scope") kind = "insufficient_scope";
  else if (code === "temporarily_unavailable" || code === "server_error") kind = "unavailable";
  return new ProviderError(kind, {
    provider: ctx.provider,
    operation,
    status: response.status,
    providerCode: code,
    retryAfterMs: retryAfterMs(response, ctx.now()),
    // arctic's error type, without the description (which a provider could fill with anything).
    cause: code === null ? undefined : new OAuth2RequestError(code, null, null, null),
  });
}

/** Reads arctic's tokens into the kit's shape, with expiry from the injected clock. */
export function toProviderTokens(
  tokens: OAuth2Tokens,
  now: Date,
  fallbackScopes: readonly string[],
  normalizeScope: (scope: string) => string = (scope) => scope,
): ProviderTokens {
  let expiresIn = 3600;
  try {
    expiresIn = tokens.accessTokenExpiresInSeconds();
  } catch {
    // Providers may omit expires_in; assume an hour, the lifetime Google and Microsoft use.
  }
  const scopes = tokens.hasScopes() ? tokens.scopes().filter((scope) => scope !== "") : [...fallbackScopes];
  return {
    accessToken: tokens.accessToken(),
    refreshToken: tokens.hasRefreshToken() ? tokens.refreshToken() : null,
    expiresAt: new Date(now.getTime() + expiresIn * 1000),
    grantedScopes: [...new Set(scopes.map(normalizeScope))],
  };
}

/** A bearer-authenticated JSON API call. */
export function bearer(accessToken: string, init: RequestInit = {}): RequestInit {
  const headers = new Headers(init.headers);
  headers.set("authorization", `Bearer ${accessToken}`);
  headers.set("accept", "application/json");
  if (init.body !== undefined && init.body !== null) headers.set("content-type", "application/json");
  return { ...init, headers };
}

/** The kind of a failed API response, from its status and what the provider's body said. */
export function apiErrorKind(
  status: number,
  hints: { readonly rateLimited: boolean; readonly insufficientScope: boolean },
): ProviderErrorKind {
  if (status === 401) return "unauthorized";
  if (status === 429 || hints.rateLimited) return "rate_limited";
  if (status === 403) return hints.insufficientScope ? "insufficient_scope" : "forbidden";
  if (status === 404) return "not_found";
  if (status === 410) return "gone";
  if (status === 409 || status === 412) return "conflict";
  if (status >= 500) return "unavailable";
  return "invalid_request";
}

/** Re-throws a `not_found` from a calendar-scoped call as `calendar_not_found`. */
export function asCalendarNotFound(error: unknown): unknown {
  if (error instanceof ProviderError && error.kind === "not_found") {
    return new ProviderError("calendar_not_found", {
      provider: error.provider,
      operation: error.operation,
      status: error.status,
      providerCode: error.providerCode,
      cause: error,
    });
  }
  return error;
}

/** A bearer-authenticated API call that throws the provider's classified error for any non-2xx answer. */
export type ApiCall = (
  operation: string,
  url: string,
  accessToken: string,
  init?: RequestInit,
) => Promise<Response>;

/** Builds the provider's `ApiCall` from how it classifies its error answers. */
export function createApiCall(
  ctx: HttpContext,
  toError: (ctx: HttpContext, operation: string, response: Response) => Promise<ProviderError>,
): ApiCall {
  return async (operation, url, accessToken, init = {}) => {
    const response = await send(ctx, operation, url, bearer(accessToken, init));
    if (!response.ok) throw await toError(ctx, operation, response);
    return response;
  };
}

/** Reads a written event's id and etag (`etagField` differs: `etag` at Google, `@odata.etag` at Graph). */
export async function readWrittenEvent(
  ctx: HttpContext,
  operation: string,
  response: Response,
  created: boolean,
  etagField: string,
): Promise<EventWriteResult> {
  const body = await readJson(ctx, operation, response);
  const externalId = stringField(body, "id");
  if (externalId === null) {
    throw new ProviderError("unavailable", {
      provider: ctx.provider,
      operation,
      status: response.status,
      providerCode: "malformed_response",
    });
  }
  return { externalId, etag: stringField(body, etagField), created };
}
