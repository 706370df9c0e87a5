import * as z from "zod/mini";
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
