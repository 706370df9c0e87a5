import * as z from "zod/mini";
import { CALLBACK_ERROR_CODES, ERROR_CODE_LIST } from "./vocabulary.ts";

/** A stable error code of a problem answer (see {@link ERROR_CODES} for each one's status and title). */
export type ErrorCode = (typeof ERROR_CODE_LIST)[number];
/** The schema of an {@link ErrorCode}. */
export const ErrorCode = z.enum(ERROR_CODE_LIST);

/**
 * Every error the API can answer with, and the HTTP status it maps to. The `code` is stable: clients
 * branch on it and the UI turns it into a message; `title` is the default English text of the problem.
 */
export const ERROR_CODES = {
  unauthenticated: { status: 401, title: "Sign in to continue." },
  forbidden: { status: 403, title: "Only organization admins can manage calendar connections." },
  cross_site_request: { status: 403, title: "Cross-site requests are refused." },
  not_found: { status: 404, title: "Not found." },
  connection_not_found: { status: 404, title: "This connection does not exist." },
  provider_unknown: { status: 404, title: "This calendar provider is not known." },
  method_not_allowed: { status: 405, title: "This method is not allowed on this route." },
  connection_exists: { status: 409, title: "This organization already has a connection to this provider." },
  connection_disconnected: { status: 409, title: "This connection is disconnected." },
  provider_not_configured: { status: 409, title: "This provider is not configured on the server." },
  provider_not_enabled: { status: 403, title: "This provider is not enabled for this organization." },
  payload_too_large: { status: 413, title: "The request body is too large." },
  unsupported_media_type: { status: 415, title: "The request body must be JSON." },
  invalid_json: { status: 400, title: "The request body is not valid JSON." },
  validation_failed: { status: 400, title: "The request has invalid fields." },
  invalid_return_to: { status: 400, title: "returnTo must be a relative path on this site." },
  calendar_not_found: { status: 422, title: "The calendar does not exist in the connected account." },
  calendar_not_writable: { status: 422, title: "The connected account cannot write to this calendar." },
  credentials_rejected: { status: 422, title: "The provider refused these credentials." },
  oauth_state_invalid: { status: 400, title: "The sign-in attempt is invalid or was already used." },
  oauth_state_expired: { status: 400, title: "The sign-in attempt expired. Start again." },
  oauth_denied: { status: 400, title: "Access was not granted at the provider." },
  oauth_exchange_failed: { status: 502, title: "The provider did not complete the sign-in." },
  scope_missing: { status: 400, title: "Calendar access was not granted." },
  refresh_token_missing: { status: 400, title: "The provider did not grant offline access." },
  token_revoked: { status: 409, title: "Access was revoked at the provider. Reconnect to continue." },
  credentials_unreadable: {
    status: 409,
    title: "The stored credentials of this connection cannot be read. Reconnect to continue.",
  },
  provider_unavailable: { status: 502, title: "The calendar provider is unavailable." },
  rate_limited: { status: 429, title: "Too many requests. Try again later." },
  cron_unauthorized: { status: 401, title: "A valid cron secret is required." },
  storage_unavailable: { status: 503, title: "Storage is unavailable." },
  internal_error: { status: 500, title: "Something went wrong on the server." },
} as const satisfies Record<ErrorCode, { status: number; title: string }>;

/** The HTTP status an error code maps to. */
export function statusForCode(code: ErrorCode): number {
  return ERROR_CODES[code].status;
}

/** A stable `type` URI for each problem, as RFC 9457 asks. */
export function problemTypeForCode(code: ErrorCode): string {
  return `urn:calendar-connections:problem:${code}`;
}

/** The schema of a {@link CALLBACK_ERROR_CODES} value. */
export const CallbackErrorCode = z.enum(CALLBACK_ERROR_CODES);
/** An error code the OAuth callback can report on its redirect back to the page. */
export type CallbackErrorCode = z.infer<typeof CallbackErrorCode>;
