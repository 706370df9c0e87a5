import type { JobMethods } from "../aggregates.ts";
import { newId } from "../ids.ts";
import { type ConnectionRecord, type JobOutcomeWrite, type SyncJob, skippedConnections } from "../types.ts";
import { putLink } from "./event-links.ts";
import { linkKey, live, type MemoryState, type Mutable, owned } from "./state.ts";

/** A job leaving its lease for good (dead) or until a reconnect (parked). */
const settle = (job: SyncJob, status: "dead" | "parked", error: string): SyncJob => ({
  ...job,
  status,
  rerun: false,
  lastError: error,
  leaseOwner: null,
  leaseExpiresAt: null,
});

/** Sorted by `runAfter`, then id (the claim order). */
const byRunAfter = (a: SyncJob, b: SyncJob): number =>
  a.runAfter.getTime() - b.runAfter.getTime() || (a.id < b.id ? -1 : 1);

/** The sync job queue of the memory storage. */
export function memoryJobs(state: MemoryState): JobMethods {
  const { jobs, now } = state;

  /** Applies `change` to a job still leased to `owner` (null removes it); false when the lease was lost. */
  function transition(
    jobId: string,
    owner: string,
    change: (job: Mutable<SyncJob>, at: Date) => SyncJob | null,
  ): boolean {
    const job = jobs.get(jobId);
    if (job?.status !== "running" || job.leaseOwner !== owner) return false;
    const at = now();
    const next = change({ ...job }, at);
    if (next) jobs.set(jobId, { ...next, updatedAt: at });
    else jobs.delete(jobId);
    return true;
  }

  function changeConnectionJobs(
    organizationId: string,
    connectionId: string,
    from: SyncJob["status"],
    change: (job: SyncJob, at: Date) => SyncJob,
  ): number {
    const at = now();
    let count = 0;
    for (const job of [...jobs.values()]) {
      if (job.organizationId === organizationId && job.connectionId === connectionId && job.status === from) {
        jobs.set(job.id, { ...change(job, at), updatedAt: at });
        count++;
      }
    }
    return count;
  }

  /** The coalescing of `enqueueJob` for one event, given its open job (if any). */
  function enqueueOne(
    connection: ConnectionRecord,
    eventId: string,
    open: SyncJob | undefined,
    at: Date,
    requested: Date | undefined,
  ): SyncJob {
    const runAfter = requested ?? at;
    if (open !== undefined) {
      const next: SyncJob =
        open.status === "pending"
          ? {
              ...open,
              runAfter: new Date(Math.min(runAfter.getTime(), open.runAfter.getTime())),
              updatedAt: at,
            }
          : open.status === "running"
            ? { ...open, rerun: true, updatedAt: at }
            : { ...open, updatedAt: at };
      jobs.set(open.id, next);
      return next;
    }
    const job: SyncJob = {
      id: newId(at.getTime()),
      organizationId: connection.organizationId,
      connectionId: connection.id,
      eventId,
      status: connection.status === "needs_reauth" ? "parked" : "pending",
      attempts: 0,
      runAfter,
      leaseOwner: null,
      leaseExpiresAt: null,
      rerun: false,
      lastError: null,
      createdAt: at,
      updatedAt: at,
    };
    jobs.set(job.id, job);
    return job;
  }

  /** What `completeJob` writes besides the job: the link and the connection's last sync. */
  function recordOutcome(job: SyncJob, outcome: JobOutcomeWrite, at: Date): void {
    const { organizationId, connectionId, eventId } = job;
    if (outcome.link === null) state.links.delete(linkKey(connectionId, eventId));
    else if (outcome.link !== undefined && owned(state, organizationId, connectionId)) {
      putLink(state, { organizationId, connectionId, eventId, ...outcome.link }, at);
    }
    const connection = owned(state, organizationId, connectionId);
    if (outcome.lastSyncedAt !== undefined && connection && live(connection)) {
      state.connections.set(connection.id, {
        ...connection,
        lastSyncedAt: outcome.lastSyncedAt,
        updatedAt: at,
      });
    }
  }

  /** Removes the job, or makes it pending again when flagged `rerun`, with its outcome; only while leased to `owner`. */
  function complete(jobId: string, owner: string, outcome: JobOutcomeWrite): boolean {
    return transition(jobId, owner, (job, at) => {
      recordOutcome(job, outcome, at);
      return job.rerun
        ? {
            ...job,
            status: "pending",
            attempts: 0,
            rerun: false,
            runAfter: at,
            leaseOwner: null,
            leaseExpiresAt: null,
          }
        : null;
    });
  }

  return {
    async enqueueJob(input) {
      const connection = owned(state, input.organizationId, input.connectionId);
      if (!connection || !live(connection)) return null;
      const open = [...jobs.values()].find(
        (job) =>
          job.connectionId === input.connectionId && job.eventId === input.eventId && job.status !== "dead",
      );
      return enqueueOne(connection, input.eventId, open, now(), input.runAfter);
    },

    async enqueueJobs(input) {
      const connection = owned(state, input.organizationId, input.connectionId);
      if (!connection || !live(connection)) return 0;
      // One pass over the queue, not one per event.
      const open = new Map<string, SyncJob>();
      for (const job of jobs.values()) {
        if (job.connectionId === input.connectionId && job.status !== "dead") open.set(job.eventId, job);
      }
      const at = now();
      const eventIds = new Set(input.eventIds);
      for (const eventId of eventIds) enqueueOne(connection, eventId, open.get(eventId), at, input.runAfter);
      return eventIds.size;
    },

    async claimJobs(opts) {
      const at = now();
      const paused = (connectionId: string): boolean => {
        const retryAt = state.connections.get(connectionId)?.health?.retryAt ?? null;
        return retryAt !== null && retryAt > at;
      };
      const skip = new Set(skippedConnections(opts));
      const due = [...jobs.values()]
        .filter(
          (j) =>
            (opts.connectionId === undefined || j.connectionId === opts.connectionId) &&
            !skip.has(j.connectionId) &&
            !paused(j.connectionId) &&
            ((j.status === "pending" && j.runAfter <= at) ||
              (j.status === "running" && j.leaseExpiresAt !== null && j.leaseExpiresAt <= at)),
        )
        .sort(byRunAfter)
        .slice(0, Math.max(0, opts.limit));
      return due.map((j) => {
        const claimed: SyncJob = {
          ...j,
          status: "running",
          attempts: j.attempts + 1,
          leaseOwner: opts.owner,
          leaseExpiresAt: new Date(at.getTime() + opts.leaseMs),
          updatedAt: at,
        };
        jobs.set(j.id, claimed);
        return claimed;
      });
    },

    async extendLease(jobId, owner, leaseMs) {
      return transition(jobId, owner, (job, at) => ({
        ...job,
        leaseExpiresAt: new Date(at.getTime() + leaseMs),
      }));
    },

    async completeJob(jobId, owner, outcome = {}) {
      return complete(jobId, owner, outcome);
    },

    async completeJobs(owner, items) {
      const seen = new Set<string>();
      return items.map(({ jobId, outcome }) => {
        if (seen.has(jobId)) return false;
        seen.add(jobId);
        return complete(jobId, owner, outcome ?? {});
      });
    },

    async failJob(jobId, owner, failure) {
      return transition(jobId, owner, (job) => ({
        ...job,
        status: "pending",
        rerun: false,
        runAfter: failure.runAfter,
        lastError: failure.error,
        leaseOwner: null,
        leaseExpiresAt: null,
      }));
    },

    async releaseJob(jobId, owner) {
      return transition(jobId, owner, (job, at) => ({
        ...job,
        status: "pending",
        attempts: Math.max(0, job.attempts - 1),
        runAfter: at,
        leaseOwner: null,
        leaseExpiresAt: null,
      }));
    },

    async deadLetterJob(jobId, owner, error) {
      return transition(jobId, owner, (job) => settle(job, "dead", error));
    },

    async parkJob(jobId, owner, error) {
      return transition(jobId, owner, (job) => settle(job, "parked", error));
    },

    async parkConnectionJobs(organizationId, connectionId) {
      return changeConnectionJobs(organizationId, connectionId, "pending", (job) => ({
        ...job,
        status: "parked",
      }));
    },

    async resumeConnectionJobs(organizationId, connectionId) {
      return changeConnectionJobs(organizationId, connectionId, "parked", (job, at) => ({
        ...job,
        status: "pending",
        runAfter: at,
      }));
    },

    async requeueDeadLetters(organizationId, connectionId, opts = {}) {
      const connection = owned(state, organizationId, connectionId);
      if (!connection || !live(connection)) return 0;
      const at = now();
      const mine = [...jobs.values()].filter(
        (j) => j.connectionId === connectionId && (opts.eventId === undefined || j.eventId === opts.eventId),
      );
      const open = new Set(mine.filter((j) => j.status !== "dead").map((j) => j.eventId));
      // The newest dead letter of each event without an open job becomes its job; the rest go.
      const dead = mine.filter((j) => j.status === "dead").sort((a, b) => (a.id < b.id ? 1 : -1));
      for (const job of dead) {
        if (open.has(job.eventId)) {
          jobs.delete(job.id);
          continue;
        }
        open.add(job.eventId);
        jobs.set(job.id, {
          ...job,
          status: connection.status === "needs_reauth" ? "parked" : "pending",
          attempts: 0,
          runAfter: at,
          createdAt: at,
          updatedAt: at,
        });
      }
      return dead.length;
    },

    async listDeadLetters(organizationId, opts = {}) {
      return [...jobs.values()]
        .filter(
          (j) =>
            j.organizationId === organizationId &&
            j.status === "dead" &&
            (opts.connectionId === undefined || j.connectionId === opts.connectionId),
        )
        .sort((a, b) => b.updatedAt.getTime() - a.updatedAt.getTime() || (a.id < b.id ? 1 : -1))
        .slice(0, opts.limit ?? 100);
    },

    async listJobs(filter = {}) {
      return [...jobs.values()]
        .filter(
          (j) =>
            (filter.organizationId === undefined || j.organizationId === filter.organizationId) &&
            (filter.connectionId === undefined || j.connectionId === filter.connectionId) &&
            (filter.status === undefined || j.status === filter.status),
        )
        .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || (a.id < b.id ? -1 : 1))
        .slice(0, filter.limit ?? 1000);
    },
  };
}
