// Sync job rows, event links and what a finished job records.

/** `pending` waits for `runAfter`; `running` is leased; `parked` waits for a reconnect; `dead` gave up. */
export type SyncJobStatus = "pending" | "running" | "parked" | "dead";

/** A `calendar_sync_job` row. It carries ids only: the worker asks the host for the event when it runs. */
export interface SyncJob {
  readonly id: string;
  readonly organizationId: string;
  readonly connectionId: string;
  readonly eventId: string;
  readonly status: SyncJobStatus;
  /** Claims so far; a claim counts as an attempt (a released lease gives it back). */
  readonly attempts: number;
  readonly runAfter: Date;
  readonly leaseOwner: string | null;
  readonly leaseExpiresAt: Date | null;
  /** The event changed while the job was running: completing it makes it pending again instead of removing it. */
  readonly rerun: boolean;
  readonly lastError: string | null;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

/**
 * The prefix of the kit's own job event ids (a scheduled backfill, a disconnect's last step): no host
 * event id starts with it, and what an admin sees of the sync leaves them out.
 */
export const INTERNAL_JOB_PREFIX = "calendar-connections:";

/** What `enqueueJob` records: which event of which connection changed. */
export interface EnqueueJobInput {
  readonly organizationId: string;
  readonly connectionId: string;
  readonly eventId: string;
  /** Default now. */
  readonly runAfter?: Date;
}

/**
 * The most event ids one `enqueueJobs` statement writes: 400 rows of two parameters stay below
 * SQLite's and PostgreSQL's parameter limits with room to spare.
 */
export const ENQUEUE_CHUNK_SIZE = 400;

/** What `enqueueJobs` records: many events of one connection changed (a backfill). */
export interface EnqueueJobsInput {
  readonly organizationId: string;
  readonly connectionId: string;
  /** Duplicates count once. Adapters write them in bounded chunks, not one statement per id. */
  readonly eventIds: readonly string[];
  /** Default now. */
  readonly runAfter?: Date;
}

/** Options of `claimJobs`. */
export interface ClaimJobsOptions {
  /** A name unique to this worker (and run); only it can complete, fail or release what it claims. */
  readonly owner: string;
  readonly limit: number;
  readonly leaseMs: number;
  /** Only this connection's jobs. */
  readonly connectionId?: string;
  /**
   * None of these connections' jobs: a worker names the connections it already runs as many jobs of as
   * their cap allows, so one busy connection cannot fill every claim while others wait. At most
   * `MAX_SKIPPED_CONNECTIONS`; past that the claim skips none.
   */
  readonly skipConnectionIds?: readonly string[];
}

/** The most connections one claim can skip (a bound on the statement's parameters). */
export const MAX_SKIPPED_CONNECTIONS = 100;

/** The connections a claim skips: none when the list is over the bound. */
export function skippedConnections(options: ClaimJobsOptions): readonly string[] {
  const skip = options.skipConnectionIds ?? [];
  return skip.length > MAX_SKIPPED_CONNECTIONS ? [] : skip;
}

/**
 * A connection's sync at a glance. `synced`: events in the calendar (links with an id). `failing`:
 * jobs that gave up or failed at least once and wait for their retry. `waiting`: the other open
 * jobs (due, running, or parked until a reconnect or a calendar choice).
 */
export interface SyncActivityCounts {
  readonly synced: number;
  readonly waiting: number;
  readonly failing: number;
  /** Links marked to move into the connection's new calendar (`pending: "move"`) and not moved yet. */
  readonly moving: number;
  /** The most recent failure among the connection's jobs, or null. */
  readonly lastError: { readonly message: string; readonly at: Date } | null;
}

/** Where a page of `listFailingJobs` ends: the last job's `updatedAt` and id. */
export interface JobPosition {
  readonly updatedAt: Date;
  readonly id: string;
}

/** Which jobs `listJobs` returns; absent fields do not filter. */
export interface JobFilter {
  readonly organizationId?: string;
  readonly connectionId?: string;
  readonly status?: SyncJobStatus;
  readonly limit?: number;
}

/** `calendar_event_link`: where an app event lives in one connected calendar. */
export interface EventLink {
  readonly organizationId: string;
  readonly connectionId: string;
  readonly eventId: string;
  /**
   * The calendar the event lives in, where its updates and deletes go whatever the connection's
   * target is now. Null only for a link written before migration 3 to a connection that had no
   * calendar then: such an event is in the connection's current calendar.
   */
  readonly calendarId: string | null;
  /**
   * The event's id in that calendar. Null while a create is under way (migration 4 on): the intent
   * is recorded before the provider is called, so after a crash between the provider's answer and
   * the job's completion the worker knows which calendar to look in for an event it may have made.
   */
  readonly externalId: string | null;
  readonly etag: string | null;
  /**
   * `move`: an admin chose to move the events already synced when the connection's calendar changed;
   * the next job of the event deletes it here and creates it in the connection's calendar.
   */
  readonly pending: "move" | null;
  /** A digest of the event content last written, to skip writes that would change nothing. */
  readonly lastSyncedHash: string | null;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

/** An event link to write (its calendar always known); storage sets its times. */
export type EventLinkInput = Omit<EventLink, "createdAt" | "updatedAt" | "calendarId" | "pending"> & {
  readonly calendarId: string;
  /** Default null: a written link has nothing pending. */
  readonly pending?: EventLink["pending"];
};

/** What a finished sync job wrote to its calendar, recorded by `completeJob` with the completion. */
export interface JobOutcomeWrite {
  /**
   * The link of the job's (connection, event): an object inserts or replaces it (keeping
   * `createdAt`), `null` removes it, absent leaves it as it is.
   */
  readonly link?: Pick<EventLinkInput, "calendarId" | "externalId" | "etag" | "lastSyncedHash"> | null;
  /** Sets the job's connection's `lastSyncedAt` (and `updatedAt`), unless it is disconnected. */
  readonly lastSyncedAt?: Date;
}

/** One job of a `completeJobs` batch: its id and what it wrote (see `JobOutcomeWrite`). */
export interface JobCompletion {
  /** The job, leased to the batch's owner. */
  readonly jobId: string;
  /** What to record with its completion (default: nothing besides it). */
  readonly outcome?: JobOutcomeWrite;
}
