import type { HealthReason } from "@org/calendar-connections-core";
import { connectionHealth } from "../connection-health.ts";
import type { TokenCipher } from "../crypto/cipher.ts";
import { isProviderError, type ProviderError } from "../providers/errors.ts";
import type { CalendarProvider, ProviderTokens } from "../providers/types.ts";
import type { CalendarStorage, ConnectionRecord, StoredHealth, TokenWrite } from "../storage/types.ts";

/** Refresh this long before expiry, so a token never expires in the middle of a request. */
const EXPIRY_SKEW_MS = 2 * 60 * 1000;
const RETRY_AFTER_UNAVAILABLE_MS = 5 * 60 * 1000;

export interface TokenManagerOptions {
  readonly storage: CalendarStorage;
  readonly cipher: TokenCipher;
  readonly providerFor: (record: ConnectionRecord) => CalendarProvider | null;
  readonly now: () => Date;
}

/** Thrown when a connection has no usable grant any more; its status says why. */
export class ConnectionUnusableError extends Error {
  override readonly name = "ConnectionUnusableError";
  constructor(
    readonly record: ConnectionRecord,
    readonly reason: HealthReason | "not_configured" | "no_tokens",
    options?: { cause?: unknown },
  ) {
    super(`connection ${record.id} is unusable: ${reason}`, options);
  }
}

export interface TokenManager {
  /** Encrypts a provider's tokens for a connection (refresh token kept when the provider did not rotate it). */
  seal(
    organizationId: string,
    connectionId: string,
    tokens: ProviderTokens,
    keepRefresh?: string | null,
  ): Promise<TokenWrite>;
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

function healthFor(
  error: ProviderError,
  now: Date,
): { status: "needs_reauth" | "error"; health: StoredHealth } {
  if (error.kind === "invalid_grant" || error.kind === "unauthorized") {
    return { status: "needs_reauth", health: connectionHealth("token_revoked", null) };
  }
  if (error.kind === "insufficient_scope") {
    return { status: "needs_reauth", health: connectionHealth("scope_missing", null) };
  }
  const retryAt = new Date(now.getTime() + (error.retryAfterMs ?? RETRY_AFTER_UNAVAILABLE_MS));
  return {
    status: "error",
    health: connectionHealth(error.kind === "rate_limited" ? "rate_limited" : "refresh_failed", retryAt),
  };
}

/** Creates the token manager the handlers and the sync worker share. */
export function createTokenManager(options: TokenManagerOptions): TokenManager {
  const { storage, cipher, now } = options;
  const inFlight = new Map<string, Promise<string>>();

  function context(record: ConnectionRecord, field: "access_token" | "refresh_token") {
    return { organizationId: record.organizationId, connectionId: record.id, field } as const;
  }

  async function seal(
    organizationId: string,
    connectionId: string,
    fresh: ProviderTokens,
    keepRefresh: string | null = null,
  ): Promise<TokenWrite> {
    const access = await cipher.seal(fresh.accessToken, {
      organizationId,
      connectionId,
      field: "access_token",
    });
    const refreshPlain = fresh.refreshToken ?? keepRefresh;
    const refresh =
      refreshPlain === null
        ? null
        : await cipher.seal(refreshPlain, { organizationId, connectionId, field: "refresh_token" });
    return {
      accessTokenCiphertext: access.ciphertext,
      refreshTokenCiphertext: refresh?.ciphertext ?? null,
      tokenExpiresAt: fresh.expiresAt,
      keyId: access.keyId,
    };
  }

  async function refreshTokenOf(record: ConnectionRecord): Promise<string | null> {
    if (record.refreshTokenCiphertext === null) return null;
    return cipher.open(record.refreshTokenCiphertext, context(record, "refresh_token"));
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
      const refreshedMeanwhile = current.tokenVersion !== snapshot.tokenVersion;
      if (current.accessTokenCiphertext !== null && !expiresSoon(current) && (!force || refreshedMeanwhile)) {
        return cipher.open(current.accessTokenCiphertext, context(current, "access_token"));
      }
      const provider = options.providerFor(current);
      if (provider === null) throw new ConnectionUnusableError(current, "not_configured");
      const refreshToken = await refreshTokenOf(current);
      if (refreshToken === null) throw new ConnectionUnusableError(current, "no_tokens");
      let fresh: ProviderTokens;
      try {
        fresh = await provider.refresh(refreshToken);
      } catch (error) {
        if (isProviderError(error)) await recordFailure(current, error);
        throw error;
      }
      const write = await seal(current.organizationId, current.id, fresh, refreshToken);
      const updated = await storage.updateConnection(current.organizationId, current.id, {
        tokens: write,
        expectedTokenVersion: current.tokenVersion,
        ...(current.health?.reason === "refresh_failed" ? { status: "active", health: null } : {}),
      });
      if (updated === null) throw new ConnectionUnusableError(current, "no_tokens");
      return fresh.accessToken;
    });
  }

  async function recordFailure(record: ConnectionRecord, error: ProviderError): Promise<void> {
    const { status, health } = healthFor(error, now());
    await storage.updateConnection(record.organizationId, record.id, {
      status,
      health,
      audit: {
        actorId: null,
        action: "connection.refresh_failed",
        details: { reason: health.reason, providerStatus: error.status, providerCode: error.providerCode },
      },
    });
    if (status === "needs_reauth") await storage.parkConnectionJobs(record.organizationId, record.id);
  }

  async function accessToken(record: ConnectionRecord, { force = false } = {}): Promise<string> {
    if (!force && record.accessTokenCiphertext !== null && !expiresSoon(record)) {
      return cipher.open(record.accessTokenCiphertext, context(record, "access_token"));
    }
    const running = inFlight.get(record.id);
    if (running) return running;
    const refresh = refreshLocked(record, force).finally(() => inFlight.delete(record.id));
    inFlight.set(record.id, refresh);
    return refresh;
  }

  return { seal, refreshTokenOf, accessToken };
}
