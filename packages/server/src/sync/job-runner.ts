import type { HealthReason } from "@org/calendar-connections-core";
import { connectionHealth } from "../connection-health.ts";
import { isUnrepresentable } from "../events/unrepresentable.ts";
import { describeError, type Logger } from "../handler/logger.ts";
import { healthNotice, recoveredPatch } from "../notifications/notice.ts";
import type { CalendarOperations } from "../providers/define.ts";
import { isProviderError, type ProviderError } from "../providers/errors.ts";
import { healthVerdictFor } from "../providers/health.ts";
import type { ProviderRegistry } from "../providers/registry.ts";
import type {
  CalendarStorage,
  ConnectionRecord,
  JobOutcomeWrite,
  StoredHealth,
  SyncJob,
} from "../storage/types.ts";
import { ConnectionUnusableError, type TokenManager } from "../tokens/token-manager.ts";
import { retryDelayMs } from "./backoff.ts";
import { type LinkChange, writeEvent } from "./event-write.ts";
import type { GetEvent, InviteAttendees, SyncSettings } from "./types.ts";

export interface RunnerDeps {
  readonly storage: CalendarStorage;
  readonly tokens: TokenManager;
  readonly providers: ProviderRegistry;
  readonly getEvent: GetEvent;
  /** The organization's attendee policy. Default: never invite. */
  readonly inviteAttendees?: InviteAttendees | undefined;
  readonly logger: Logger;
  readonly now: () => Date;
  readonly settings: SyncSettings;
  readonly random: () => number;
}

const LAST_SYNCED_RESOLUTION_MS = 30_000;

/** 24 hours: the least time transient failures are retried for before a job is dead-lettered. */
const DEFAULT_RETRY_WINDOW_MS = 24 * 60 * 60 * 1000;

/**
 * How a failure spends a job's retries: `waiting` (a rate limit) never dead-letters, `transient` (an
 * outage, a timeout, a failed token refresh) once `retryWindowMs` has passed, `counted` (anything
 * else) after `maxAttempts` attempts.
 */
type FailureKind = "waiting" | "transient" | "counted";

/** How one job ended, for the batch's counts. */
export type JobOutcome = "succeeded" | "retried" | "parked" | "dead_lettered" | "lost";

/** Completes a job held by the runner's owner with its outcome; true when the lease still held. */
export type CompleteJob = (jobId: string, outcome?: JobOutcomeWrite) => Promise<boolean>;

/**
 * Runs claimed jobs: writes the event's current state to the connection's calendar, or deletes it.
 * `complete` records a finished job (default: the storage's `completeJob`, one call per job).
 */
