import type { FailingEvent, RetryEventResponse, SyncActivity } from "@org/calendar-connections-core";
import type { ActivityPage } from "../data/client.ts";

/** What the fake server knows of one connection's sync: its counts, and its failing events in order. */
export interface FakeActivity {
  synced: number;
  waiting: number;
  /** Events marked to move into the new calendar and not moved yet. */
  moving?: number;
  failing: FailingEvent[];
  lastError?: SyncActivity["lastError"];
}

/** One page of `GET /connections/:id/activity`, like the server: the cursor is where the next page starts. */
export function activityPage(activity: FakeActivity | undefined, page: ActivityPage = {}): SyncActivity {
  const failing = activity?.failing ?? [];
  const start = page.cursor ? Number(page.cursor) : 0;
  const end = start + (page.limit ?? 20);
  return {
    counts: {
      synced: activity?.synced ?? 0,
      waiting: activity?.waiting ?? 0,
      failing: failing.length,
      moving: activity?.moving ?? 0,
    },
    lastError: activity?.lastError ?? null,
    failing: failing.slice(start, end),
    nextCursor: end < failing.length ? String(end) : null,
  };
}

/** Like the server's retry: the event is due at once (it stays listed, retrying, until the worker runs it). */
export function retryActivityEvent(
  activity: FakeActivity | undefined,
  eventId: string,
  now: Date,
): { activity: FakeActivity | undefined; answer: RetryEventResponse } {
  const known = activity?.failing.some((event) => event.eventId === eventId) ?? false;
  if (!activity || !known) return { activity, answer: { retried: false, nextAttemptAt: null } };
  const nextAttemptAt = now.toISOString();
  return {
    activity: {
      ...activity,
      failing: activity.failing.map((event) =>
        event.eventId === eventId ? { ...event, status: "retrying", nextAttemptAt } : event,
      ),
    },
    answer: { retried: true, nextAttemptAt },
  };
}

/** Like the server's requeue: every event that gave up retries now; answers how many. */
export function requeueActivity(
  activity: FakeActivity | undefined,
  now: Date,
): { activity: FakeActivity | undefined; requeued: number } {
  if (!activity) return { activity, requeued: 0 };
  const requeued = activity.failing.filter((event) => event.status === "failed").length;
  const nextAttemptAt = now.toISOString();
  return {
    activity: {
      ...activity,
      failing: activity.failing.map((event) =>
        event.status === "failed" ? { ...event, status: "retrying", nextAttemptAt } : event,
      ),
    },
    requeued,
  };
}
