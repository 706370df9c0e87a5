import type { AuditEntry, ProviderId } from "@org/calendar-connections-core";
import type {
  AttachedAudit,
  AuditInput,
  ConnectionPatch,
  ConnectionRecord,
  KeyScanOptions,
  ListAuditOptions,
  ListConnectionsOptions,
  NewConnection,
} from "./records/connections.ts";
import type {
  ClaimJobsOptions,
  EnqueueJobInput,
  EnqueueJobsInput,
  EventLink,
  EventLinkInput,
  JobCompletion,
  JobFilter,
  JobOutcomeWrite,
  JobPosition,
  SyncActivityCounts,
  SyncJob,
} from "./records/jobs.ts";
import type { OAuthStateInput, OAuthStateRecord } from "./records/oauth-state.ts";
import type { ClaimOutboxOptions, OutboxEntry } from "./records/outbox.ts";

// The rows and inputs live beside the aggregate they belong to; this file is the contract.
export type * from "./records/connections.ts";
export type * from "./records/jobs.ts";
export {
  ENQUEUE_CHUNK_SIZE,
  INTERNAL_JOB_PREFIX,
  MAX_SKIPPED_CONNECTIONS,
  skippedConnections,
} from "./records/jobs.ts";
export type * from "./records/oauth-state.ts";
export type * from "./records/outbox.ts";
export { CONNECTION_EVENT_KINDS } from "./records/outbox.ts";

/**
 * The storage contract every adapter (memory, SQLite, PostgreSQL) fulfils, checked by the
 * conformance suite in `@org/calendar-connections-server/testing`.
 *
 * General rules:
 * - Every method taking an `organizationId` is scoped to it: a row of another organization is
 *   never returned, changed or deleted, and behaves exactly as a missing row (null, false or 0).
 * - Times come from the adapter's clock (`now` option), never from the database server.
 * - Each method is atomic on its own; methods taking an `audit` write it in the same transaction.
 * - Errors: a uniqueness rule answers `StorageConflictError`; nothing else is thrown for expected
 *   outcomes (absent rows are null/false).
 */
export interface CalendarStorage {
  /** Applies pending migrations (idempotent; safe to call from several processes at once). Returns the versions applied now. */
  migrate(): Promise<number[]>;

  // --- connections -------------------------------------------------------------------------

  /**
   * Inserts a connection (and its audit entry) atomically. Throws `StorageConflictError` when
   * `input.exclusive` is true and the organization already has a non-disconnected exclusive
   * connection of this provider, or it has one of the same provider account (`externalAccountId`),
   * or the id or feed token hash is taken. Enforced by the database, so it holds under concurrent
   * inserts from several processes.
   */
  createConnection(input: NewConnection): Promise<ConnectionRecord>;

  /** The connection with this id in this organization (disconnected ones included), or null. */
  getConnection(organizationId: string, id: string): Promise<ConnectionRecord | null>;

  /** The organization's connections, oldest first; disconnected ones only when asked. */
  listConnections(organizationId: string, options?: ListConnectionsOptions): Promise<ConnectionRecord[]>;

  /** The organization's non-disconnected connection of this provider account, or null (reconnect lookup). */
  findConnectionByAccount(
    organizationId: string,
    provider: ProviderId,
    externalAccountId: string,
  ): Promise<ConnectionRecord | null>;

  /**
   * Whether a non-disconnected connection of this provider account exists in any organization,
   * `exceptConnectionId` left out (the one being disconnected). Not scoped to an organization, and
   * answers only yes or no, so it reveals nothing of the other organization: a provider's grant
   * belongs to the account (Google: one per account and OAuth client, and revoking any token of it
   * ends them all), so the kit asks this before it revokes one.
   */
  isAccountInUse(
    provider: ProviderId,
    externalAccountId: string,
    options?: { readonly exceptConnectionId?: string },
  ): Promise<boolean>;

