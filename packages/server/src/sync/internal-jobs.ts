import { describeError } from "../handler/logger.ts";
import { INTERNAL_JOB_PREFIX, type SyncJob } from "../storage/types.ts";
import { retryDelayMs } from "./backoff.ts";
import type { EngineDeps } from "./engine.ts";
import type { JobOutcome } from "./job-runner.ts";

/**
 * The event id of the job that carries a connection's pending backfill through the queue (coalesced
 * like any job, so a connection has at most one). Not an id a host's event can take: hosts' ids are
 * their own, and this one is namespaced by the kit.
 */
export const BACKFILL_EVENT_ID = `${INTERNAL_JOB_PREFIX}backfill`;

/**
 * The event id of the job that finishes a disconnect asked for with the removal of the events: it
 * waits until no removal is pending or running, then disconnects (see `EngineDeps.finishDisconnect`).
 */
export const DISCONNECT_EVENT_ID = `${INTERNAL_JOB_PREFIX}disconnect`;

/** How often the finishing job looks again while removals are under way. */
const DISCONNECT_RECHECK_MS = 5_000;

/** The kit's own jobs in the queue (a connection's backfill, a disconnect's finish) and the backfill itself. */
export interface InternalJobs {
  /** Enqueues a job for every event of the organization (the host's `listEvents`); returns how many. */
  backfillConnection(organizationId: string, connectionId: string): Promise<number>;
  /** Puts the connection's backfill in the queue (coalesced: a connection has at most one). */
  scheduleBackfill(organizationId: string, connectionId: string): Promise<void>;
  /** Runs a claimed backfill job. */
  runBackfill(job: SyncJob): Promise<JobOutcome>;
  /** Runs a claimed disconnect-finishing job. */
  runDisconnect(job: SyncJob): Promise<JobOutcome>;
}

/** The internal jobs of one worker (`owner` holds their leases). */
export function createInternalJobs(deps: EngineDeps, owner: string, random: () => number): InternalJobs {
  const { storage, settings } = deps;

  async function backfillConnection(organizationId: string, connectionId: string): Promise<number> {
    if (deps.listEvents === undefined) return 0;
    const eventIds = (await deps.listEvents(organizationId)).map((event) => event.id);
    // One call: the storage writes it in bounded multi-row statements, not one per event.
    return storage.enqueueJobs({ organizationId, connectionId, eventIds });
  }

  async function scheduleBackfill(organizationId: string, connectionId: string): Promise<void> {
    await storage.enqueueJob({ organizationId, connectionId, eventId: BACKFILL_EVENT_ID });
  }

  /** Runs a scheduled backfill: resumes parked jobs the request could not, then enqueues every event. */
  async function runBackfill(job: SyncJob): Promise<JobOutcome> {
    try {
      const record = await storage.getConnection(job.organizationId, job.connectionId);
      if (record !== null && record.status !== "disconnected") {
        if (record.status !== "needs_reauth" && record.calendarId !== null)
          await storage.resumeConnectionJobs(job.organizationId, job.connectionId);
        await backfillConnection(job.organizationId, job.connectionId);
      }
      return (await storage.completeJob(job.id, owner)) ? "succeeded" : "lost";
    } catch (error) {
      deps.logger.warn("scheduled backfill failed", {
        connectionId: job.connectionId,
        attempts: job.attempts,
        reason: describeError(error),
      });
      // Never dead-lettered: losing it would leave the calendar without the events that existed.
      const runAfter = new Date(deps.now().getTime() + retryDelayMs(job.attempts, random, settings.backoff));
      return (await storage.failJob(job.id, owner, { error: describeError(error), runAfter }))
        ? "retried"
        : "lost";
    }
  }

  /** Finishes a disconnect once the connection's removals ran; until then looks again every few seconds. */
  async function runDisconnect(job: SyncJob): Promise<JobOutcome> {
    const record = await storage.getConnection(job.organizationId, job.connectionId);
    if (record === null || record.status === "disconnected" || record.disconnectRequestedAt === null)
      return (await storage.completeJob(job.id, owner)) ? "succeeded" : "lost";
    // Due or running removals (this job is running too, so more than one means others); parked and
    // dead ones cannot go on and are what is left behind.
    const due = async (status: "pending" | "running"): Promise<number> =>
      (await storage.listJobs({ connectionId: job.connectionId, status, limit: 2 })).filter(
        (other) => other.id !== job.id,
      ).length;
    const underWay = (await due("running")) + (await due("pending"));
    if (underWay > 0) {
      const runAfter = new Date(deps.now().getTime() + DISCONNECT_RECHECK_MS);
      const error = "waiting for the event removals";
      return (await storage.failJob(job.id, owner, { error, runAfter })) ? "retried" : "lost";
    }
    const left = await storage.syncActivity(job.organizationId, job.connectionId);
    await deps.finishDisconnect(record, left.waiting + left.failing);
    return (await storage.completeJob(job.id, owner)) ? "succeeded" : "lost";
  }

  return { backfillConnection, scheduleBackfill, runBackfill, runDisconnect };
}
