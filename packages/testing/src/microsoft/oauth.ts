import type { FakeAccountState } from "../fake/model.ts";
import type {
  FakeApiErrorKind,
  FakeAuthResult,
  FakeEndpoints,
  FakeProviderOptions,
  FakeRoute,
} from "../fake/types.ts";
import { FakeProvider } from "../fake-provider.ts";
import { json } from "../util.ts";

export const GRAPH = "https://graph.microsoft.com/";
/** Scopes that are not Graph permissions and are reported without the resource prefix. */
const OIDC_SCOPES = ["openid", "email", "profile", "offline_access"];

/** The endpoint URLs of a fake Microsoft mounted at `baseURL`, for a tenant (default `common`). */
export function microsoftEndpoints(baseURL: string, tenant = "common"): FakeEndpoints {
  const base = baseURL.replace(/\/+$/, "");
  return {
    authorization: `${base}/${tenant}/oauth2/v2.0/authorize`,
    token: `${base}/${tenant}/oauth2/v2.0/token`,
    revocation: null,
    userinfo: `${base}/v1.0/me`,
    apiBase: `${base}/v1.0`,
  };
}

export interface FakeMicrosoftOptions extends FakeProviderOptions {
  /** The tenant segment of the authorize and token URLs it hands out. Default `common`; any is accepted. */
  readonly tenant?: string;
  /**
   * How long after a create a second create with the same `transactionId` returns the first event
   * instead of making another, in ms. Microsoft documents `transactionId` for retries right after a
   * timeout and names no window, so a client must not count on it for later retries: `0` models a
   * service that has forgotten it. Default: unbounded (it is always honoured).
   */
  readonly transactionIdWindowMs?: number;
}

/**
 * Entra ID v2's OAuth and identity dialect: authorize with a consent page, token with rotating refresh
 * tokens, case-insensitive Graph scopes, token and id shapes, and its error bodies. `FakeMicrosoft` adds
 * the Graph routes.
 */
export abstract class MicrosoftOAuth extends FakeProvider {
  readonly provider = "microsoft" as const;
  protected readonly providerName = "Microsoft";
  protected readonly rotatesRefreshTokens = true;
  protected readonly authorizePath: string;
  readonly tenant: string;
  /** See `FakeMicrosoftOptions.transactionIdWindowMs`; tests may change it at any time. */
  transactionIdWindowMs: number;

  constructor(options: FakeMicrosoftOptions = {}) {
    super(options, "http://127.0.0.1:4020");
    this.tenant = options.tenant ?? "common";
    this.transactionIdWindowMs = options.transactionIdWindowMs ?? Number.POSITIVE_INFINITY;
    this.authorizePath = `/${this.tenant}/oauth2/v2.0/authorize`;
  }

  get endpoints(): FakeEndpoints {
    return microsoftEndpoints(this.baseURL, this.tenant);
  }

  /** The OAuth routes (authorize and the token endpoint of any tenant), or null. */
  protected oauthRoute(method: string, path: string, request: Request): FakeRoute | null {
    const oauth = this.authorizeRoute(method, path, request);
    if (oauth !== null) return oauth;
    if (/^\/[^/]+\/oauth2\/v2\.0\/token$/.test(path) && method === "POST") {
      return { name: "token", target: "token", run: () => this.token(request) };
    }
    return null;
  }

  // ---------------------------------------------------------------- OAuth specifics

  protected offlineRequested(params: URLSearchParams): boolean {
    return (params.get("scope") ?? "").split(" ").includes("offline_access");
  }

  protected grantedScopeString(scopes: readonly string[]): string {
    return scopes
      .map((scope) => {
        const bare = scope.startsWith(GRAPH) ? scope.slice(GRAPH.length) : scope;
        return OIDC_SCOPES.includes(bare.toLowerCase()) ? bare : `${GRAPH}${bare}`;
      })
      .join(" ");
  }

  protected accessTokenPrefix(): string {
    return "eyJ0fake.at_";
  }

  protected refreshTokenPrefix(): string {
    return "M.R3_fake_";
  }

  protected codePrefix(): string {
    return "M.C";
  }

  protected scopeOnRedirect(): boolean {
    return false;
  }

  protected override tokenResponseExtras(): Record<string, unknown> {
    return { ext_expires_in: this.accessTokenTtlSeconds };
  }

  protected idToken(account: FakeAccountState, clientId: string, nonce: string | null): string {
    const now = Math.floor(this.now() / 1000);
    const payload: Record<string, unknown> = {
      iss: `https://login.microsoftonline.com/${this.tenant}/v2.0`,
      aud: clientId,
      oid: account.id,
      sub: account.id,
      preferred_username: account.email,
      email: account.mail ?? account.email,
      iat: now,
      exp: now + 3600,
    };
    if (nonce !== null) payload.nonce = nonce;
    return this.unsignedIdToken(payload);
  }

  protected oauthError(status: number, error: string, description: string): Response {
    const codes: Record<string, number> = {
      invalid_grant: 70000,
      invalid_client: 7000215,
      server_error: 500011,
    };
    const code = codes[error] ?? 90014;
    return json(
      {
        error,
        error_description: `AADSTS${code}: ${description}`,
        error_codes: [code],
        timestamp: this.isoNow(),
        trace_id: "00000000-0000-0000-0000-000000000000",
        correlation_id: "00000000-0000-0000-0000-000000000000",
      },
      status,
    );
  }

  /** Authenticates with case-insensitive scope names, as Entra treats them. */
  protected override authenticate(request: Request, anyScope: readonly string[]): FakeAuthResult {
    const result = super.authenticate(request, []);
    if (!result.ok) return result;
    const granted = result.caller.scopes.map((scope) =>
      (scope.startsWith(GRAPH) ? scope.slice(GRAPH.length) : scope).toLowerCase(),
    );
    if (anyScope.length > 0 && !anyScope.some((scope) => granted.includes(scope))) {
      return {
        ok: false,
        response: this.apiError("insufficient_scope", "Access is denied. Check credentials and try again."),
      };
    }
    return result;
  }

  protected newAccountId(): string {
    const hex = this.randomHex(16);
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  }

  protected newCalendarId(): string {
    return `AAMkAGfake${this.randomHex(20)}AAA=`;
  }

  protected apiError(kind: FakeApiErrorKind, message: string, retryAfterSeconds?: number): Response {
    const error = (status: number, code: string, headers: Record<string, string> = {}): Response =>
      json(
        {
          error: {
            code,
            message,
            innerError: { date: this.isoNow(), "request-id": "00000000-0000-0000-0000-000000000000" },
          },
        },
        status,
        headers,
      );
    switch (kind) {
      case "unauthorized":
        return error(401, "InvalidAuthenticationToken", {
          "www-authenticate": `Bearer realm="", authorization_uri="https://login.microsoftonline.com/common/oauth2/authorize", error="invalid_token"`,
        });
      case "insufficient_scope":
      case "forbidden":
        // Graph answers both a missing permission and a read-only calendar with ErrorAccessDenied.
        return error(403, "ErrorAccessDenied");
      case "rate_limited":
        return error(429, "TooManyRequests", { "retry-after": String(retryAfterSeconds ?? 1) });
      case "not_found":
        return error(404, "ErrorItemNotFound");
      case "gone":
        return error(410, "ResourceGone");
      case "conflict":
        return error(409, "ErrorIrresolvableConflict");
      case "invalid":
        return error(400, "ErrorInvalidRequest");
      case "precondition_failed":
        return error(412, "PreconditionFailed");
      case "server_error":
      case "unavailable":
        return error(503, "ServiceNotAvailable");
    }
  }
}