  /**
   * The non-disconnected connection whose ICS feed token hash is this, or null. Not scoped to an
   * organization: the feed token is the credential, and the row found says which organization it is.
   */
  findConnectionByFeedTokenHash(feedTokenHash: string): Promise<ConnectionRecord | null>;

  /**
   * Applies `patch` in one statement and sets `updatedAt`. Returns the updated row, or null when the
   * connection does not exist in this organization, is disconnected (read-only), or
   * `expectedTokenVersion` no longer matches (the caller re-reads). A token write bumps `tokenVersion`.
   * Throws `StorageConflictError` if a unique rule would break (feed token hash, account).
   */
  updateConnection(
    organizationId: string,
    id: string,
    patch: ConnectionPatch,
  ): Promise<ConnectionRecord | null>;

  /**
   * Soft delete, atomically: status `disconnected`, `disconnectedAt` set, credentials, health and
   * feed token hash erased, its pending and parked jobs removed, and `audit` appended. The row, its audit
   * entries and event links stay. Returns the row, or null when absent in this organization or
   * already disconnected.
   */
  disconnectConnection(
    organizationId: string,
    id: string,
    audit?: AttachedAudit,
  ): Promise<ConnectionRecord | null>;

  /**
   * Runs `fn` while holding an exclusive lock on this connection id, shared by every process using
   * the same database (PostgreSQL advisory lock; SQLite lock row with a renewed lease; memory: in
   * process). Two holders never overlap; the lock is released when `fn` settles, and its result or
   * error is passed through. `fn` may call any other method of this storage (the lock does not block
   * them). Use it for token refresh: the loser waits, then re-reads the row instead of refreshing.
   * SQLite lock rows live `lockLeaseMs` on the real clock and are renewed while `fn` runs, so a
   * crashed holder blocks others for at most that long.
   */
  withConnectionLock<T>(connectionId: string, fn: () => Promise<T>): Promise<T>;

  /**
   * Connections with credentials that key rotation should re-seal, across all organizations, ordered
   * by id: those whose key id is not `keyId`, and those still in the pre-v2 form migration 2 left
   * (a JSON wrapper of the two old token envelopes, see `isLegacyCredentials`), whatever their key.
   */
  listConnectionsNotOnKey(keyId: string, options?: KeyScanOptions): Promise<ConnectionRecord[]>;

  // --- OAuth state -------------------------------------------------------------------------

  /** Stores a pending authorization. Throws `StorageConflictError` if the id hash exists. */
  createOAuthState(input: OAuthStateInput): Promise<void>;

  /**
   * Single use, atomic: deletes the state and returns it, or null when absent, already consumed, or
   * expired (an expired state is deleted too). Of two concurrent consumers at most one gets the row.
   * The caller checks the session, organization and provider binding.
   */
  consumeOAuthState(idHash: string): Promise<OAuthStateRecord | null>;

  /** Deletes expired states; returns how many. */
  deleteExpiredOAuthStates(): Promise<number>;

  // --- sync jobs ---------------------------------------------------------------------------

  /**
   * Records that an event changed. Coalesces per (connection, event): with a pending job its
   * `runAfter` becomes the earlier of the two; with a running job it is flagged `rerun`; with a
   * parked job nothing changes. Otherwise inserts a job: `parked` when the connection needs
   * reauthorization, else `pending`. Returns the job, or null when the connection does not exist in
   * this organization or is disconnected.
   */
  enqueueJob(input: EnqueueJobInput): Promise<SyncJob | null>;

  /**
   * `enqueueJob` for many events of one connection, with the same per-event contract (pending: the
   * earlier `runAfter`; running: flagged `rerun`; parked: unchanged; else a new `pending` job, or
   * `parked` when the connection needs reauthorization). Runs a bounded number of statements: one per
   * chunk of at most `ENQUEUE_CHUNK_SIZE` distinct ids, each chunk atomic on its own. Returns how many
   * events were inserted or coalesced; 0 when the connection does not exist in this organization or is
   * disconnected.
   */
  enqueueJobs(input: EnqueueJobsInput): Promise<number>;

