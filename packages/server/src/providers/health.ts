import type { ErrorCode, HealthReason } from "@org/calendar-connections-core";
import { healthReasonFor, type ProviderError } from "./errors.ts";

/** What a provider failure says about a connection: the status it moves to, and why. */
export interface ProviderHealthVerdict {
  /** `needs_reauth`: only the admin can fix it (reconnect); `error`: the kit retries. */
  readonly status: "needs_reauth" | "error";
  readonly reason: HealthReason;
}

/** Reasons only a reconnect fixes. */
const NEEDS_REAUTH: ReadonlySet<HealthReason> = new Set(["token_revoked", "scope_missing"]);

/**
 * The one mapping from a provider failure to connection health, shared by the token manager, the sync
 * worker and the handlers. Null when the failure says nothing about the connection (a bad request).
 */
export function healthVerdictFor(error: ProviderError): ProviderHealthVerdict | null {
  const reason = healthReasonFor(error);
  if (reason === null) return null;
  return { status: NEEDS_REAUTH.has(reason) ? "needs_reauth" : "error", reason };
}

/** The API error code an admin's request answers with when the provider failed this way. */
export function apiErrorCodeFor(error: ProviderError): ErrorCode {
  const reason = healthReasonFor(error);
  switch (reason) {
    case "token_revoked":
    case "scope_missing":
    case "rate_limited":
    case "calendar_not_found":
      return reason;
    default:
      return "provider_unavailable";
  }
}
