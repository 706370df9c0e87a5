import type { Calendar } from "@org/calendar-connections-core";
import type { HostEvent } from "../events/types.ts";

/** The endpoint URLs of an OAuth calendar provider. Defaults are the real ones; tests point them at a fake. */
export interface ProviderEndpoints {
  readonly authorization: string;
  readonly token: string;
  /** Null when the provider has no revocation endpoint (Microsoft, for delegated tokens). */
  readonly revocation: string | null;
  /** Google: OpenID userinfo; Microsoft: Graph `/me`. */
  readonly userinfo: string;
  /** Google: `…/calendar/v3`; Microsoft: `…/v1.0`. */
  readonly apiBase: string;
}

/** What every provider factory accepts for talking to the outside. */
export interface ProviderRuntime {
  /** Every HTTP call goes through it. Default: the global `fetch`. */
  readonly fetch?: typeof fetch;
  /** The clock token expiry is computed from. Default: `new Date()`. */
  readonly now?: () => Date;
  /** Per-request timeout. Default 10 000 ms. */
  readonly timeoutMs?: number;
}

/** Tokens from a code exchange or a refresh. */
export interface ProviderTokens {
  readonly accessToken: string;
  /** Null when none was issued (a refresh that does not rotate, or consent without offline access). */
  readonly refreshToken: string | null;
  readonly expiresAt: Date;
  /** As the token response reports them (or as requested when it does not), normalized. */
  readonly grantedScopes: readonly string[];
}

/** Who consented: `accountId` is stable (Google `sub`, Graph user id); `email` is for display. */
export interface AccountIdentity {
  readonly accountId: string;
  readonly email: string;
}

/** What an OAuth client needs to build the consent URL. */
export interface AuthorizationURLInput {
  /** At least 128 bits of randomness, single use. */
  readonly state: string;
  /** The PKCE verifier; the URL carries its S256 challenge. */
  readonly codeVerifier: string;
  /** Default: the provider's own scopes. */
  readonly scopes?: readonly string[];
  /** Preselects an account at the consent screen (e.g. when reconnecting). */
  readonly loginHint?: string;
}

/** Outcome of a revocation. */
export type RevokeResult = "revoked" | "already_revoked" | "unsupported";

/** Where an event goes: the connection's target calendar. */
export interface EventTarget {
  readonly calendarId: string;
}

export interface UpsertEventInput extends EventTarget {
  /** Both ids feed the deterministic provider-side id / transaction id, so a retry never doubles the event. */
  readonly connectionId: string;
  readonly eventId: string;
  readonly event: HostEvent;
  /**
   * The organization's attendee policy invites: write the attendees and let the provider mail them.
   * False or absent: attendees are left out and nobody is notified.
   */
  readonly invite?: boolean;
}

export interface UpdateEventInput extends EventTarget {
  /** The provider's id of the event, as an earlier write returned it. */
  readonly externalId: string;
  readonly event: HostEvent;
  /** As `UpsertEventInput.invite`. */
  readonly invite?: boolean;
  /** The event's ETag as the last write returned it, when the kit has it (CalDAV sends `If-Match`). */
  readonly etag?: string | null;
}

export interface DeleteEventInput extends EventTarget {
  readonly externalId: string;
  /** The event's ETag as the last write returned it, when the kit has it (CalDAV sends `If-Match`). */
  readonly etag?: string | null;
}

/** The key an upsert wrote an event under: the calendar it went to, and the (connection, event) pair. */
export interface FindEventByKeyInput extends EventTarget {
  readonly connectionId: string;
  readonly eventId: string;
}

/** What the provider answered to a create or update of an event. */
export interface EventWriteResult {
  readonly externalId: string;
  readonly etag: string | null;
  /** False when the event already existed (a retried insert) and was updated instead. */
  readonly created: boolean;
  /**
   * True when someone had changed the event in the calendar since the kit wrote it (a CalDAV 412) and
   * the kit's version replaced theirs: the host owns its events. Worth saying in the job's result.
   */
  readonly overwritten?: boolean;
  /** A remark for the job's log: e.g. that a series the provider cannot repeat was written as single events. */
  readonly note?: string;
}

/**
 * The calendar calls the picker and the sync make, authenticated by `Auth`: an access token for a
 * low-level client (`CalendarApi`), a `ConnectionAccess` for a provider plugin (`CalendarOperations`).
 */
export interface CalendarCalls<Auth> {
  /** The calendars of the connected account, for the picker. */
  listCalendars(auth: Auth): Promise<Calendar[]>;
  /**
   * Creates the event under a deterministic id (Google) or transaction id (Microsoft); when it already
   * exists (a retried write) it is updated instead. Throws `calendar_not_found` when the calendar is gone.
   */
  upsertEvent(auth: Auth, input: UpsertEventInput): Promise<EventWriteResult>;
  /** Updates an event. Throws `not_found` / `gone` when it no longer exists (the kit upserts it again). */
  updateEvent(auth: Auth, input: UpdateEventInput): Promise<EventWriteResult>;
  /** Deletes an event; 404 and 410 count as done (`alreadyGone`). */
  deleteEvent(auth: Auth, input: DeleteEventInput): Promise<{ readonly alreadyGone: boolean }>;
  /**
   * `provider-key` providers: the provider's id of the event `upsertEvent` wrote under this key, or
   * null. The kit asks when a write may have landed without its link recorded (a crash before the
   * completion), so a delete reaches that event instead of leaving an orphan.
   */
  findEventByKey?(auth: Auth, input: FindEventByKeyInput): Promise<{ readonly externalId: string } | null>;
}

/** The calendar operations of a low-level client, with an access token, and who the token belongs to. */
export interface CalendarApi extends CalendarCalls<string> {
  /** Who the access token belongs to. */
  getIdentity(accessToken: string): Promise<AccountIdentity>;
}

/**
 * The low-level client of one OAuth calendar service (Google, Microsoft), bound to one redirect URI.
 * Provider plugins wrap it. Every method throws `ProviderError` (see `errors.ts`) on failure, and no
 * error message or log line carries a token.
 */
export interface OAuthCalendarClient extends CalendarApi {
  readonly id: string;
  /** Scopes requested at consent. */
  readonly scopes: readonly string[];
  /** Scopes a connection needs before it may become active. */
  readonly requiredScopes: readonly string[];
  readonly endpoints: ProviderEndpoints;
  /** The consent URL: state, PKCE S256 challenge, scopes, and the provider's offline-access parameters. */
  createAuthorizationURL(input: AuthorizationURLInput): URL;
  /** Exchanges an authorization code (with its PKCE verifier) for tokens. */
  exchangeCode(code: string, codeVerifier: string): Promise<ProviderTokens>;
  /** Refreshes; `refreshToken` in the result is the rotated one when the provider rotates, else null. */
  refresh(refreshToken: string): Promise<ProviderTokens>;
  /** Revokes the grant behind a token (best effort; `already_revoked` when the provider did not know it). */
  revoke(token: string): Promise<RevokeResult>;
  /** The required scopes missing from a grant (considering scopes that imply others). */
  missingScopes(grantedScopes: readonly string[]): string[];
}
