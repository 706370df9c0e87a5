// The contract's plain values (lists of codes, patterns, parameter names), apart from the zod schemas built on
// them: a bundler splits code by module, so a browser page that needs only these values and core's zod-free checks
// (light/) gets no zod with them.

/**
 * What a provider id may look like: a lowercase letter, then 1 to 31 lowercase letters, digits or dashes.
 * Providers are plugins the host passes to the server, so the contract knows no list of ids: it only
 * checks their shape (they appear in URLs such as `/oauth/:provider/start`).
 */
export const PROVIDER_ID_PATTERN: RegExp = /^[a-z][a-z0-9-]{1,31}$/;

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

/**
 * Every error code the API can answer with. A plain list, so a client that only parses problems (the UI) does
 * not bundle the titles below; `ERROR_CODES` must name exactly these.
 */
export const ERROR_CODE_LIST = [
  "unauthenticated",
  "forbidden",
  "cross_site_request",
  "not_found",
  "connection_not_found",
  "provider_unknown",
  "method_not_allowed",
  "connection_exists",
  "connection_disconnected",
  "provider_not_configured",
  "provider_not_enabled",
  "payload_too_large",
  "unsupported_media_type",
  "invalid_json",
  "validation_failed",
  "invalid_return_to",
  "calendar_not_found",
  "calendar_not_writable",
  "credentials_rejected",
  "oauth_state_invalid",
  "oauth_state_expired",
  "oauth_denied",
  "oauth_exchange_failed",
  "scope_missing",
  "refresh_token_missing",
  "token_revoked",
  "credentials_unreadable",
  "provider_unavailable",
  "rate_limited",
  "cron_unauthorized",
  "storage_unavailable",
  "internal_error",
] as const;

type ErrorCode = (typeof ERROR_CODE_LIST)[number];

/** Codes the OAuth callback can put in `calendarConnection=error&code=…` on its redirect. */
export const CALLBACK_ERROR_CODES = [
  "oauth_state_invalid",
  "oauth_state_expired",
  "oauth_denied",
  "oauth_exchange_failed",
  "scope_missing",
  "refresh_token_missing",
  "provider_not_configured",
  "provider_unavailable",
  "connection_exists",
  "storage_unavailable",
  "internal_error",
] as const satisfies readonly ErrorCode[];

/** The kinds of input a connect form field takes. `secret` is masked and never shown back. */
export const FORM_FIELD_TYPES = ["text", "email", "url", "secret", "textarea", "select"] as const;

/** What a connect form field's `name` may look like: a letter, then up to 63 letters, digits or underscores. */
export const FORM_FIELD_NAME_PATTERN: RegExp = /^[A-Za-z][A-Za-z0-9_]{0,63}$/;

/** Query parameters the OAuth callback adds to `returnTo`, read by the UI after the round trip. */
export const RETURN_PARAMS = {
  outcome: "calendarConnection",
  connectionId: "connectionId",
  code: "code",
} as const;

/** The media type of every error answer (RFC 9457). */
export const PROBLEM_CONTENT_TYPE = "application/problem+json";
