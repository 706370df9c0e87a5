import type { HealthReason } from "@org/calendar-connections-core";

/**
 * How a provider call failed, in the terms the kit acts on:
 * - `invalid_grant`: the refresh token (or code) is invalid, expired or revoked; only reconnecting helps.
 * - `insufficient_scope`: the grant lacks a scope the call needs.
 * - `unauthorized`: the access token was refused (401); refresh once, then retry.
 * - `forbidden`: refused for another reason (e.g. no write access to the calendar).
 * - `rate_limited`: 429, or Google's 403 `rateLimitExceeded`; wait `retryAfterMs` when known.
 * - `unavailable`: 5xx, timeouts, network errors and malformed responses; retry with backoff.
 * - `not_found` / `gone`: the event does not exist (404) or was deleted (410).
 * - `calendar_not_found`: the target calendar does not exist any more.
 * - `conflict`: 409 or 412 the provider module did not resolve itself.
 * - `invalid_request`: any other refusal (400, `invalid_client`, …): a bug or a misconfiguration.
 */
export type ProviderErrorKind =
  | "invalid_grant"
  | "insufficient_scope"
  | "unauthorized"
  | "forbidden"
  | "rate_limited"
  | "unavailable"
  | "not_found"
  | "gone"
  | "calendar_not_found"
  | "conflict"
  | "invalid_request";

/** Every {@link ProviderErrorKind}, for checks that accept only these. */
export const PROVIDER_ERROR_KINDS: readonly ProviderErrorKind[] = [
  "invalid_grant",
  "insufficient_scope",
  "unauthorized",
  "forbidden",
  "rate_limited",
  "unavailable",
  "not_found",
  "gone",
  "calendar_not_found",
  "conflict",
  "invalid_request",
];

/** What a {@link ProviderError} is made from. */
export interface ProviderErrorInit {
  readonly provider: string;
  /** What was being done, e.g. `token.refresh`, `events.insert`. */
  readonly operation: string;
  /** The HTTP status, or null when no response came (network error, timeout). */
  readonly status?: number | null;
  /** The provider's own error code (`invalid_grant`, `rateLimitExceeded`, `ErrorItemNotFound`), never a token. */
  readonly providerCode?: string | null;
  /** From Retry-After, for `rate_limited` (and some `unavailable`) answers. */
  readonly retryAfterMs?: number | null;
  /**
   * The provider's own plain-words explanation for the connection's health, when it has a better one
   * than the kit's per-reason text (a CalDAV 401: "the app-specific password was revoked or
   * mistyped"). Shown to admins: never a secret or a response body.
   */
  readonly healthMessage?: string | null;
  readonly cause?: unknown;
}

/**
 * A classified provider failure. Messages carry the provider, operation, status and the provider's
 * error code only: never a token, a request body or a response body.
 */
export class ProviderError extends Error {
  override readonly name = "ProviderError";
  readonly kind: ProviderErrorKind;
  readonly provider: string;
  readonly operation: string;
  readonly status: number | null;
  readonly providerCode: string | null;
  readonly retryAfterMs: number | null;
  /** See `ProviderErrorInit.healthMessage`. */
  readonly healthMessage: string | null;

  constructor(kind: ProviderErrorKind, init: ProviderErrorInit) {
    const status = init.status ?? null;
    const code = sanitizeCode(init.providerCode ?? null);
    super(
      `${init.provider} ${init.operation} failed: ${kind}${status === null ? "" : ` (HTTP ${status}${code === null ? "" : ` ${code}`})`}`,
      init.cause === undefined ? undefined : { cause: init.cause },
    );
    this.kind = kind;
    this.provider = init.provider;
    this.operation = init.operation;
    this.status = status;
    this.providerCode = code;
    this.retryAfterMs = init.retryAfterMs ?? null;
    this.healthMessage = init.healthMessage ?? null;
  }

  /** Whether retrying later can succeed without the admin reconnecting. */
  get retryable(): boolean {
    return this.kind === "rate_limited" || this.kind === "unavailable" || this.kind === "unauthorized";
  }
}

/** Whether a value is a `ProviderError`, optionally of one of the given kinds. */
export function isProviderError(value: unknown, ...kinds: ProviderErrorKind[]): value is ProviderError {
  return value instanceof ProviderError && (kinds.length === 0 || kinds.includes(value.kind));
}

/** The connection health reason a provider failure maps to, or null when it says nothing about health. */
export function healthReasonFor(error: ProviderError): HealthReason | null {
  switch (error.kind) {
    case "invalid_grant":
    case "unauthorized":
      return "token_revoked";
    case "insufficient_scope":
      return "scope_missing";
    case "rate_limited":
      return "rate_limited";
    case "unavailable":
      return "provider_unavailable";
    case "calendar_not_found":
      return "calendar_not_found";
    default:
      return null;
  }
}

/** Keeps provider error codes short and free of anything that could be a secret. */
function sanitizeCode(code: string | null): string | null {
  if (code === null) return null;
  return /^[A-Za-z0-9_.-]{1,64}$/.test(code) ? code : null;
}
