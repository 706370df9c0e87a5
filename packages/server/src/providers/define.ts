import type {
  Calendar,
  ConnectInput,
  FormFieldType,
  ProviderCapabilities,
  ProviderIcon,
} from "@org/calendar-connections-core";
import type * as z from "zod/mini";
import type { HttpMethod } from "../http/router.ts";
import type { Localized } from "./localize.ts";
import type { ProviderActionContext, ProviderRouteContext } from "./route-context.ts";
import type { AccountIdentity, CalendarCalls, ProviderTokens, RevokeResult } from "./types.ts";

/** What calendar operations receive to act for one connection. Built by the kit for each call. */
export interface ConnectionAccess {
  readonly connectionId: string;
  readonly organizationId: string;
  /** The provider's stable id of the connected account, when it has one. */
  readonly accountId: string | null;
  readonly accountEmail: string | null;
  /** The calendar chosen to sync into, or null before the admin picks one. */
  readonly calendarId: string | null;
  /** OAuth providers: a fresh access token (the kit refreshes it, and retries once after a 401). Else null. */
  readonly accessToken: string | null;
  /** Form providers: the secret fields `verify` asked to keep, decrypted for this call only. Else empty. */
  readonly secrets: Readonly<Record<string, string>>;
}

/**
 * The calendar operations of a provider that writes events. Every method throws `ProviderError` on
 * failure (the kit maps it to the connection's health in one place), and never puts a secret in an
 * error message.
 */
export interface CalendarOperations extends CalendarCalls<ConnectionAccess> {
  /**
   * One calendar the connection may sync into, or null. Default: looked up in `listCalendars`.
   * A provider whose picker shows less than it can reach (the service account) answers here.
   */
  findCalendar?(access: ConnectionAccess, calendarId: string): Promise<Calendar | null>;
  /**
   * Optional: the provider's batch API (Google's batch endpoint, Graph's `$batch`). When present, the
   * sync runs many jobs of one connection through a session whose calls travel together in batch
   * requests; each call still settles on its own, so a failed item fails only its job. Providers
   * without it (CalDAV, ICS, most host-written ones) get one call per job, unchanged.
   */
  readonly batch?: CalendarBatching;
}

/** A provider's batch API, as the sync uses it (see `CalendarOperations.batch`). */
export interface CalendarBatching {
  /** The most calls one batch request carries (Google: 50, as Google recommends; Graph: 20). */
  readonly maxCalls: number;
  /** Opens a session: calendar operations whose calls are gathered into batch requests. */
  open(hooks?: CalendarBatchHooks): CalendarBatchSession;
}

/** What a batch session tells its opener. */
export interface CalendarBatchHooks {
  /** A call joined the queue: the opener may `flush` once every job it runs waits on a call. */
  readonly onQueued?: () => void;
}

/**
 * Calendar operations whose calls are queued and sent as batch requests: when `flush` is called,
 * when `maxCalls` are queued, or after a short wait. Each call resolves or throws exactly as the
 * plain operation would (the same request, answered inside the batch), which keeps idempotency
 * (deterministic ids, transaction ids) and error handling (401, 429 with Retry-After) per call.
 */
export interface CalendarBatchSession {
  readonly calendar: CalendarOperations;
  /** Sends every queued call now. */
  flush(): void;
  /** Calls queued and not yet sent. */
  queued(): number;
  /** Calls sent in a batch request whose answer has not come yet. */
  inFlight(): number;
}

/**
 * How writes stay idempotent when a job runs twice (a crash after the write, a lost lease):
 * - `deterministic-id`: the provider-side id is derived from (connection, event), so the kit can also
 *   delete an event whose link was never recorded (`externalId` gives it);
 * - `provider-key`: the provider deduplicates by a key the operations send (Graph's transactionId, a
 *   CalDAV UID); the kit knows an event's id only from its link.
 */
export type IdempotencyStrategy =
  | {
      readonly kind: "deterministic-id";
      /** The provider-side id of the event's copy in this connection's calendar. */
      externalId(connectionId: string, eventId: string): string;
    }
  | { readonly kind: "provider-key" };

/** How the sync worker treats a provider's connections. */
export interface ProviderSyncSettings {
  /** Jobs of one connection in flight at once per worker (the provider's own per-account limit). Default 4. */
  readonly concurrency?: number;
  readonly idempotency: IdempotencyStrategy;
  /**
   * `fallback`: an organization's events go here only when it has no other connection that writes
   * events (the legacy shared service account). Default `primary`.
   */
  readonly role?: "primary" | "fallback";
}

/** Inputs of `createAuthorizationURL`; the kit derives `redirectURI` from `publicBaseURL`, `basePath` and the id. */
export interface OAuthAuthorizationInput {
  /** At least 128 bits of randomness, single use. */
  readonly state: string;
  /** The PKCE verifier; the URL carries its S256 challenge. */
  readonly codeVerifier: string;
  readonly redirectURI: string;
  /** Preselects an account at the consent screen (a reconnect). */
  readonly loginHint?: string;
}

