import type { ActivityMethods, ActivityRequeue } from "../aggregates.ts";
import { INTERNAL_JOB_PREFIX, type SyncJob } from "../types.ts";
import { live, type MemoryState, owned } from "./state.ts";

const failing = (job: SyncJob): boolean => job.status === "dead" || job.lastError !== null;

/** Most recently failed first (`updatedAt`, then id, both descending). */
const newestFirst = (a: SyncJob, b: SyncJob): number =>
  b.updatedAt.getTime() - a.updatedAt.getTime() || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);

/** What an admin sees of a connection's sync, in memory. */
export function memoryActivity(state: MemoryState, requeue: ActivityRequeue): ActivityMethods {
  const jobsOf = (organizationId: string, connectionId: string): SyncJob[] =>
    [...state.jobs.values()].filter(
      (job) =>
        job.organizationId === organizationId &&
        job.connectionId === connectionId &&
        !job.eventId.startsWith(INTERNAL_JOB_PREFIX),
    );
  return {
    async syncActivity(organizationId, connectionId) {
      const jobs = jobsOf(organizationId, connectionId);
      const failed = jobs.filter(failing);
      const latest = jobs.filter((job) => job.lastError !== null).sort(newestFirst)[0];
      let synced = 0;
      let moving = 0;
      for (const link of state.links.values()) {
        if (link.organizationId === organizationId && link.connectionId === connectionId) {
          if (link.externalId !== null) synced += 1;
          if (link.pending === "move") moving += 1;
        }
      }
      return {
        synced,
        failing: failed.length,
        moving,
        waiting: jobs.length - failed.length,
        lastError: latest === undefined ? null : { message: latest.lastError ?? "", at: latest.updatedAt },
      };
    },

    async listFailingJobs(organizationId, connectionId, options) {
      const { after } = options;
      return jobsOf(organizationId, connectionId)
        .filter(failing)
        .filter(
          (job) =>
            after === undefined ||
            job.updatedAt.getTime() < after.updatedAt.getTime() ||
            (job.updatedAt.getTime() === after.updatedAt.getTime() && job.id < after.id),
        )
        .sort(newestFirst)
        .slice(0, options.limit);
    },

    async retryEventNow(organizationId, connectionId, eventId) {
      const requeued = await requeue(organizationId, connectionId, { eventId });
      const connection = owned(state, organizationId, connectionId);
      if (connection === null || !live(connection)) return requeued > 0;
      const at = state.now();
      let due = 0;
      for (const job of jobsOf(organizationId, connectionId)) {
        if (job.eventId !== eventId || job.status !== "pending") continue;
        state.jobs.set(job.id, { ...job, runAfter: at, updatedAt: at });
        due += 1;
      }
      return requeued + due > 0;
    },
  };
}
