import type { ProviderId, SyncRunResult } from "@org/calendar-connections-core";
import type { HostEvent } from "../events/types.ts";
import type { DeliveryResult } from "../notifications/deliver.ts";
import type { BackoffPolicy } from "./backoff.ts";

/** The host's view of one event when a job runs: its current state, or null once it is deleted. */
export type GetEvent = (organizationId: string, eventId: string) => Promise<HostEvent | null>;

/** Whether an organization's events are written with their attendees, who the provider then invites. */
export type InviteAttendees = (organizationId: string) => boolean | Promise<boolean>;

export interface SyncSettings {
  /**
   * Failed attempts before a job is dead-lettered for a failure no retry is likely to fix (a refused
   * request, a provider not configured). Default 8. Rate limits and outages do not count.
   */
  readonly maxAttempts?: number;
  /**
   * How long a job keeps retrying transient failures (provider outages, timeouts, failed token
   * refreshes) with capped backoff before it is dead-lettered, from when the job was created (or
   * requeued). Default 24 h, so an outage of a few hours or a mistyped client secret fixed the next
   * morning loses nothing.
   */
  readonly retryWindowMs?: number;
  /** How long a claimed job is leased to one worker. Default 60 s. */
  readonly leaseMs?: number;
  readonly backoff?: BackoffPolicy;
  /** Jobs of one connection in flight at once per worker, by provider id. Default: the provider's own setting. */
  readonly perConnectionConcurrency?: Partial<Record<ProviderId, number>>;
  /**
   * The providers' batch APIs (`CalendarOperations.batch`): with it, when a claim holds at least
   * `threshold` jobs of one connection whose provider has one, the worker takes up to `maxJobs` of
   * that connection's due jobs (and at most half its concurrency: a group's jobs count against the
   * worker's pool like any) and sends their calls in batch requests, each job still ending on its
   * own. `true` is `{ threshold: 2, maxJobs: 2 × the provider's maxCalls }`. Default off: one call
   * per job.
   */
  readonly batching?: boolean | { readonly threshold?: number; readonly maxJobs?: number };
  /** Uniform numbers in [0, 1) for jitter. Default Math.random. */
  readonly random?: () => number;
  /** Names this worker's leases. Default host, pid and a random suffix. */
  readonly workerId?: string;
}

/** Where an organization's events go: a connection and its target calendar. */
export interface SyncTarget {
  readonly connectionId: string;
  readonly provider: ProviderId;
  readonly status: string;
  readonly calendarId: string | null;
  readonly calendarName: string | null;
}

export interface ProcessOptions {
  /**
   * Most jobs this batch claims. Default 100. A batch group (see `SyncSettings.batching`) may take up
   * to its size more of its own connection's jobs on top.
   */
  readonly limit?: number;
  /** Jobs in flight at once. Default 4. */
  readonly concurrency?: number;
  /** Stop claiming after this long; jobs in flight finish. Default 25 s. */
  readonly timeBudgetMs?: number;
}

export interface WorkerOptions {
  /** Wait between polls when no job is due. Default 2 s. */
  readonly pollIntervalMs?: number;
  readonly concurrency?: number;
  /** Aborting stops claiming, lets jobs in flight finish and gives back the leases of those not started. */
  readonly signal?: AbortSignal;
  /** Called after every batch (logs, metrics). */
  readonly onBatch?: (result: SyncRunResult) => void;
}

export interface SyncWorker {
  /** Settles when the worker has stopped after its signal aborted. */
  readonly stopped: Promise<void>;
}

export interface CalendarSync {
  /** Records that an event changed (create, update, delete); coalesces per connection and event. Returns the jobs enqueued. */
  enqueueEventSync(input: { readonly organizationId: string; readonly eventId: string }): Promise<number>;
  /**
   * Enqueues every event of the organization (from `listEvents`) for one connection: what the kit does
   * when a calendar is first chosen, so it fills with what already exists. Returns the jobs enqueued.
   */
  backfillConnection(organizationId: string, connectionId: string): Promise<number>;
  /**
   * Leaves the backfill of a connection (and the resume of its parked jobs) to the worker: one job
   * the worker runs, retried with backoff until it succeeds. What the kit does when a backfill fails
   * after the change that asked for it committed.
   */
  scheduleBackfill(organizationId: string, connectionId: string): Promise<void>;
  /** The connections an organization's events are written to; the legacy service account only as a fallback for opted-in organizations. */
  resolveOrganizationCalendar(organizationId: string): Promise<SyncTarget[]>;
  /** Runs one bounded batch of due jobs. */
  processPendingCalendarSyncJobs(options?: ProcessOptions): Promise<SyncRunResult>;
  /**
   * Delivers due connection events from the outbox to the host's `notifications.onConnectionEvent`
   * (the worker does it after each batch, `POST /cron/sync` after its batch).
   */
  deliverConnectionEvents(options?: { readonly limit?: number }): Promise<DeliveryResult>;
  /** Polls and processes until `signal` aborts. */
  startSyncWorker(options?: WorkerOptions): SyncWorker;
}