/** Connecting through OAuth 2.0 with PKCE: consent at the provider, then the kit's callback route. */
export interface OAuthConnect {
  readonly kind: "oauth";
  /** Scopes a connection needs before it may become active (shown to nobody: server-side only). */
  readonly requiredScopes: readonly string[];
  /**
   * The callback URL registered at the provider. Default: `publicBaseURL` + `basePath` +
   * `/oauth/<id>/callback`, which the kit's handler answers.
   */
  readonly redirectURI?: string;
  /** The consent URL: state, PKCE S256 challenge, scopes, and whatever gets the provider to issue a refresh token. */
  createAuthorizationURL(input: OAuthAuthorizationInput): URL;
  /** Exchanges the code (with its PKCE verifier) for tokens. */
  exchangeCode(input: {
    readonly code: string;
    readonly codeVerifier: string;
    readonly redirectURI: string;
  }): Promise<ProviderTokens>;
  /** Refreshes; `refreshToken` in the result is the rotated one when the provider rotates, else null. */
  refresh(refreshToken: string): Promise<ProviderTokens>;
  /** Revokes the grant behind a token (best effort). Providers without revocation answer `unsupported`. */
  revoke(token: string): Promise<RevokeResult>;
  /** Who consented: a stable account id and an email for display. */
  getIdentity(accessToken: string): Promise<AccountIdentity>;
  /** The required scopes missing from a grant. Default: those of `requiredScopes` not granted verbatim. */
  missingScopes?(grantedScopes: readonly string[]): string[];
}

/** One field of a form provider's connect form. Labels and help may be localized. */
export interface FormFieldDefinition {
  /** The key of the value in `input`; letters, digits and `_`. */
  readonly name: string;
  readonly label: Localized;
  readonly type: FormFieldType;
  /** Default true. */
  readonly required?: boolean;
  readonly help?: Localized;
  readonly placeholder?: Localized;
  readonly maxLength?: number;
  readonly autoComplete?: string;
  readonly options?: readonly { readonly value: string; readonly label: Localized }[];
  readonly defaultValue?: string;
}

/** What `verify` found out about the credentials an admin entered. */
export interface FormVerification {
  /** The account the credentials act as; `accountId` null when the provider has no account of its own. */
  readonly identity: { readonly accountId: string | null; readonly email: string | null };
  /** Fields to keep, encrypted with the connection (an app password). Default: none. */
  readonly secrets?: Readonly<Record<string, string>>;
  /** The calendar to sync into, when the form named one (else the admin picks one, or the only one is taken). */
  readonly calendar?: Calendar;
}

/** Context of a form submission. */
export interface FormVerifyContext {
  readonly organizationId: string;
  readonly actorId: string;
  /** The locale the admin's request asked for (`?locale=` or Accept-Language), for error messages; null: English. */
  readonly locale?: string | null;
}

/**
 * Connecting by filling in a form (a service-account calendar id, a CalDAV server and app password).
 * `schema` checks the input first (its issues answer 400 per field); `verify` then tests the
 * credentials against the provider and throws `ApiError` or `ProviderError` when they do not work.
 */
export interface FormConnect<Input = Readonly<Record<string, string>>> {
  readonly kind: "form";
  readonly fields: readonly FormFieldDefinition[];
  readonly schema: z.ZodMiniType<Input, ConnectInput>;
  readonly submitLabel?: Localized;
  /** Tests the checked input against the provider: who it acts as, the secrets to keep, maybe the calendar. */
  verify(input: Input, context: FormVerifyContext): Promise<FormVerification>;
}

/** What an instant provider stores for a new connection, and shows the admin once. */
export interface InstantConnection {
  readonly calendarName?: string | null;
  /** A secret the provider stores only as a hash (an ICS feed token). */
  readonly feedTokenHash?: string | null;
  /** Shown to the admin once, in the response (the feed link). */
  readonly feedUrl?: string;
}

/** Connecting with one click: nothing to consent to or type (an ICS feed). */
export interface InstantConnect {
  readonly kind: "instant";
  readonly actionLabel?: Localized;
  /** Makes the connection's provider-side state (a feed token), with nothing asked of the admin. */
  create(context: ProviderActionContext): Promise<InstantConnection>;
}

/** The connect kinds a provider may declare; `Input` is what a form provider's schema produces. */
export type ProviderConnect<Input = unknown> = OAuthConnect | FormConnect<Input> | InstantConnect;

/**
 * A route a provider adds under the kit's base path. `admin` routes run only for the signed-in admin
 * (`context.actor` is set); `public` ones carry their own credential (a feed token in the URL).
 */
export interface ProviderRoute {
  readonly method: HttpMethod;
  /** Relative to the base path, with `:name` parameters, e.g. `/feeds/:file`. */
  readonly pattern: string;
  readonly access: "public" | "admin";
  /** Answers a request that matched `pattern`; `params` holds its `:name` parts, decoded. */
  handle(context: ProviderRouteContext, params: Readonly<Record<string, string>>): Promise<Response>;
}

/** Everything a provider declares. Built with `defineCalendarProvider`. */
export interface CalendarProviderDefinition<Id extends string = string, Input = unknown> {
  /** Unique among the host's providers; `^[a-z][a-z0-9-]{1,31}$`; stored with every connection, so never rename it. */
  readonly id: Id;
  readonly name: Localized;
  readonly description: Localized;
  /** A well-known key the UI draws (the built-in providers' marks, or one the host registers) or an inline SVG. */
  readonly icon: ProviderIcon;
  /** Default: one connection per organization; a calendar picker when it writes events. */
  readonly capabilities?: Partial<Omit<ProviderCapabilities, "writesEvents">>;
  readonly connect: ProviderConnect<Input>;
  /** Present when the sync worker writes events into this provider. */
  readonly calendar?: CalendarOperations;
  /** Required with `calendar`. */
  readonly sync?: ProviderSyncSettings;
  readonly routes?: readonly ProviderRoute[];
  /** Whether the host gave the kit what this provider needs (e.g. `listEvents` for a feed). Default true. */
  isConfigured?(context: { readonly hasListEvents: boolean }): boolean;
  /** Whether this organization is offered the provider (an opt-in). Default: every organization. */
  enabledFor?(organizationId: string): boolean | Promise<boolean>;
}

/** A provider as the kit's registry holds it: its definition, checked. */
export interface CalendarProvider<Id extends string = string>
  extends CalendarProviderDefinition<Id, unknown> {
  readonly capabilities: ProviderCapabilities;
}
