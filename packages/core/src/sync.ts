import * as z from "zod/mini";
import { LIMITS } from "./limits.ts";
import { Timestamp, text } from "./primitives.ts";

/** `POST /cron/sync` response: what one bounded batch did. */
export const SyncRunResult = z.object({
  claimed: z.int().check(z.nonnegative()),
  succeeded: z.int().check(z.nonnegative()),
  retried: z.int().check(z.nonnegative()),
  deadLettered: z.int().check(z.nonnegative()),
  parked: z.int().check(z.nonnegative()),
  durationMs: z.number().check(z.nonnegative()),
});
export type SyncRunResult = z.infer<typeof SyncRunResult>;

/** An event the sync gave up on after its attempts ran out; a new change to the event tries again. */
export const DeadLetter = z.object({
  id: text(LIMITS.id),
  connectionId: text(LIMITS.id),
  eventId: text(LIMITS.id),
  attempts: z.int().check(z.nonnegative()),
  lastError: z.nullable(z.string().check(z.maxLength(LIMITS.message))),
  failedAt: Timestamp,
});
export type DeadLetter = z.infer<typeof DeadLetter>;

/** `GET /connections/:id/dead-letters`, newest first. */
export const DeadLetterList = z.object({
  deadLetters: z.array(DeadLetter),
});
export type DeadLetterList = z.infer<typeof DeadLetterList>;