  /**
   * Atomically leases up to `limit` due jobs (pending with `runAfter` ≤ now, or running with an
   * expired lease) to `owner` for `leaseMs`, increments their attempts, earliest `runAfter` first.
   * Jobs of a connection whose `health.retryAt` is still in the future are skipped: the connection is
   * paused until then (a rate limit), whatever each job's own `runAfter` says. Concurrent claimers from any process never get the same job while its lease runs. Across
   * organizations (worker use). An expired lease stays with its owner (who may still complete,
   * fail or extend it) until another claimer takes the job over; from then on only the new owner can.
   */
  claimJobs(options: ClaimJobsOptions): Promise<SyncJob[]>;

  /** Extends a lease still held by `owner`. False when the lease was lost. */
  extendLease(jobId: string, owner: string, leaseMs: number): Promise<boolean>;

  /**
   * Done: removes the job, or makes it pending again (attempts reset) when it was flagged `rerun`.
   * Only while `owner` holds the lease; false otherwise (another worker took it over).
   *
   * `outcome` is recorded atomically with the completion, for the job's own organization,
   * connection and event (taken from the job row): its event link upserted or removed, its
   * connection's `lastSyncedAt` set. All of it applies only when the completion does: with the lease
   * lost nothing is written. PostgreSQL does it in one statement (one round trip).
   */
  completeJob(jobId: string, owner: string, outcome?: JobOutcomeWrite): Promise<boolean>;

  /**
   * `completeJob` for many jobs at once, with the same per-job contract: each job leaves its lease
   * (removed, or pending again when flagged `rerun`) only while `owner` holds it, and its outcome is
   * written only when it does, so a job whose lease was lost writes nothing, its link included.
   * Returns, in the order of `items`, whether each completion held (an id given twice counts once:
   * its later items are false). PostgreSQL runs one statement per call, SQLite one transaction.
   */
  completeJobs(owner: string, items: readonly JobCompletion[]): Promise<boolean[]>;

  /** Retry later: pending again at `runAfter` with `error` recorded. Only while `owner` holds the lease. */
  failJob(
    jobId: string,
    owner: string,
    failure: { readonly error: string; readonly runAfter: Date },
  ): Promise<boolean>;

  /** Give back a lease unworked (shutdown): pending again now, the attempt not counted. Only while `owner` holds it. */
  releaseJob(jobId: string, owner: string): Promise<boolean>;

  /** Gave up: status `dead` with `error`, kept for `listDeadLetters`. Only while `owner` holds the lease. */
  deadLetterJob(jobId: string, owner: string, error: string): Promise<boolean>;

  /** Waits for a reconnect: status `parked` with `error`. Only while `owner` holds the lease. */
  parkJob(jobId: string, owner: string, error: string): Promise<boolean>;

  /** Parks every pending job of the connection (it needs reauthorization); returns how many. */
  parkConnectionJobs(organizationId: string, connectionId: string): Promise<number>;

  /** Makes the connection's parked jobs pending and due now (after a reconnect); returns how many. */
  resumeConnectionJobs(organizationId: string, connectionId: string): Promise<number>;

  /**
   * Gives the connection's dead letters another go (it recovered, or an admin asked), atomically: each
   * event with dead letters gets one job again, `pending` and due now (`parked` when the connection
   * needs reauthorization), with attempts 0, `lastError` kept and `createdAt` now, so its retry window
   * starts over. Where the event already has an open job (pending, running or parked), that job
   * covers it and the dead letter is removed; several dead letters of one event become one job.
   * Returns how many dead letters it cleared; 0 when the connection does not exist in this
   * organization or is disconnected (its dead letters stay). With `eventId`, only that event's.
   */
  requeueDeadLetters(
    organizationId: string,
    connectionId: string,
    options?: { readonly eventId?: string },
  ): Promise<number>;

