import type { HealthReason } from "@org/calendar-connections-core";
import { connectionHealth } from "../connection-health.ts";
import type { Credentials, OAuthCredentials, TokenCipher } from "../crypto/cipher.ts";
import { TokenDecryptionError } from "../crypto/envelope.ts";
import { healthNotice, recoveredPatch } from "../notifications/notice.ts";
import { isProviderError, type ProviderError } from "../providers/errors.ts";
import { healthVerdictFor } from "../providers/health.ts";
import type { CalendarStorage, ConnectionRecord, StoredHealth, TokenWrite } from "../storage/types.ts";

/** Refresh this long before expiry, so a token never expires in the middle of a request. */
const EXPIRY_SKEW_MS = 2 * 60 * 1000;
const RETRY_AFTER_UNAVAILABLE_MS = 5 * 60 * 1000;
/** Decrypted access tokens kept in memory per process; past this many, the oldest entry goes. */
const ACCESS_TOKEN_CACHE_SIZE = 10_000;

/**
 * OAuth tokens as a provider issues them (a code exchange or a refresh); a provider's
 * `ProviderTokens` fits as it is. Only these fields are sealed.
 */
export interface IssuedTokens {
  readonly accessToken: string;
  /** Null when none was issued (a refresh that does not rotate it). */
  readonly refreshToken: string | null;
  readonly expiresAt: Date | null;
}

/** What the token manager needs of an OAuth provider: renewing a grant from its refresh token. */
export interface TokenRefresher {
  /** Throws a `ProviderError` when the provider refuses (its kind decides the connection's health). */
  refresh(refreshToken: string): Promise<IssuedTokens>;
}

/** Options of `createTokenManager`. */
export interface TokenManagerOptions {
  readonly storage: CalendarStorage;
  readonly cipher: TokenCipher;
  /** The refresher of a connection's provider, or null when the provider is not configured (or not OAuth). */
  readonly providerFor: (record: ConnectionRecord) => TokenRefresher | null;
  readonly now: () => Date;
}

/** Thrown when a connection has no usable grant any more; its status says why. */
export class ConnectionUnusableError extends Error {
  override readonly name = "ConnectionUnusableError";
  constructor(
    readonly record: ConnectionRecord,
    /** `credentials_unreadable`: the keyring cannot open the stored credentials (the row's health says so). */
    readonly reason: HealthReason | "not_configured" | "no_tokens",
    options?: { cause?: unknown },
  ) {
    super(`connection ${record.id} is unusable: ${reason}`, options);
  }
}

/** Seals and opens a connection's credentials, and keeps its OAuth access token fresh. */
export interface TokenManager {
  /**
   * Seals a provider's OAuth tokens for a connection (kind "oauth"); `keepRefresh` is stored as the
   * refresh token when the provider did not issue a new one.
   */
  seal(
    organizationId: string,
    connectionId: string,
    tokens: IssuedTokens,
    keepRefresh?: string | null,
  ): Promise<TokenWrite>;
  /** Seals a form provider's secret fields for a connection (kind "secret", no expiry). */
  sealSecret(
    organizationId: string,
    connectionId: string,
    secret: Readonly<Record<string, string>>,
  ): Promise<TokenWrite>;
  /** The decrypted secret fields of a row, or null when it holds none (no credentials, or OAuth). */
  openSecret(record: ConnectionRecord): Promise<Record<string, string> | null>;
  /** The decrypted refresh token of a row, or null. */
  refreshTokenOf(record: ConnectionRecord): Promise<string | null>;
  /**
   * A usable access token. Refreshes when it expires within two minutes, or always with `force` (after a
   * 401) unless another caller refreshed since `record` was read. Single-flight: one refresh per
   * connection at a time in this process (a shared promise) and across processes (the storage's
   * connection lock; the loser re-reads the row). Failures update the connection's health.
   */
  accessToken(record: ConnectionRecord, options?: { readonly force?: boolean }): Promise<string>;
}

