import type { FakeInspection } from "./control-api.ts";
import type { FakeDialect } from "./dialect.ts";
import type { FakeGrantState, FakeRevocation } from "./model.ts";

interface AccessTokenState {
  readonly grantId: string;
  /** What this token may do: the scopes of the consent or refresh token it came from. */
  readonly scopes: readonly string[];
  readonly expiresAt: number;
}

interface RefreshTokenState {
  readonly grantId: string;
  /** The scopes of the consent that issued it; refreshing keeps them. */
  readonly scopes: readonly string[];
  /** Set when a rotation replaced it; reusing it then fails. */
  rotatedAt: number | null;
  /** Set when newer refresh tokens of its grant pushed it over the provider's limit. */
  evictedAt: number | null;
}

/** An authorization code between the consent and its exchange. */
export interface CodeState {
  readonly clientId: string;
  readonly redirectURI: string;
  readonly accountId: string;
  readonly scopes: string[];
  readonly challenge: string | null;
  readonly challengeMethod: string | null;
  readonly offline: boolean;
  readonly nonce: string | null;
  readonly expiresAt: number;
  used: boolean;
}

/** What a token store needs from its fake. */
export interface TokenStoreOptions {
  readonly now: () => number;
  readonly randomHex: (bytes: number) => string;
  readonly accessTokenTtlSeconds: number;
  readonly codeTtlSeconds: number;
  readonly dialect: Pick<FakeDialect, "accessTokenPrefix" | "refreshTokenPrefix" | "refreshTokenLimit">;
  /** The email of an account by id, for revocation and inspection rows. */
  readonly emailOf: (accountId: string) => string;
}

/**
 * Grants and everything issued under them: authorization codes, access and refresh tokens, revocations.
 *
 * A grant is what an account consented to for one OAuth client, as the provider's "apps with access"
 * page lists it: every consent of the same account to the same client adds to the one live grant
 * (its scopes are the union), and revoking it, through any of its tokens, ends all of them. Each token
 * keeps the scopes of the consent that issued it, and older refresh tokens stay valid until the
 * dialect's per-grant limit pushes the oldest out.
 */
export class TokenStore {
  readonly grants = new Map<string, FakeGrantState>();
  readonly revocations: FakeRevocation[] = [];
  readonly accessTokenTtlSeconds: number;
  private readonly accessTokens = new Map<string, AccessTokenState>();
  private readonly refreshTokens = new Map<string, RefreshTokenState>();
  private readonly codes = new Map<string, CodeState>();

  constructor(private readonly options: TokenStoreOptions) {
    this.accessTokenTtlSeconds = options.accessTokenTtlSeconds;
  }

  /** Stores a code for a consent; it expires after the code lifetime. */
  issueCode(prefix: string, code: Omit<CodeState, "expiresAt" | "used">): string {
    const value = `${prefix}fake_${this.options.randomHex(24)}`;
    const expiresAt = this.options.now() + this.options.codeTtlSeconds * 1000;
    this.codes.set(value, { ...code, expiresAt, used: false });
    return value;
  }

  /** Uses up a code: null when it is unknown, expired or was used before (that attempt burns it too). */
  redeemCode(value: string): CodeState | null {
    const code = this.codes.get(value);
    if (code === undefined || code.used || code.expiresAt <= this.options.now()) return null;
    code.used = true;
    return code;
  }

  /** The account's live (not revoked) grant for the client, or null. */
  liveGrant(clientId: string, accountId: string): FakeGrantState | null {
    for (const grant of this.grants.values()) {
      if (grant.clientId === clientId && grant.accountId === accountId && grant.revokedAt === null)
        return grant;
    }
    return null;
  }

  /**
   * The grant a consent lands in: the account's live grant for the client, its scopes widened by the
   * new ones, or a new grant when there is none (the first consent, or the first after a revocation).
   */
  consentGrant(clientId: string, accountId: string, scopes: readonly string[]): FakeGrantState {
    const grant = this.liveGrant(clientId, accountId);
    if (grant === null) return this.createGrant(clientId, accountId, [...scopes]);
    grant.scopes = [...new Set([...grant.scopes, ...scopes])];
    return grant;
  }

  /** Records a new grant, whatever else the account has (a service account's assertion has no consent to join). */
  createGrant(clientId: string, accountId: string, scopes: string[]): FakeGrantState {
    const grant: FakeGrantState = {
      id: `grant_${this.options.randomHex(8)}`,
      clientId,
      accountId,
      scopes,
      createdAt: this.options.now(),
      revokedAt: null,
    };
    this.grants.set(grant.id, grant);
    return grant;
  }

  /** A new access token under the grant for `scopes`, valid for the access token lifetime. */
  issueAccessToken(grant: FakeGrantState, scopes: readonly string[]): string {
    const token = `${this.options.dialect.accessTokenPrefix()}${this.options.randomHex(32)}`;
    this.accessTokens.set(token, {
      grantId: grant.id,
      scopes: [...scopes],
      expiresAt: this.options.now() + this.accessTokenTtlSeconds * 1000,
    });
    return token;
  }

