import type { FakeInspection } from "./control-api.ts";
import type { FakeDialect } from "./dialect.ts";
import type { FakeGrantState, FakeRevocation } from "./model.ts";

interface AccessTokenState {
  readonly grantId: string;
  readonly expiresAt: number;
}

interface RefreshTokenState {
  readonly grantId: string;
  /** Set when a rotation replaced it; reusing it then fails. */
  rotatedAt: number | null;
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
  readonly dialect: Pick<FakeDialect, "accessTokenPrefix" | "refreshTokenPrefix">;
  /** The email of an account by id, for revocation and inspection rows. */
  readonly emailOf: (accountId: string) => string;
}

/** Grants and everything issued under them: authorization codes, access and refresh tokens, revocations. */
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

  /** Records a new grant. */
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

  /** A new access token under the grant, valid for the access token lifetime. */
  issueAccessToken(grant: FakeGrantState): string {
    const token = `${this.options.dialect.accessTokenPrefix()}${this.options.randomHex(32)}`;
    this.accessTokens.set(token, {
      grantId: grant.id,
      expiresAt: this.options.now() + this.accessTokenTtlSeconds * 1000,
    });
    return token;
  }

  /** A new refresh token under the grant. */
  issueRefreshToken(grant: FakeGrantState): string {
    const token = `${this.options.dialect.refreshTokenPrefix()}${this.options.randomHex(32)}`;
    this.refreshTokens.set(token, { grantId: grant.id, rotatedAt: null });
    return token;
  }

  /** The grant behind an access token and when the token expires (revocation is for the caller to check). */
  accessTokenGrant(token: string): { readonly grant: FakeGrantState; readonly expiresAt: number } | null {
    const state = this.accessTokens.get(token);
    const grant = state === undefined ? undefined : this.grants.get(state.grantId);
    return state === undefined || grant === undefined ? null : { grant, expiresAt: state.expiresAt };
  }

  /** The grant behind a refresh token, or null when the token is unknown, rotated away or revoked. */
  refreshTokenGrant(token: string): FakeGrantState | null {
    const state = this.refreshTokens.get(token);
    const grant = state === undefined ? undefined : this.grants.get(state.grantId);
    if (state === undefined || grant === undefined || grant.revokedAt !== null || state.rotatedAt !== null) {
      return null;
    }
    return grant;
  }

  /** Marks a refresh token as replaced by a rotation, so reusing it fails. */
  retireRefreshToken(token: string): void {
    const state = this.refreshTokens.get(token);
    if (state !== undefined) state.rotatedAt = this.options.now();
  }

  /** Revokes the grant behind an access or refresh token. False when the token is unknown or already revoked. */
  revokeToken(token: string): boolean {
    const grantId = this.accessTokens.get(token)?.grantId ?? this.refreshTokens.get(token)?.grantId;
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
    return [...this.grants.values()].map((grant) => ({
      ...grant,
      refreshToken:
        [...this.refreshTokens].find(
          ([, state]) => state.grantId === grant.id && state.rotatedAt === null,
        )?.[0] ?? null,
      email: this.options.emailOf(grant.accountId),
      accessTokens: [...this.accessTokens]
        .filter(([, state]) => state.grantId === grant.id)
        .map(([token]) => token),
      refreshTokens: [...this.refreshTokens]
        .filter(([, state]) => state.grantId === grant.id)
        .map(([token, state]) => ({ token, rotated: state.rotatedAt !== null })),
    }));
  }

  private revoke(grant: FakeGrantState, via: FakeRevocation["via"]): void {
    grant.revokedAt = this.options.now();
    const email = this.options.emailOf(grant.accountId);
    this.revocations.push({ at: new Date(this.options.now()).toISOString(), grantId: grant.id, email, via });
  }
}