export function createJobRunner(
  deps: RunnerDeps,
  owner: string,
  complete: CompleteJob = (jobId, outcome) => deps.storage.completeJob(jobId, owner, outcome),
) {
  const { storage, logger } = deps;
  const maxAttempts = deps.settings.maxAttempts ?? 8;
  const retryWindowMs = deps.settings.retryWindowMs ?? DEFAULT_RETRY_WINDOW_MS;

  /**
   * Records a health change with one audit row. False when the connection's credentials changed
   * since the job read it (an admin reconnected meanwhile): the failure was the old grant's, and the
   * fresh connection keeps its health.
   */
  async function setHealth(
    record: ConnectionRecord,
    status: "needs_reauth" | "error",
    value: StoredHealth,
  ): Promise<boolean> {
    // The token manager may have recorded this very failure while the job ran (a failed refresh).
    const latest = (await storage.getConnection(record.organizationId, record.id)) ?? record;
    if (latest.tokenVersion !== record.tokenVersion) return false;
    if (latest.status === status && latest.health?.reason === value.reason) {
      // Same health: no new audit row, but a later rate-limit retry time extends the connection's pause.
      const current = latest.health?.retryAt?.getTime() ?? 0;
      if (value.reason === "rate_limited" && value.retryAt !== null && value.retryAt.getTime() > current)
        await storage.updateConnection(record.organizationId, record.id, { health: value });
      return true;
    }
    const updated = await storage.updateConnection(record.organizationId, record.id, {
      status,
      health: value,
      expectedTokenVersion: record.tokenVersion,
      audit: {
        actorId: null,
        action: "connection.health_changed",
        details: { status, reason: value.reason },
        notify: healthNotice(status, value.reason),
      },
    });
    return updated !== null;
  }

  /** Whether the connection's last token refresh failed (the token manager recorded it as its health). */
  async function refreshFailed(job: SyncJob): Promise<boolean> {
    const latest = await storage.getConnection(job.organizationId, job.connectionId);
    return latest?.health?.reason === "refresh_failed";
  }

  async function parkAll(
    record: ConnectionRecord,
    job: SyncJob,
    reason: HealthReason,
    message?: string | null,
  ): Promise<JobOutcome> {
    const recorded = await setHealth(
      record,
      reason === "calendar_not_found" ? "error" : "needs_reauth",
      connectionHealth(reason, null, message),
    );
    // Reconnected while the job ran: the new grant gets the job again.
    if (!recorded) return (await retry(job, `${reason} (before a reconnect)`, null, "counted")).outcome;
    await storage.parkJob(job.id, owner, reason);
    if (reason !== "calendar_not_found") await storage.parkConnectionJobs(record.organizationId, record.id);
    return "parked";
  }

  /** Whether a job that failed this way has run out of retries. */
  function exhausted(job: SyncJob, failure: FailureKind): boolean {
    if (failure === "waiting") return false;
    if (job.attempts < maxAttempts) return false;
    return failure === "counted" || deps.now().getTime() - job.createdAt.getTime() >= retryWindowMs;
  }

  /** Reschedules with backoff, or dead-letters once the failure's budget is spent (see `FailureKind`). */
  async function retry(
    job: SyncJob,
    error: string,
    retryAfterMs: number | null,
    failure: FailureKind,
  ): Promise<{ outcome: JobOutcome; runAfter: Date | null }> {
    if (exhausted(job, failure)) {
      await storage.deadLetterJob(job.id, owner, error);
      logger.warn("sync job dead-lettered", {
        jobId: job.id,
        connectionId: job.connectionId,
        attempts: job.attempts,
      });
      return { outcome: "dead_lettered", runAfter: null };
    }
    const delay = retryDelayMs(job.attempts, deps.random, deps.settings.backoff, retryAfterMs);
    const runAfter = new Date(deps.now().getTime() + delay);
    const ok = await storage.failJob(job.id, owner, { error, runAfter });
    return { outcome: ok ? "retried" : "lost", runAfter };
  }

  async function onProviderError(
    record: ConnectionRecord,
    job: SyncJob,
    error: ProviderError,
  ): Promise<JobOutcome> {
    const summary = error.message;
    const verdict = healthVerdictFor(error);
    switch (verdict?.reason) {
      case "token_revoked":
      case "scope_missing":
      case "calendar_not_found":
        return parkAll(record, job, verdict.reason, error.healthMessage);
      case "rate_limited": {
        // Waiting out a rate limit is not a failure of the job: it never dead-letters for it. The whole
        // connection pauses until retryAt (claims skip it), so a backfill stops hitting the account.
        const { outcome, runAfter } = await retry(job, summary, error.retryAfterMs, "waiting");
        const retryAt = new Date(deps.now().getTime() + (error.retryAfterMs ?? 0));
        await setHealth(
          record,
          "error",
          connectionHealth("rate_limited", runAfter ?? retryAt, error.healthMessage),
        );
        return outcome;
      }
      case "provider_unavailable": {
        const { outcome, runAfter } = await retry(job, summary, error.retryAfterMs, "transient");
        await setHealth(
          record,
          "error",
          connectionHealth("provider_unavailable", runAfter, error.healthMessage),
        );
        return outcome;
      }
      default:
        return (await retry(job, summary, null, (await refreshFailed(job)) ? "transient" : "counted"))
          .outcome;
    }
  }

  /**
   * Runs one job. `record` is the job's connection as the batch read it moments ago (jobs claimed
   * together share one read); without it the runner reads the row itself. `calendar` replaces the
   * provider's operations (a batch session's, see `batch-runner.ts`).
   */
  return async function runJob(
    job: SyncJob,
    shared?: ConnectionRecord | null,
    calendar?: CalendarOperations,
  ): Promise<JobOutcome> {
    const record =
      shared === undefined ? await storage.getConnection(job.organizationId, job.connectionId) : shared;
    if (record === null || record.status === "disconnected") {
      return (await complete(job.id)) ? "succeeded" : "lost";
    }
    if (record.status === "needs_reauth") {
      await storage.parkJob(job.id, owner, "connection needs reconnect");
      return "parked";
    }
    const writer = deps.providers.writer(record.provider);
    const target = writer === null || calendar === undefined ? writer : { ...writer, calendar };
    if (target === null)
      return (await retry(job, `${record.provider} is not configured on this worker`, null, "counted"))
        .outcome;
    if (record.calendarId === null) {
      // Resumed when an admin picks the calendar.
      await storage.parkJob(job.id, owner, "no calendar selected");
      return "parked";
    }
    let link: LinkChange;
    try {
      link = await writeEvent(deps, record, job, target, record.calendarId);
    } catch (error) {
      if (isProviderError(error)) return onProviderError(record, job, error);
      if (isUnrepresentable(error)) {
        // No retry changes the event: dead-lettered now, its message shown with the failed event.
        await storage.deadLetterJob(job.id, owner, error.message);
        logger.warn("sync job dead-lettered: event cannot be written", {
          jobId: job.id,
          connectionId: job.connectionId,
        });
        return "dead_lettered";
      }
      if (error instanceof ConnectionUnusableError) {
        const latest = await storage.getConnection(job.organizationId, job.connectionId);
        if (latest?.status === "needs_reauth") {
          await storage.parkJob(job.id, owner, error.reason);
          return "parked";
        }
      }
      logger.error("sync job failed", {
        jobId: job.id,
        connectionId: job.connectionId,
        reason: describeError(error),
      });
      return (await retry(job, describeError(error), null, "counted")).outcome;
    }
    // "Last synced" is shown to the minute: write it at most every 30 s (health is cleared at once).
    // The link and "last synced" are written with the completion, in one round trip, and only if
    // this worker still holds the lease.
    const now = deps.now();
    const stale =
      record.lastSyncedAt === null ||
      now.getTime() - record.lastSyncedAt.getTime() >= LAST_SYNCED_RESOLUTION_MS;
    if (record.status === "error") {
      await storage.updateConnection(record.organizationId, record.id, {
        lastSyncedAt: now,
        ...recoveredPatch(),
      });
      // Recovered: what the failure dead-lettered runs again.
      await storage.requeueDeadLetters(record.organizationId, record.id);
    }
    const outcome: JobOutcomeWrite = {
      ...(link === undefined ? {} : { link }),
      ...(stale && record.status !== "error" ? { lastSyncedAt: now } : {}),
    };
    return (await complete(job.id, outcome)) ? "succeeded" : "lost";
  };
}
