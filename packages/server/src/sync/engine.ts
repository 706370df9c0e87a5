import type { SyncRunResult } from "@org/calendar-connections-core";
import { describeError } from "../handler/logger.ts";
import { createEventDelivery, type NotificationSettings } from "../notifications/deliver.ts";
import { type ConnectionRecord, MAX_SKIPPED_CONNECTIONS, type SyncJob } from "../storage/types.ts";
import { type BatchGroup, createBatchRunner } from "./batch-runner.ts";
import { createCompletionBatcher } from "./completion-batcher.ts";
import { type ClaimSkips, claimFairly } from "./fair-claim.ts";
import { BACKFILL_EVENT_ID, createInternalJobs, DISCONNECT_EVENT_ID } from "./internal-jobs.ts";
import { createJobRunner, type JobOutcome, type RunnerDeps } from "./job-runner.ts";
import { Semaphore } from "./semaphore.ts";
import { sharedReads } from "./shared-reads.ts";
import { resolveOrganizationCalendar } from "./targets.ts";
import type { CalendarSync, ProcessOptions, SyncWorker, WorkerOptions } from "./types.ts";

export interface EngineDeps extends Omit<RunnerDeps, "random"> {
  /** The organization's events, written into a calendar when it is first chosen. */
  readonly listEvents: ((organizationId: string) => Promise<readonly { readonly id: string }[]>) | undefined;
  readonly notifications: NotificationSettings | undefined;
  /** The page the events link to, unless `notifications.pageURL` says otherwise. */
  readonly pageURL: string;
  /**
   * Disconnects a connection whose events were removed (revoking its grant unless shared), with
   * `eventsLeft`: those the removal could not reach (dead-lettered, or parked for a reconnect).
   */
  readonly finishDisconnect: (record: ConnectionRecord, eventsLeft: number) => Promise<void>;
}

/** Jobs of one connection in flight at once when its provider does not say. */
const DEFAULT_CONCURRENCY = 4;

/**
 * Completions written in one statement at most, and the longest one waits for others: a few ms, far
 * below any lease (see `completion-batcher.ts`).
 */
const COMPLETION_BATCH = 50;
const COMPLETION_DELAY_MS = 4;