  /** A new refresh token under the grant for `scopes`; past the dialect's limit the grant's oldest one stops working. */
  issueRefreshToken(grant: FakeGrantState, scopes: readonly string[]): string {
    const token = `${this.options.dialect.refreshTokenPrefix()}${this.options.randomHex(32)}`;
    this.refreshTokens.set(token, {
      grantId: grant.id,
      scopes: [...scopes],
      rotatedAt: null,
      evictedAt: null,
    });
    const limit = this.options.dialect.refreshTokenLimit();
    if (limit !== null) {
      // Map order is issue order, so the first usable ones are the oldest.
      const usable = [...this.refreshTokens.values()].filter(
        (state) => state.grantId === grant.id && usableRefreshToken(state),
      );
      for (const state of usable.slice(0, Math.max(0, usable.length - limit))) {
        state.evictedAt = this.options.now();
      }
    }
    return token;
  }

  /** The grant behind an access token, the token's scopes and when it expires (revocation is for the caller to check). */
  accessTokenGrant(token: string): {
    readonly grant: FakeGrantState;
    readonly scopes: readonly string[];
    readonly expiresAt: number;
  } | null {
    const state = this.accessTokens.get(token);
    const grant = state === undefined ? undefined : this.grants.get(state.grantId);
    return state === undefined || grant === undefined
      ? null
      : { grant, scopes: state.scopes, expiresAt: state.expiresAt };
  }

  /** The grant behind a refresh token and the token's scopes, or null when it is unknown, rotated away, evicted or revoked. */
  refreshTokenGrant(
    token: string,
  ): { readonly grant: FakeGrantState; readonly scopes: readonly string[] } | null {
    const state = this.refreshTokens.get(token);
    const grant = state === undefined ? undefined : this.grants.get(state.grantId);
    if (
      state === undefined ||
      grant === undefined ||
      grant.revokedAt !== null ||
      !usableRefreshToken(state)
    ) {
      return null;
    }
    return { grant, scopes: state.scopes };
  }

  /** Marks a refresh token as replaced by a rotation, so reusing it fails. */
  retireRefreshToken(token: string): void {
    const state = this.refreshTokens.get(token);
    if (state !== undefined) state.rotatedAt = this.options.now();
  }

  /**
   * Revokes the grant behind an access or refresh token: every token issued under it, by any consent,
   * dies with it. False when the token is unknown, no longer usable, or its grant is already revoked.
   */
  revokeToken(token: string): boolean {
    const refresh = this.refreshTokens.get(token);
    const grantId =
      this.accessTokens.get(token)?.grantId ??
      (refresh !== undefined && usableRefreshToken(refresh) ? refresh.grantId : undefined);
    const grant = grantId === undefined ? undefined : this.grants.get(grantId);
    if (grant === undefined || grant.revokedAt !== null) return false;
    this.revoke(grant, "revoke_endpoint");
    return true;
  }

  /** Revokes every live grant of an account. Returns how many. */
  revokeAccountGrants(accountId: string): number {
    let count = 0;
    for (const grant of this.grants.values()) {
      if (grant.accountId === accountId && grant.revokedAt === null) {
        this.revoke(grant, "control");
        count++;
      }
    }
    return count;
  }

  /** Makes every access token issued so far expire now (refresh tokens stay valid). */
  expireAccessTokens(): void {
    const now = this.options.now();
    for (const [token, state] of this.accessTokens) {
      this.accessTokens.set(token, { ...state, expiresAt: Math.min(state.expiresAt, now) });
    }
  }

  /** Every grant with its tokens, as `__inspect` shows them. */
  inspectGrants(): FakeInspection["grants"] {
    return [...this.grants.values()].map((grant) => {
      const refreshTokens = [...this.refreshTokens].filter(([, state]) => state.grantId === grant.id);
      return {
        ...grant,
        refreshToken: refreshTokens.filter(([, state]) => usableRefreshToken(state)).at(-1)?.[0] ?? null,
        email: this.options.emailOf(grant.accountId),
        accessTokens: [...this.accessTokens]
          .filter(([, state]) => state.grantId === grant.id)
          .map(([token]) => token),
        refreshTokens: refreshTokens.map(([token, state]) => ({
          token,
          rotated: state.rotatedAt !== null,
          evicted: state.evictedAt !== null,
        })),
      };
    });
  }

  private revoke(grant: FakeGrantState, via: FakeRevocation["via"]): void {
    grant.revokedAt = this.options.now();
    const email = this.options.emailOf(grant.accountId);
    this.revocations.push({ at: new Date(this.options.now()).toISOString(), grantId: grant.id, email, via });
  }
}

/** Neither rotated away nor evicted (the grant's own revocation is checked separately). */
function usableRefreshToken(state: RefreshTokenState): boolean {
  return state.rotatedAt === null && state.evictedAt === null;
}
