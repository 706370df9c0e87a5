import type { TokenKeyring } from "../crypto/keyring.ts";
import type { HostEventWithId } from "../events/types.ts";
import type { NotificationSettings } from "../notifications/deliver.ts";
import type { CalendarProvider } from "../providers/define.ts";
import type { CalendarStorage } from "../storage/types.ts";
import type { GetEvent, InviteAttendees, SyncSettings } from "../sync/types.ts";
import type { DevelopmentOptions } from "./development.ts";
import type { Logger } from "./logger.ts";

/** The host's user directory: display names by user id, for the users of one organization. */
export type ResolveUserNames = (
  organizationId: string,
  userIds: readonly string[],
) => Promise<Readonly<Record<string, string>>>;

/** Who is calling, as the host's session says. Only `role: "admin"` may use the kit's API. */
export interface Actor {
  readonly userId: string;
  readonly organizationId: string;
  readonly role: string;
}

/**
 * The host's session check. `organizationId` is what the request names (`organizationId` query
 * parameter or `X-Organization-Id` header) for users in several organizations, or null; the host
 * decides whether the user may act there, and without it answers for the session's active one.
 * Null means "not signed in".
 */
export type Authorize = (
  request: Request,
  input: { readonly organizationId: string | null },
) => Actor | null | Promise<Actor | null>;

/**
 * The host's configuration. `Providers` keeps the ids of the providers passed as literal types, so
 * `api.startAuthorization(actor, id, …)` checks `id` against them.
 */
export interface CalendarConnectionsOptions<
  Providers extends readonly CalendarProvider[] = readonly CalendarProvider[],
> {
  /**
   * Where connections, OAuth states, sync jobs and the audit log live: `createSqliteStorage({ filename })`
   * (`/sqlite`), `createPostgresStorage({ … })` (`/postgres`) or `createMemoryStorage()`. Its migrations run
   * on first use unless `migrations` is `"manual"`.
   */
  readonly storage: CalendarStorage;
  /**
   * `"on-first-use"` (default): the first request, API call or sync batch applies the storage's
   * migrations (once per process; several processes serialize on a lock), and creating the kit touches
   * no database. `"manual"`: the host runs them as a deploy step (`calendar-connections migrate` or
   * `await storage.migrate()`), e.g. when the app's database user may not alter tables.
   */
  readonly migrations?: "on-first-use" | "manual";
  /** The keys tokens are encrypted with at rest (`loadTokenKeyring(process.env)` reads `CALENDAR_TOKEN_KEYS`). */
  readonly keyring: TokenKeyring;
  /**
   * The calendar providers offered, in the order the page shows them: `[google({…}), microsoft({…}),
   * icsFeed(), …]`, or any built with `defineCalendarProvider`. Connections of a provider left out stay
   * stored but cannot be used until it is passed again.
   */
  readonly providers: Providers;
  /** The host's session check; only `role: "admin"` gets in. See `Authorize`. */
  readonly authorize: Authorize;
  /** The origin users reach the app on, e.g. `https://app.example.com`; redirect URIs and feed URLs use it. */
  readonly publicBaseURL: string;
  /** Where the handler is mounted. Default `/api/calendar-connections`. */
  readonly basePath?: string;
  /** Where to send the browser after a callback whose state carries no `returnTo`. Default `/`. */
  readonly defaultReturnTo?: string;
  /**
   * The organization's events (those worth having in a calendar, e.g. upcoming ones): served by ICS
   * feeds, and written into a calendar when an admin first chooses it. Without it the ICS feed
   * provider counts as not configured and new calendars fill only with events that change afterwards.
   */
  readonly listEvents?: (organizationId: string) => Promise<readonly HostEventWithId[]>;
  /**
   * The host's current state of one event when its sync job runs (null once deleted). Jobs carry ids
   * only, so reordered or repeated jobs cannot resurrect or double an event.
   */
  readonly getEvent: GetEvent;
  /**
   * The organization's attendee policy: whether events' `attendees` are written to its calendars, and
   * the provider mails them invitations and updates (Google `sendUpdates=all`, Graph's own invites).
   * Default: never, so syncing a product's calendar never emails anyone.
   */
  readonly inviteAttendees?: InviteAttendees;
  /**
   * Names for the user ids the kit stores (who connected a calendar, who acted in the audit log),
   * so the page can say "Connected by Alice Adams". Called with the ids of one answer at once; ids it
   * leaves out show without a name. Default: none (the page shows no names).
   */
  readonly resolveUserNames?: ResolveUserNames;
  /**
   * Tells the host when a connection changes in a way someone should hear of (connected, calendar
   * changed, needs reconnect, sync failing, recovered, disconnected), e.g. to email the admins. The
   * events wait in an outbox written with each change, and the sync worker and `POST /cron/sync`
   * deliver them, at least once. Default: none (the outbox is emptied without a call).
   */
  readonly notifications?: NotificationSettings;
  /** Guards `POST /cron/sync` (`Authorization: Bearer …`). Without it the route answers 401. */
  readonly cronSecret?: string;
  /** Batch sizes, leases, retries and concurrency of the sync. Default: see `SyncSettings`. */
  readonly sync?: SyncSettings;
  /** The product's name in feed titles and PRODID. Default `Calendar connections`. */
  readonly productName?: string;
  /** Where the kit logs (secrets redacted). Default: the console, as JSON lines. */
  readonly logger?: Logger;
  /** The clock. Default `() => new Date()`. */
  readonly now?: () => Date;
  /** Random bytes for states, verifiers and feed tokens. Default WebCrypto. */
  readonly randomBytes?: (length: number) => Uint8Array;
  /**
   * Offline development: `{ fakes: developmentFakes() }` (from `@org/calendar-connections-server/development`)
   * serves a fake Google and Microsoft, consent pages included, under `basePath` and points the host's
   * `google()` and `microsoft()` at them. Default: none. Never in production: a fake publishes its tokens.
   */
  readonly development?: DevelopmentOptions;
}