/** Names this process's leases without `node:os`, so the engine loads in any runtime. */
function defaultWorkerId(random: () => number): string {
  const pid = (globalThis as { process?: { pid?: number } }).process?.pid;
  return `worker:${pid ?? "0"}:${Math.floor(random() * 0xffffffff).toString(16)}`;
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const onAbort = (): void => {
      clearTimeout(timer);
      resolve();
    };
    // The listener goes with the timer: a long-running worker polls forever on one signal.
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

/** The sync engine over shared dependencies (the handler's cron route and worker processes use it alike). */
export function createSyncEngine(deps: EngineDeps): CalendarSync {
  const { storage, settings } = deps;
  const random = settings.random ?? Math.random;
  const owner = settings.workerId ?? defaultWorkerId(random);
  const leaseMs = settings.leaseMs ?? 60_000;
  let jobsInFlight = 0;
  // The jobs' completions, a handful of statements for a pool of jobs instead of one each.
  const completions = createCompletionBatcher({
    completeJobs: (items) => storage.completeJobs(owner, items),
    maxBatch: COMPLETION_BATCH,
    delayMs: Math.min(COMPLETION_DELAY_MS, Math.floor(leaseMs / 10)),
    inFlight: () => jobsInFlight,
  });
  const runJob = createJobRunner({ ...deps, random }, owner, completions.complete);
  const { backfillConnection, scheduleBackfill, runBackfill, runDisconnect } = createInternalJobs(
    deps,
    owner,
    random,
  );
  const batches = createBatchRunner({ ...deps, owner, leaseMs });
  const caps = new Map<string, Semaphore>();
  // Jobs of each connection this worker runs or holds waiting for its cap: the only caps that can be full.
  const inFlight = new Map<string, number>();
  const deliverConnectionEvents = createEventDelivery({
    storage,
    logger: deps.logger,
    now: deps.now,
    settings: deps.notifications,
    pageURL: deps.pageURL,
    owner,
  });

  /** The outbox after a batch; its failure is logged, never the batch's. */
  async function deliverQuietly(): Promise<void> {
    try {
      await deliverConnectionEvents();
    } catch (error) {
      deps.logger.error("delivering connection events failed", { reason: describeError(error) });
    }
  }

  function capFor(job: SyncJob, provider: string): Semaphore {
    let semaphore = caps.get(job.connectionId);
    if (semaphore === undefined) {
      semaphore = new Semaphore(
        settings.perConnectionConcurrency?.[provider] ??
          deps.providers.writer(provider)?.sync.concurrency ??
          DEFAULT_CONCURRENCY,
      );
      caps.set(job.connectionId, semaphore);
    }
    return semaphore;
  }

  async function enqueueEventSync(input: { organizationId: string; eventId: string }): Promise<number> {
    let enqueued = 0;
    for (const target of await resolveOrganizationCalendar(deps, input.organizationId)) {
      const job = await storage.enqueueJob({ ...input, connectionId: target.connectionId });
      if (job !== null) enqueued += 1;
    }
    return enqueued;
  }

  async function runOne(
    job: SyncJob,
    readConnection: (job: SyncJob) => Promise<ConnectionRecord | null>,
  ): Promise<JobOutcome> {
    // The cap depends only on the connection's provider, which never changes: look it up once per connection
    // (the job runner gets the row once the cap lets the job in, from the claim's shared read while it is
    // recent, else read again).
    let cap = caps.get(job.connectionId);
    if (cap === undefined) {
      const record = await readConnection(job);
      cap = capFor(job, record?.provider ?? "");
    }
    const semaphore = cap;
    inFlight.set(job.connectionId, (inFlight.get(job.connectionId) ?? 0) + 1);
    jobsInFlight += 1;
    // A job waiting for its connection's cap, or for a slow provider or host, keeps its lease: renew it
    // every third of its length so another worker never takes over a job that is still running.
    const renewal = setInterval(
      () => {
        storage.extendLease(job.id, owner, leaseMs).catch((error: unknown) => {
          deps.logger.warn("lease renewal failed", { jobId: job.id, reason: describeError(error) });
        });
      },
      Math.max(50, Math.floor(leaseMs / 3)),
    );
    try {
      return await semaphore.run(() =>
        job.eventId === BACKFILL_EVENT_ID
          ? runBackfill(job)
          : job.eventId === DISCONNECT_EVENT_ID
            ? runDisconnect(job)
            : readConnection(job).then((record) => runJob(job, record)),
      );
    } catch (error) {
      // The storage itself failed: the lease expires and another attempt picks the job up.
      deps.logger.error("sync job crashed", { jobId: job.id, reason: describeError(error) });
      return "lost";
    } finally {
      clearInterval(renewal);
      jobsInFlight -= 1;
      completions.flushIfIdle();
      const left = (inFlight.get(job.connectionId) ?? 1) - 1;
      if (left === 0) inFlight.delete(job.connectionId);
      else inFlight.set(job.connectionId, left);
    }
  }

  // ---- batch API (batch-runner.ts): a group of one connection's jobs holds one slot of its cap.
  // Jobs of each connection in batch groups here; at its share of the pool, claims leave it out.
  const grouped = new Map<string, number>();
  let batchShare = Number.POSITIVE_INFINITY;
  async function runGroup(group: BatchGroup): Promise<JobOutcome[]> {
    const connectionId = group.record.id;
    grouped.set(connectionId, (grouped.get(connectionId) ?? 0) + group.jobs.length);
    const first = group.jobs[0];
    if (first === undefined) return [];
    const cap = caps.get(connectionId) ?? capFor(first, group.record.provider);
    inFlight.set(connectionId, (inFlight.get(connectionId) ?? 0) + 1);
    jobsInFlight += group.jobs.length;
    try {
      return await batches.run(group, runJob, cap);
    } finally {
      jobsInFlight -= group.jobs.length;
      completions.flushIfIdle();
      const groups = (grouped.get(connectionId) ?? group.jobs.length) - group.jobs.length;
      if (groups <= 0) grouped.delete(connectionId);
      else grouped.set(connectionId, groups);
      const left = (inFlight.get(connectionId) ?? 1) - 1;
      if (left === 0) inFlight.delete(connectionId);
      else inFlight.set(connectionId, left);
    }
  }
  // ---- end batch API

  /**
   * The connections a claim skips (at most `MAX_SKIPPED_CONNECTIONS`): those whose cap is full in this
   * worker or whose batch groups hold their share of the pool, and those holding `share` of the pool or
   * more. Only connections with jobs in flight are looked at, never every connection the worker has seen.
   */
  function claimSkips(share: number): ClaimSkips {
    const capped: string[] = [];
    const overShare: string[] = [];
    for (const [connectionId, count] of inFlight) {
      const batchedFull = (grouped.get(connectionId) ?? 0) >= batchShare;
      if (caps.get(connectionId)?.saturated === true || batchedFull) capped.push(connectionId);
      else if (count >= share) overShare.push(connectionId);
      if (capped.length + overShare.length === MAX_SKIPPED_CONNECTIONS) break;
    }
    return { capped, overShare };
  }

  async function processBatch(options: ProcessOptions = {}, signal?: AbortSignal): Promise<SyncRunResult> {
    const started = performance.now();
    const limit = options.limit ?? 100;
    const concurrency = Math.max(1, options.concurrency ?? 4);
    const budget = options.timeBudgetMs ?? 25_000;
    const result = { claimed: 0, succeeded: 0, retried: 0, deadLettered: 0, parked: 0, durationMs: 0 };
    const running = new Set<Promise<void>>();
    let failure: { error: unknown } | null = null;
    // Claim again as soon as half the pool is free instead of after the slowest job of a whole wave, so
    // the pool stays busy; claim only what can start at once, so no claimed job sits leased and idle.
    const refill = Math.max(1, Math.ceil(concurrency / 2));
    const tally = (outcome: JobOutcome): void => {
      if (outcome === "succeeded") result.succeeded += 1;
      else if (outcome === "retried") result.retried += 1;
      else if (outcome === "dead_lettered") result.deadLettered += 1;
      else if (outcome === "parked") result.parked += 1;
    };
    // The slots one connection takes before the others get theirs.
    const fairShare = Math.max(1, Math.ceil(concurrency / 2));
    // Jobs in flight (a batch group counts all of its jobs against the pool).
    let busy = 0;
    const start = (
      job: SyncJob | BatchGroup,
      readConnection: (job: SyncJob) => Promise<ConnectionRecord | null>,
    ): void => {
      const jobs = "jobs" in job ? job.jobs : [job];
      busy += jobs.length;
      const task = (async () => {
        if (signal?.aborted) {
          for (const one of jobs) await storage.releaseJob(one.id, owner);
          return;
        }
        if ("jobs" in job) for (const outcome of await runGroup(job)) tally(outcome);
        else tally(await runOne(job, readConnection));
      })();
      running.add(task);
      task.then(
        () => {
          running.delete(task);
          busy -= jobs.length;
        },
        (error: unknown) => {
          running.delete(task);
          busy -= jobs.length;
          failure ??= { error };
        },
      );
    };
    // What the claims took (a batch group's top-up comes on top: it never crowds out other connections).
    let taken = 0;
    while (taken < limit && performance.now() - started < budget && !signal?.aborted) {
      while (failure === null && concurrency - busy < refill) await Promise.race(running).catch(() => {});
      if (failure !== null) break;
      // A connection already at its cap here waits its turn, and one holding half the pool goes after the
      // others: the claim goes to other connections first (see `claimFairly`).
      const skips = claimSkips(fairShare);
      const jobs = await claimFairly(
        storage,
        { owner, leaseMs, limit: Math.min(concurrency - busy, limit - taken) },
        skips,
      );
      if (jobs.length === 0) {
        // What is due may all belong to connections at their cap: look again once one of them frees a slot
        // (or at once when they all finished during the claim: the next claim skips nothing).
        if (skips.capped.length > 0) {
          if (running.size > 0) await Promise.race(running).catch(() => {});
          continue;
        }
        break;
      }
      taken += jobs.length;
      const readConnection = sharedReads(storage);
      // Several jobs of one connection with a batch API run as one group (batch-runner.ts).
      batchShare = Math.floor(concurrency / 2);
      const { groups, rest, release } = await batches.plan(jobs, readConnection, {
        perGroup: batchShare,
        free: concurrency - busy - jobs.length,
        grouped: (connectionId) => grouped.get(connectionId) ?? 0,
      });
      await Promise.all(release.map((job) => storage.releaseJob(job.id, owner)));
      taken -= release.length;
      result.claimed += rest.length + groups.reduce((sum, group) => sum + group.jobs.length, 0);
      for (const group of groups) start(group, readConnection);
      for (const job of rest) start(job, readConnection);
    }
    await Promise.allSettled(running);
    if (failure !== null) throw (failure as { error: unknown }).error;
    result.durationMs = Math.round(performance.now() - started);
    return result;
  }

  function startSyncWorker(options: WorkerOptions = {}): SyncWorker {
    const signal = options.signal;
    const stopped = (async () => {
      while (!signal?.aborted) {
        let result: SyncRunResult | null = null;
        try {
          result = await processBatch({ concurrency: options.concurrency ?? 4, limit: 200 }, signal);
          options.onBatch?.(result);
        } catch (error) {
          deps.logger.error("sync batch failed", { reason: describeError(error) });
        }
        await deliverQuietly();
        if (result === null || result.claimed === 0) await sleep(options.pollIntervalMs ?? 2_000, signal);
      }
    })();
    return { stopped };
  }

  return {
    enqueueEventSync,
    backfillConnection,
    scheduleBackfill,
    resolveOrganizationCalendar: (organizationId) => resolveOrganizationCalendar(deps, organizationId),
    processPendingCalendarSyncJobs: (options) => processBatch(options),
    deliverConnectionEvents,
    startSyncWorker,
  };
}