  /**
   * Tries one event of the connection again now: its dead letters are requeued as by
   * `requeueDeadLetters`, and a pending job of it waiting out a backoff becomes due now. Returns
   * whether any job changed (false: nothing of the event was waiting or failed, or the connection
   * does not exist in this organization or is disconnected).
   */
  retryEventNow(organizationId: string, connectionId: string, eventId: string): Promise<boolean>;

  /** What the connection's sync did and is doing: counts and the latest error (see `SyncActivityCounts`). */
  syncActivity(organizationId: string, connectionId: string): Promise<SyncActivityCounts>;

  /**
   * The connection's failing jobs (dead, or open with an error recorded), most recently failed first,
   * `limit` of them after the `after` position (a keyset cursor: the last row of the previous page).
   */
  listFailingJobs(
    organizationId: string,
    connectionId: string,
    options: { readonly limit: number; readonly after?: JobPosition },
  ): Promise<SyncJob[]>;

  /** Dead-lettered jobs of the organization, newest first. */
  listDeadLetters(
    organizationId: string,
    options?: { readonly connectionId?: string; readonly limit?: number },
  ): Promise<SyncJob[]>;

  /** Jobs matching the filter, oldest first, across organizations unless one is given (operators, tests). */
  listJobs(filter?: JobFilter): Promise<SyncJob[]>;

  // --- outbox of connection events ------------------------------------------------------

  /**
   * Leases up to `limit` outbox rows that are due (`deliverAfter` ≤ now, no live lease) to `owner`
   * for `leaseMs`, counting an attempt each. Only a connection's first row (by `occurredAt`, then id)
   * is ever claimable, so a host hears each connection's events in order. Across organizations.
   */
  claimOutbox(options: ClaimOutboxOptions): Promise<OutboxEntry[]>;

  /** Delivered: removes the row, only while `owner` holds its lease. */
  completeOutbox(id: string, owner: string): Promise<boolean>;

  /** Not now: frees the lease and holds the row until `until`, with `error` if delivery failed. Only while `owner` holds it. */
  postponeOutbox(
    id: string,
    owner: string,
    postpone: { readonly until: Date; readonly error?: string | null },
  ): Promise<boolean>;

  /** Removes a row without delivering it (an alert the change after it made moot). */
  discardOutbox(id: string): Promise<boolean>;

  /** Outbox rows in delivery order (`occurredAt`, then id), across organizations (operators, tests). */
  listOutbox(filter?: { readonly connectionId?: string; readonly limit?: number }): Promise<OutboxEntry[]>;

  // --- event links -------------------------------------------------------------------------

  /** The link of an event in a connection, or null. */
  getEventLink(organizationId: string, connectionId: string, eventId: string): Promise<EventLink | null>;

  /**
   * Inserts or replaces the link of (connection, event), keeping `createdAt`. Returns null (and
   * writes nothing) when the connection is not in this organization.
   */
  upsertEventLink(link: EventLinkInput): Promise<EventLink | null>;

  /** Removes the link; false when there was none in this organization. */
  deleteEventLink(organizationId: string, connectionId: string, eventId: string): Promise<boolean>;

  /**
   * Marks the connection's links that are not in calendar `to` as `pending: "move"` (links from before
   * links knew their calendar are pinned to `from`, the calendar they are in) and returns their event
   * ids, for the jobs that move them. Scoped to the organization.
   */
  markLinksToMove(
    organizationId: string,
    connectionId: string,
    calendars: { readonly from: string | null; readonly to: string },
  ): Promise<string[]>;

  /** The event ids the connection has links for (events it wrote), for the jobs that remove them. */
  listLinkedEventIds(organizationId: string, connectionId: string): Promise<string[]>;

  // --- audit -------------------------------------------------------------------------------

  /** Appends an entry (append-only: entries are never changed or removed, not even on disconnect). */
  appendAudit(entry: AuditInput): Promise<AuditEntry>;

  /** The organization's entries, newest first. */
  listAudit(organizationId: string, options?: ListAuditOptions): Promise<AuditEntry[]>;

  /** Releases what the adapter opened (a pool or database it created). */
  close(): Promise<void>;
}
