import * as z from "zod/mini";
import { HealthReason } from "./enums.ts";
import { LIMITS } from "./limits.ts";
import { count, nonNegative, Timestamp, text, upTo } from "./primitives.ts";

/** `POST /cron/sync` response: what one bounded batch did. */
export const SyncRunResult = z.object({
  claimed: count(),
  succeeded: count(),
  retried: count(),
  deadLettered: count(),
  parked: count(),
  durationMs: nonNegative(),
});
export type SyncRunResult = z.infer<typeof SyncRunResult>;

/** An event the sync gave up on after its attempts ran out; a new change to the event tries again. */
export const DeadLetter = z.object({
  id: text(LIMITS.id),
  connectionId: text(LIMITS.id),
  eventId: text(LIMITS.id),
  attempts: count(),
  lastError: z.nullable(upTo(LIMITS.message)),
  failedAt: Timestamp,
});
export type DeadLetter = z.infer<typeof DeadLetter>;

/** `GET /connections/:id/dead-letters`, newest first. */
export const DeadLetterList = z.object({
  deadLetters: z.array(DeadLetter),
});
export type DeadLetterList = z.infer<typeof DeadLetterList>;

/**
 * An event whose sync failed: `retrying` waits for its next attempt, `failed` gave up (a dead letter,
 * tried again when the event changes or an admin retries it).
 */
export const FailingEvent = z.object({
  eventId: text(LIMITS.id),
  /** The event's title from the host, or null when the host no longer has it (a failing delete). */
  title: z.nullable(upTo(LIMITS.name)),
  status: z.enum(["retrying", "failed"]),
  attempts: count(),
  lastError: z.nullable(upTo(LIMITS.message)),
  lastFailedAt: Timestamp,
  /** When the worker tries again; null once it gave up. */
  nextAttemptAt: z.nullable(Timestamp),
});
export type FailingEvent = z.infer<typeof FailingEvent>;

/**
 * `GET /connections/:id/activity`: what the connection's sync did and is doing. `synced`: events in
 * the calendar; `waiting`: changes queued and not failed; `failing`: events whose sync failed and
 * waits for a retry or gave up. `failing` lists them most recently failed first, a page at a time
 * (`?cursor=` the previous page's `nextCursor`, `?limit=` 1–50, default 20).
 */
export const SyncActivity = z.object({
  /**
   * `moving`: events being moved into the connection's new calendar (`PATCH … existingEvents: "move"`),
   * not moved yet; servers before it leave it out.
   */
  counts: z.object({ synced: count(), waiting: count(), failing: count(), moving: z.optional(count()) }),
  lastError: z.nullable(
    z.object({
      message: upTo(LIMITS.message),
      /** The connection's health reason while it is unhealthy, else null. */
      reason: z.nullable(HealthReason),
      at: Timestamp,
    }),
  ),
  failing: z.array(FailingEvent),
  nextCursor: z.nullable(text(LIMITS.id)),
});
export type SyncActivity = z.infer<typeof SyncActivity>;

/**
 * `POST /connections/:id/events/:eventId/retry`: whether a failed or waiting job of the event was made
 * due, and when it runs: now, or when the connection's pause ends (a rate limit or an outage).
 */
export const RetryEventResponse = z.object({
  retried: z.boolean(),
  nextAttemptAt: z.nullable(Timestamp),
});
export type RetryEventResponse = z.infer<typeof RetryEventResponse>;