/** What a failed refresh does to the connection: the shared verdict, where any outage of a refresh reads `refresh_failed`. */
function healthFor(
  error: ProviderError,
  now: Date,
): { status: "needs_reauth" | "error"; health: StoredHealth } {
  const verdict = healthVerdictFor(error);
  if (verdict?.status === "needs_reauth") {
    return { status: "needs_reauth", health: connectionHealth(verdict.reason, null) };
  }
  const retryAt = new Date(now.getTime() + (error.retryAfterMs ?? RETRY_AFTER_UNAVAILABLE_MS));
  return {
    status: "error",
    health: connectionHealth(verdict?.reason === "rate_limited" ? "rate_limited" : "refresh_failed", retryAt),
  };
}

/** Access tokens already decrypted, valid for exactly the row version they were read from. */
interface AccessTokenCache {
  get(record: ConnectionRecord): string | null;
  set(record: ConnectionRecord, accessToken: string): void;
}

/**
 * Keeps decrypted access tokens in this process's memory only (never on disk), so a worker does not
 * decrypt the same grant for every job. An entry is keyed by organization and connection and answers
 * only for the row version it came from: any token write (a refresh here or in another process, a
 * reconnect, a disconnect) bumps `tokenVersion`, and the next read of the row misses.
 */
function createAccessTokenCache(size: number): AccessTokenCache {
  const entries = new Map<string, { readonly tokenVersion: number; readonly accessToken: string }>();
  const keyOf = (record: ConnectionRecord): string => `${record.organizationId}\u0000${record.id}`;
  return {
    get(record) {
      const entry = entries.get(keyOf(record));
      return entry !== undefined && entry.tokenVersion === record.tokenVersion ? entry.accessToken : null;
    },
    set(record, accessToken) {
      const key = keyOf(record);
      entries.delete(key);
      if (entries.size >= size) {
        const oldest = entries.keys().next();
        if (!oldest.done) entries.delete(oldest.value);
      }
      entries.set(key, { tokenVersion: record.tokenVersion, accessToken });
    },
  };
}

