/** The state a fake keeps and the seeds it is built from: accounts, calendars, events, clients, grants. */

/** Google's `accessRole` of a calendar list entry; Graph's `canEdit` is true for owner and writer. */
export type FakeAccessRole = "owner" | "writer" | "reader" | "freeBusyReader";

/** A calendar to create in an account. */
export interface FakeCalendarSeed {
  /** Default: generated (Google's primary calendar id is the account email). */
  readonly id?: string;
  readonly name: string;
  readonly primary?: boolean;
  /** Default `owner`. */
  readonly accessRole?: FakeAccessRole;
  /** Default `UTC`. */
  readonly timeZone?: string;
  /** A hex color such as `#4285f4`. */
  readonly color?: string;
}

/** A request budget: at most `requests` API calls per `windowMs` per account. */
export interface FakeRateLimit {
  readonly requests: number;
  readonly windowMs: number;
}

/** An account to create in the fake. */
export interface FakeAccountSeed {
  readonly email: string;
  /** Google `sub` / Graph user id. Default: generated. */
  readonly id?: string;
  /** Display name. Default: the part of the email before `@`. */
  readonly name?: string;
  /** Graph `mail`; null models an account without a mailbox address (userPrincipalName is the email). */
  readonly mail?: string | null;
  /** Default: a primary calendar and one secondary calendar ("Team events"). */
  readonly calendars?: readonly FakeCalendarSeed[];
  /** Scopes this account never grants, even when the consent allows everything (for scope_missing tests). */
  readonly withholdScopes?: readonly string[];
  /** This account's API budget; overrides the fake-wide one. */
  readonly rateLimit?: FakeRateLimit | null;
}

/** An OAuth client the fake knows. Without any, every client id is accepted (with any secret). */
export interface FakeClient {
  readonly clientId: string;
  /** Null for a public client (no secret, PKCE only). */
  readonly clientSecret: string | null;
  /** Allowed redirect URIs; empty or absent allows any. */
  readonly redirectURIs?: readonly string[];
}

/** An event as the fake stores it. */
export interface FakeEventState {
  readonly id: string;
  readonly calendarId: string;
  status: "confirmed" | "cancelled";
  etag: string;
  readonly created: string;
  updated: string;
  readonly transactionId: string | null;
  /** The provider-shaped resource fields the client sent (merged on patch). */
  resource: Record<string, unknown>;
}

/** A calendar as the fake stores it, with its events by id. */
export interface FakeCalendarState {
  readonly id: string;
  name: string;
  readonly primary: boolean;
  accessRole: FakeAccessRole;
  timeZone: string;
  color: string | null;
  deleted: boolean;
  readonly events: Map<string, FakeEventState>;
}

/** An account as the fake stores it, with its calendars and its current rate-limit window. */
export interface FakeAccountState {
  readonly id: string;
  readonly email: string;
  readonly name: string;
  readonly mail: string | null;
  withholdScopes: string[];
  /** Undefined: the fake-wide budget applies. */
  rateLimit: FakeRateLimit | null | undefined;
  readonly calendars: FakeCalendarState[];
  window: { start: number; count: number };
}

/**
 * What an account consented to for a client: one live grant per (account, client), which every later
 * consent of that account to that client joins. Every token of the grant dies with it.
 */
export interface FakeGrantState {
  readonly id: string;
  readonly clientId: string;
  readonly accountId: string;
  /** Every scope consented to under this grant so far (each token carries its own consent's scopes). */
  scopes: string[];
  readonly createdAt: number;
  revokedAt: number | null;
}

/** A revoked grant, as `inspect().revocations` lists it. */
export interface FakeRevocation {
  readonly at: string;
  readonly grantId: string;
  readonly email: string;
  readonly via: "revoke_endpoint" | "control";
}
