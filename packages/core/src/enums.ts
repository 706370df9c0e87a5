import * as z from "zod/mini";

/**
 * What a provider id may look like: a lowercase letter, then 1 to 31 lowercase letters, digits or dashes.
 * Providers are plugins the host passes to the server, so the contract knows no list of ids: it only
 * checks their shape (they appear in URLs such as `/oauth/:provider/start`).
 */
export const PROVIDER_ID_PATTERN: RegExp = /^[a-z][a-z0-9-]{1,31}$/;

/** A provider id, as the server's registry names its providers. */
export const ProviderId = /* @__PURE__ */ z.string().check(z.regex(PROVIDER_ID_PATTERN));
export type ProviderId = z.infer<typeof ProviderId>;

/** Whether a string is a well-formed provider id. */
export function isProviderId(value: string): boolean {
  return PROVIDER_ID_PATTERN.test(value);
}

/**
 * Lifecycle of a connection as admins see it.
 * - `active`: tokens work and the target calendar is reachable.
 * - `needs_reauth`: the grant is gone or lacks a scope; only reconnecting fixes it.
 * - `error`: a transient or configuration problem; the kit retries at `health.retryAt`.
 * - `disconnected`: revoked and erased; kept for the audit trail.
 */
export const CONNECTION_STATUSES = ["active", "needs_reauth", "error", "disconnected"] as const;
/** The schema of a {@link CONNECTION_STATUSES} value. */
export const ConnectionStatus = z.enum(CONNECTION_STATUSES);
/** A connection's lifecycle state (see {@link CONNECTION_STATUSES}). */
export type ConnectionStatus = z.infer<typeof ConnectionStatus>;

/** Why a connection is not healthy. Each has a plain-words explanation and one action in the UI. */
export const HEALTH_REASONS = [
  "token_revoked",
  "scope_missing",
  "refresh_failed",
  "provider_unavailable",
  "calendar_not_found",
  "rate_limited",
  // The stored credentials cannot be decrypted (their key left the keyring): a reconnect replaces them.
  "credentials_unreadable",
] as const;
/** The schema of a {@link HEALTH_REASONS} value. */
export const HealthReason = z.enum(HEALTH_REASONS);
/** Why a connection is not healthy (see {@link HEALTH_REASONS}). */
export type HealthReason = z.infer<typeof HealthReason>;

/** What an audit entry records. Details never carry secrets. */
export const AUDIT_ACTIONS = [
  "connection.connected",
  "connection.reconnected",
  "connection.calendar_selected",
  "connection.refreshed",
  "connection.refresh_failed",
  "connection.health_changed",
  "connection.disconnected",
  "connection.dead_letters_requeued",
  "connection.event_retried",
  "connection.disconnect_requested",
  "feed.rotated",
] as const;
/** The schema of an {@link AUDIT_ACTIONS} value. */
export const AuditAction = z.enum(AUDIT_ACTIONS);
/** What an audit entry records (see {@link AUDIT_ACTIONS}). */
export type AuditAction = z.infer<typeof AuditAction>;
