import { describeError, type Logger } from "../handler/logger.ts";
import type { CalendarBatching, CalendarOperations } from "../providers/define.ts";
import type { ProviderRegistry } from "../providers/registry.ts";
import {
  type CalendarStorage,
  type ConnectionRecord,
  INTERNAL_JOB_PREFIX,
  type SyncJob,
} from "../storage/types.ts";
import type { JobOutcome } from "./job-runner.ts";
import type { Semaphore } from "./semaphore.ts";
import type { SyncSettings } from "./types.ts";

/** Batch requests one group keeps in flight at once: enough to hide a round trip behind the next. */
const BATCHES_PER_GROUP = 2;

/** Jobs of one connection run together through one batch session. */
export interface BatchGroup {
  readonly record: ConnectionRecord;
  readonly batching: CalendarBatching;
  readonly jobs: readonly SyncJob[];
}

/** Runs one job with the given calendar operations in place of its provider's (the job runner). */
export type RunWithCalendar = (
  job: SyncJob,
  record: ConnectionRecord | null,
  calendar: CalendarOperations,
) => Promise<JobOutcome>;

export interface BatchRunnerDeps {
  readonly storage: CalendarStorage;
  readonly providers: ProviderRegistry;
  readonly logger: Logger;
  readonly settings: SyncSettings;
  readonly owner: string;
  readonly leaseMs: number;
}

/**
 * Batches the jobs of one connection: `plan` picks, from what a claim returned, the connections
 * with several jobs and a provider that has a batch API, and tops each up with more of that
 * connection's due jobs (one claim, leased like any); `run` runs a group's jobs through one batch
 * session. Each job still goes through the job runner on its own, with the session's calendar
 * operations, so its write, its completion under the lease, and its failure (retry with its own
 * backoff, Retry-After, dead letter, parking on a revoked grant) are exactly a single job's.
 */
export function createBatchRunner(deps: BatchRunnerDeps) {
  const { storage, settings } = deps;
  const options =
    settings.batching === undefined || settings.batching === false
      ? null
      : settings.batching === true
        ? {}
        : settings.batching;
  const threshold = Math.max(2, options?.threshold ?? 2);

  const batchingOf = (record: ConnectionRecord | null): CalendarBatching | null =>
    record === null ? null : (deps.providers.writer(record.provider)?.calendar.batch ?? null);

  /**
   * Splits a claim into batch groups, the jobs that run one by one, and those to release. A
   * connection's groups hold at most `room.perGroup` jobs together (half the worker's pool, so other
   * connections keep the other half) and a top-up takes at most `room.free` more (the pool's free
   * slots): the worker never runs more jobs at once than its concurrency, batched or not, so its
   * database work and lease renewals stay as bounded.
   */
  async function plan(
    jobs: readonly SyncJob[],
    readConnection: (job: SyncJob) => Promise<ConnectionRecord | null>,
    room: {
      readonly perGroup: number;
      readonly free: number;
      /** Jobs of the connection this worker already runs in batch groups. */
      readonly grouped: (connectionId: string) => number;
    },
  ): Promise<{ groups: BatchGroup[]; rest: SyncJob[]; release: SyncJob[] }> {
    let free = Math.max(0, room.free);
    const release: SyncJob[] = [];
    if (options === null) return { groups: [], rest: [...jobs], release };
    const byConnection = new Map<string, SyncJob[]>();
    const rest: SyncJob[] = [];
    for (const job of jobs) {
      if (job.eventId.startsWith(INTERNAL_JOB_PREFIX)) rest.push(job);
      else byConnection.set(job.connectionId, [...(byConnection.get(job.connectionId) ?? []), job]);
    }
    const groups: BatchGroup[] = [];
    for (const connectionJobs of byConnection.values()) {
      const first = connectionJobs[0];
      const record =
        first === undefined || connectionJobs.length < threshold ? null : await readConnection(first);
      const batching = batchingOf(record);
      if (record === null || batching === null || first === undefined) {
        rest.push(...connectionJobs);
        continue;
      }
      const allowance = room.perGroup - room.grouped(first.connectionId);
      const maxJobs = Math.min(options.maxJobs ?? batching.maxCalls * BATCHES_PER_GROUP, allowance);
      if (maxJobs < threshold) {
        rest.push(...connectionJobs);
        continue;
      }
      const wanted = Math.min(maxJobs - connectionJobs.length, free);
      const more =
        wanted <= 0
          ? []
          : await storage.claimJobs({
              owner: deps.owner,
              leaseMs: deps.leaseMs,
              limit: wanted,
              connectionId: first.connectionId,
            });
      free -= more.length;
      // Past the connection's share of the pool, the claim's jobs go back (unworked, not an attempt):
      // the next claims go to other connections until its groups are done.
      const grouped = connectionJobs.slice(0, maxJobs);
      release.push(...connectionJobs.slice(grouped.length));
      for (const job of more) (job.eventId.startsWith(INTERNAL_JOB_PREFIX) ? rest : grouped).push(job);
      groups.push({ record, batching, jobs: grouped });
    }
    return { groups, rest, release };
  }

  /**
   * Runs a group's jobs at once through one session. Calls are sent as soon as every job still
   * running has a call queued or in flight (or a batch is full, or after the session's short wait).
   */
  async function run(group: BatchGroup, runJob: RunWithCalendar, cap: Semaphore): Promise<JobOutcome[]> {
    let active = group.jobs.length;
    const session = group.batching.open({ onQueued: () => flushWhenIdle() });
    function flushWhenIdle(): void {
      if (session.queued() > 0 && session.queued() + session.inFlight() >= active) session.flush();
    }
    const calendar = session.calendar;
    const renewal = setInterval(
      () => {
        for (const job of group.jobs)
          storage.extendLease(job.id, deps.owner, deps.leaseMs).catch((error: unknown) => {
            deps.logger.warn("lease renewal failed", { jobId: job.id, reason: describeError(error) });
          });
      },
      Math.max(50, Math.floor(deps.leaseMs / 3)),
    );
    try {
      // The whole group takes one slot of its connection's cap, so other connections' jobs go on.
      return await cap.run(async () => {
        // The group may have waited for its cap: its jobs read the connection as it is now, as a
        // single job does when the claim's read has aged (an admin may have changed the calendar).
        let record: ConnectionRecord | null;
        try {
          record = await storage.getConnection(group.record.organizationId, group.record.id);
        } catch (error) {
          // The storage itself failed: the leases expire and other attempts pick the jobs up.
          deps.logger.error("sync batch group crashed", { reason: describeError(error) });
          return group.jobs.map(() => "lost" as const);
        }
        return runAll({ ...group, record }, runJob, calendar, () => active--, flushWhenIdle);
      });
    } finally {
      clearInterval(renewal);
      session.flush();
    }
  }

  function runAll(
    group: Omit<BatchGroup, "record"> & { readonly record: ConnectionRecord | null },
    runJob: RunWithCalendar,
    calendar: CalendarOperations,
    finished: () => void,
    flushWhenIdle: () => void,
  ): Promise<JobOutcome[]> {
    return Promise.all(
      group.jobs.map(async (job) => {
        try {
          return await runJob(job, group.record, calendar);
        } catch (error) {
          // The storage itself failed: the lease expires and another attempt picks the job up.
          deps.logger.error("sync job crashed", { jobId: job.id, reason: describeError(error) });
          return "lost" as const;
        } finally {
          finished();
          flushWhenIdle();
        }
      }),
    );
  }

  return { plan, run };
}
