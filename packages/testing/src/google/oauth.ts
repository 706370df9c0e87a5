import type { FakeAccountState, FakeCalendarSeed } from "../fake/model.ts";
import type { FakeApiErrorKind, FakeEndpoints, FakeProviderOptions, FakeRoute } from "../fake/types.ts";
import { FakeProvider } from "../fake-provider.ts";
import { json, readForm } from "../util.ts";
import type { FakeServiceAccount } from "./service-account.ts";

export const AUTH = "https://www.googleapis.com/auth";
const USERINFO_SCOPES = ["openid", "email", "profile", `${AUTH}/userinfo.email`, `${AUTH}/userinfo.profile`];

/** The endpoint URLs of a fake Google mounted at `baseURL`. */
export function googleEndpoints(baseURL: string): FakeEndpoints {
  const base = baseURL.replace(/\/+$/, "");
  return {
    authorization: `${base}/o/oauth2/v2/auth`,
    token: `${base}/token`,
    revocation: `${base}/revoke`,
    userinfo: `${base}/v1/userinfo`,
    apiBase: `${base}/calendar/v3`,
  };
}

export interface FakeGoogleOptions extends FakeProviderOptions {
  /** Service accounts allowed to use the JWT bearer grant (RFC 7523), impersonating seeded accounts. */
  readonly serviceAccounts?: readonly FakeServiceAccount[];
  /** How rate limits answer: 429, or 403 with reason `rateLimitExceeded`. Default 429. */
  readonly rateLimitStatus?: 429 | 403;
}

/**
 * Google's OAuth 2.0 and identity dialect: authorize with a consent page, token, revoke, OpenID userinfo,
 * token and id shapes, and its error bodies. `FakeGoogle` adds the Calendar v3 routes.
 */
export abstract class GoogleOAuth extends FakeProvider {
  readonly provider = "google" as const;
  protected readonly providerName = "Google";
  protected readonly authorizePath = "/o/oauth2/v2/auth";
  protected readonly rotatesRefreshTokens = false;
  /** How rate limits answer: 429, or 403 with reason `rateLimitExceeded`. */
  rateLimitStatus: 429 | 403;

  constructor(options: FakeGoogleOptions = {}) {
    super(options, "http://127.0.0.1:4010");
    this.rateLimitStatus = options.rateLimitStatus ?? 429;
  }

  get endpoints(): FakeEndpoints {
    return googleEndpoints(this.baseURL);
  }

  /** The OAuth and identity routes (authorize, token, revoke, userinfo), or null. */
  protected oauthRoute(method: string, path: string, request: Request): FakeRoute | null {
    const oauth = this.authorizeRoute(method, path, request);
    if (oauth !== null) return oauth;
    if (path === "/token" && method === "POST") {
      return { name: "token", target: "token", run: () => this.token(request) };
    }
    if (path === "/revoke" && method === "POST") {
      return { name: "revoke", target: "revoke", run: () => this.revoke(request) };
    }
    if (path === "/v1/userinfo" && (method === "GET" || method === "POST")) {
      return { name: "userinfo", target: "api", run: async () => this.userinfo(request) };
    }
    return null;
  }

  // ---------------------------------------------------------------- OAuth specifics

  protected offlineRequested(params: URLSearchParams, accountId: string, clientId: string): boolean {
    if (params.get("access_type") !== "offline") return false;
    const prompt = (params.get("prompt") ?? "").split(" ");
    if (prompt.includes("consent")) return true;
    // Without prompt=consent Google only returns a refresh token on the first consent of this client.
    return this.liveGrant(clientId, accountId) === null;
  }

  /** Google keeps 100 live refresh tokens per account and client; a new one invalidates the oldest. */
  protected override refreshTokenLimit(): number {
    return 100;
  }

  protected grantedScopeString(scopes: readonly string[]): string {
    return scopes
      .map((scope) => (scope === "email" || scope === "profile" ? `${AUTH}/userinfo.${scope}` : scope))
      .join(" ");
  }

