import type { HealthReason } from "@org/calendar-connections-core";
import type { StoredHealth } from "./storage/types.ts";

// One plain-words explanation per reason, written once for the token manager, the sync and the handlers.
const MESSAGES: Record<HealthReason, string> = {
  token_revoked: "Access was revoked at the provider. Reconnect to resume syncing.",
  scope_missing: "Calendar access is no longer granted. Reconnect and allow calendar access.",
  refresh_failed: "The provider did not renew access; the kit keeps retrying.",
  provider_unavailable: "The calendar provider is not answering; the kit keeps retrying.",
  calendar_not_found: "The selected calendar no longer exists. Choose another calendar.",
  rate_limited: "The calendar provider is limiting requests; the kit keeps retrying.",
  credentials_unreadable:
    "The stored credentials can no longer be decrypted (their key is not configured). Reconnect to resume syncing.",
};

/** Whether `message` is the kit's own sentence for the reason, not a provider's explanation. */
export function isDefaultHealthMessage(reason: HealthReason, message: string): boolean {
  return MESSAGES[reason] === message;
}

/**
 * The stored health of a connection for a reason, with when the kit tries again (null: only an admin
 * can fix it). `message` is a provider's own explanation (`ProviderError.healthMessage`), when it has one.
 */
export function connectionHealth(
  reason: HealthReason,
  retryAt: Date | null,
  message?: string | null,
): StoredHealth {
  return { reason, message: message ?? MESSAGES[reason], retryAt };
}