/** Creates the token manager the handlers and the sync worker share. */
export function createTokenManager(options: TokenManagerOptions): TokenManager {
  const { storage, cipher, now } = options;
  const inFlight = new Map<string, Promise<string>>();
  const cache = createAccessTokenCache(ACCESS_TOKEN_CACHE_SIZE);

  function seal(
    organizationId: string,
    connectionId: string,
    fresh: IssuedTokens,
    keepRefresh: string | null = null,
  ): Promise<TokenWrite> {
    const tokens = { accessToken: fresh.accessToken, refreshToken: fresh.refreshToken ?? keepRefresh };
    return cipher.seal({ organizationId, connectionId }, { kind: "oauth", tokens }, fresh.expiresAt);
  }

  function sealSecret(
    organizationId: string,
    connectionId: string,
    secret: Readonly<Record<string, string>>,
  ): Promise<TokenWrite> {
    return cipher.seal({ organizationId, connectionId }, { kind: "secret", secret });
  }

  /**
   * Records credentials the keyring cannot open (a key removed too early) as the connection's health
   * and parks its jobs: only a reconnect (or the key put back) helps, and retrying would dead-letter.
   * Guarded by the token version, so a reconnect that wrote readable tokens meanwhile stays as it is.
   */
  async function recordUnreadable(record: ConnectionRecord, error: TokenDecryptionError): Promise<never> {
    const updated = await storage.updateConnection(record.organizationId, record.id, {
      status: "needs_reauth",
      health: connectionHealth("credentials_unreadable", null),
      expectedTokenVersion: record.tokenVersion,
      ...(record.health?.reason === "credentials_unreadable"
        ? {}
        : {
            audit: {
              actorId: null,
              action: "connection.health_changed",
              details: { status: "needs_reauth", reason: "credentials_unreadable", failure: error.reason },
              notify: healthNotice("needs_reauth", "credentials_unreadable"),
            },
          }),
    });
    if (updated !== null) await storage.parkConnectionJobs(record.organizationId, record.id);
    throw new ConnectionUnusableError(updated ?? record, "credentials_unreadable", { cause: error });
  }

  /** The row's credentials; unreadable ones become the connection's health and a `ConnectionUnusableError`. */
  async function open(record: ConnectionRecord): Promise<Credentials | null> {
    try {
      return await cipher.open(record);
    } catch (error) {
      if (error instanceof TokenDecryptionError) return recordUnreadable(record, error);
      throw error;
    }
  }

  async function openSecret(record: ConnectionRecord): Promise<Record<string, string> | null> {
    const credentials = await open(record);
    return credentials?.kind === "secret" ? { ...credentials.secret } : null;
  }

  /** The row's OAuth tokens, or null when it holds none (one decryption for both). */
  async function oauthOf(record: ConnectionRecord): Promise<OAuthCredentials | null> {
    const credentials = await open(record);
    return credentials?.kind === "oauth" ? credentials.tokens : null;
  }

  async function refreshTokenOf(record: ConnectionRecord): Promise<string | null> {
    // Read-only (revocation on disconnect): no health is recorded here.
    const credentials = await cipher.open(record);
    return credentials?.kind === "oauth" ? credentials.tokens.refreshToken : null;
  }

  function expiresSoon(record: ConnectionRecord): boolean {
    return (
      record.tokenExpiresAt === null || record.tokenExpiresAt.getTime() - now().getTime() < EXPIRY_SKEW_MS
    );
  }

  async function refreshLocked(snapshot: ConnectionRecord, force: boolean): Promise<string> {
    return storage.withConnectionLock(snapshot.id, async () => {
      const current = await storage.getConnection(snapshot.organizationId, snapshot.id);
      if (current === null || current.status === "disconnected") {
        throw new ConnectionUnusableError(snapshot, "no_tokens");
      }
      const tokens = await oauthOf(current);
      const refreshedMeanwhile = current.tokenVersion !== snapshot.tokenVersion;
      if (tokens?.accessToken && !expiresSoon(current) && (!force || refreshedMeanwhile)) {
        return tokens.accessToken;
      }
      // No OAuth grant at all (none stored, or a form's secret) is "no_tokens", whatever the provider.
      if (tokens === null) throw new ConnectionUnusableError(current, "no_tokens");
      const provider = options.providerFor(current);
      if (provider === null) throw new ConnectionUnusableError(current, "not_configured");
      const refreshToken = tokens.refreshToken;
      if (refreshToken === null) throw new ConnectionUnusableError(current, "no_tokens");
      let fresh: IssuedTokens;
      try {
        fresh = await provider.refresh(refreshToken);
      } catch (error) {
        if (isProviderError(error)) await recordFailure(current, error);
        throw error;
      }
      const updated = await storage.updateConnection(current.organizationId, current.id, {
        tokens: await seal(current.organizationId, current.id, fresh, refreshToken),
        expectedTokenVersion: current.tokenVersion,
        ...(current.health?.reason === "refresh_failed" ? recoveredPatch() : {}),
      });
      if (updated === null) throw new ConnectionUnusableError(current, "no_tokens");
      cache.set(updated, fresh.accessToken);
      return fresh.accessToken;
    });
  }

  /**
   * Records a failed refresh of `record`'s tokens, only while the row still holds them: tokens written
   * since (a reconnect) are a grant this failure says nothing about.
   */
  async function recordFailure(record: ConnectionRecord, error: ProviderError): Promise<void> {
    const { status, health } = healthFor(error, now());
    // One audit row per health change: a refresh failing again the same way only moves retryAt.
    const changed = record.status !== status || record.health?.reason !== health.reason;
    const updated = await storage.updateConnection(record.organizationId, record.id, {
      status,
      health,
      expectedTokenVersion: record.tokenVersion,
      ...(changed
        ? {
            audit: {
              actorId: null,
              action: "connection.refresh_failed",
              details: {
                reason: health.reason,
                providerStatus: error.status,
                providerCode: error.providerCode,
              },
              notify: healthNotice(status, health.reason),
            },
          }
        : {}),
    });
    if (updated !== null && status === "needs_reauth") {
      await storage.parkConnectionJobs(record.organizationId, record.id);
    }
  }

  async function accessToken(record: ConnectionRecord, { force = false } = {}): Promise<string> {
    if (!force && !expiresSoon(record)) {
      const cached = cache.get(record);
      if (cached !== null) return cached;
      const tokens = await oauthOf(record);
      if (tokens?.accessToken) {
        cache.set(record, tokens.accessToken);
        return tokens.accessToken;
      }
    }
    const running = inFlight.get(record.id);
    if (running) return running;
    const refresh = refreshLocked(record, force).finally(() => inFlight.delete(record.id));
    inFlight.set(record.id, refresh);
    return refresh;
  }

  return { seal, sealSecret, openSecret, refreshTokenOf, accessToken };
}