  protected accessTokenPrefix(): string {
    return "ya29.fake_";
  }

  protected refreshTokenPrefix(): string {
    return "1//fake_";
  }

  protected codePrefix(): string {
    return "4/0";
  }

  protected scopeOnRedirect(): boolean {
    return true;
  }

  protected idToken(account: FakeAccountState, clientId: string, nonce: string | null): string {
    const now = Math.floor(this.now() / 1000);
    const payload: Record<string, unknown> = {
      iss: "https://accounts.google.com",
      aud: clientId,
      sub: account.id,
      email: account.email,
      email_verified: true,
      iat: now,
      exp: now + 3600,
    };
    if (nonce !== null) payload.nonce = nonce;
    return this.unsignedIdToken(payload);
  }

  protected oauthError(status: number, error: string, description: string): Response {
    return json({ error, error_description: description }, status);
  }

  protected newAccountId(): string {
    // Google subjects are 21-digit numbers.
    let digits = "1";
    for (let i = 0; i < 20; i++) digits += Math.floor(this.random() * 10).toString();
    return digits;
  }

  protected newCalendarId(account: { email: string }, seed: FakeCalendarSeed): string {
    return seed.primary === true ? account.email : `c_${this.randomHex(16)}@group.calendar.google.com`;
  }

  protected apiError(kind: FakeApiErrorKind, message: string, retryAfterSeconds?: number): Response {
    const error = (
      status: number,
      reason: string,
      statusText: string,
      headers: Record<string, string> = {},
      domain = "global",
    ): Response =>
      json(
        { error: { code: status, message, errors: [{ domain, reason, message }], status: statusText } },
        status,
        headers,
      );
    switch (kind) {
      case "unauthorized":
        return error(401, "authError", "UNAUTHENTICATED", {
          "www-authenticate": 'Bearer realm="https://accounts.google.com/", error="invalid_token"',
        });
      case "insufficient_scope":
        return error(403, "insufficientPermissions", "PERMISSION_DENIED", {
          "www-authenticate": 'Bearer realm="https://accounts.google.com/", error="insufficient_scope"',
        });
      case "forbidden":
        return error(403, "requiredAccessLevel", "PERMISSION_DENIED");
      case "rate_limited": {
        const headers = { "retry-after": String(retryAfterSeconds ?? 1) };
        return this.rateLimitStatus === 403
          ? error(403, "rateLimitExceeded", "PERMISSION_DENIED", headers, "usageLimits")
          : error(429, "rateLimitExceeded", "RESOURCE_EXHAUSTED", headers, "usageLimits");
      }
      case "not_found":
        return error(404, "notFound", "NOT_FOUND");
      case "gone":
        return error(410, "deleted", "GONE");
      case "conflict":
        return error(409, "duplicate", "ALREADY_EXISTS");
      case "invalid":
        return error(400, "invalid", "INVALID_ARGUMENT");
      case "precondition_failed":
        return error(412, "conditionNotMet", "FAILED_PRECONDITION");
      case "server_error":
        return error(500, "backendError", "INTERNAL");
      case "unavailable":
        return error(503, "backendError", "UNAVAILABLE");
    }
  }

  // ---------------------------------------------------------------- revoke and userinfo

  protected async revoke(request: Request): Promise<Response> {
    const form = await readForm(request);
    const token = form.get("token") ?? new URL(request.url).searchParams.get("token") ?? "";
    if (!this.revokeToken(token)) return this.oauthError(400, "invalid_token", "Token expired or revoked");
    return json({});
  }

  protected userinfo(request: Request): Response {
    const auth = this.authenticate(request, USERINFO_SCOPES);
    if (!auth.ok) return auth.response;
    const { account } = auth.caller;
    return json({ sub: account.id, email: account.email, email_verified: true, name: account.name });
  }
}
