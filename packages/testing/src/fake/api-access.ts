import type { AccountDirectory } from "./accounts.ts";
import type { FakeDialect } from "./dialect.ts";
import type { FakeAccountState, FakeRateLimit } from "./model.ts";
import type { TokenStore } from "./token-store.ts";
import type { FakeAuthResult } from "./types.ts";

/** What API access checks need from their fake. */
export interface ApiAccessOptions {
  readonly now: () => number;
  readonly tokens: TokenStore;
  readonly accounts: AccountDirectory;
  readonly dialect: Pick<FakeDialect, "apiError">;
  /** The budget of every account without its own; null is unlimited. */
  readonly rateLimit: FakeRateLimit | null;
}

/** Who may call the API and how often: bearer tokens, scopes and per-account rate limits. */
export class ApiAccess {
  private defaultRateLimit: FakeRateLimit | null;

  constructor(private readonly options: ApiAccessOptions) {
    this.defaultRateLimit = options.rateLimit;
  }

  /** Authenticates a bearer token, checks scopes (any of `anyScope`) and the account's rate limit. */
  authenticate(request: Request, anyScope: readonly string[]): FakeAuthResult {
    const { dialect } = this.options;
    const deny = (...error: Parameters<FakeDialect["apiError"]>): FakeAuthResult => ({
      ok: false,
      response: dialect.apiError(...error),
    });
    const header = request.headers.get("authorization") ?? "";
    const token = header.startsWith("Bearer ") ? header.slice(7).trim() : "";
    const issued = this.options.tokens.accessTokenGrant(token);
    const account = issued === null ? undefined : this.options.accounts.byId(issued.grant.accountId);
    if (issued === null || account === undefined) return deny("unauthorized", "Invalid Credentials");
    const { grant, scopes, expiresAt } = issued;
    if (grant.revokedAt !== null) return deny("unauthorized", "The access token was revoked.");
    if (expiresAt <= this.options.now()) return deny("unauthorized", "The access token has expired.");
    if (anyScope.length > 0 && !anyScope.some((scope) => scopes.includes(scope))) {
      return deny("insufficient_scope", "Request had insufficient authentication scopes.");
    }
    const retryAfterSeconds = this.spend(account);
    if (retryAfterSeconds !== null) return deny("rate_limited", "Rate Limit Exceeded", retryAfterSeconds);
    return { ok: true, caller: { account, grant, scopes } };
  }

  /** Sets the budget of one account (starting a fresh window) or, without one, the fake-wide budget. */
  setRateLimit(limit: FakeRateLimit | null, account?: FakeAccountState): void {
    if (account === undefined) {
      this.defaultRateLimit = limit;
      return;
    }
    account.rateLimit = limit;
    account.window = { start: 0, count: 0 };
  }

  /** Counts one call against the account's budget; the seconds to wait when it is spent, else null. */
  private spend(account: FakeAccountState): number | null {
    const limit = account.rateLimit === undefined ? this.defaultRateLimit : account.rateLimit;
    if (limit === null) return null;
    const now = this.options.now();
    if (now - account.window.start >= limit.windowMs) account.window = { start: now, count: 0 };
    if (account.window.count >= limit.requests) {
      const waitMs = account.window.start + limit.windowMs - now;
      return Math.max(1, Math.ceil(waitMs / 1000));
    }
    account.window.count++;
    return null;
  }
}
