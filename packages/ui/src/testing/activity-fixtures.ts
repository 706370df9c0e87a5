import type { AuditEntry, FailingEvent, SyncActivity } from "@org/calendar-connections-core";
import type { FakeActivity } from "./fake-activity.ts";
import { FIXED_NOW } from "./fixtures.ts";

const at = (minutes: number): string => new Date(FIXED_NOW.getTime() + minutes * 60_000).toISOString();

/** `count` failing events, most recently failed first: every third one gave up, the others retry. */
export function fixtureFailingEvents(count: number, offset = 0): FailingEvent[] {
  return Array.from({ length: count }, (_, index) => {
    const number = offset + index + 1;
    const failed = number % 3 === 0;
    return {
      eventId: `evt_${number}`,
      // A failing delete: the host no longer has the event, so it has no title.
      title: number === 4 ? null : `Team sync #${number}`,
      status: failed ? "failed" : "retrying",
      attempts: failed ? 8 : (number % 5) + 1,
      lastError: number % 2 === 0 ? "Google answered 503 Service Unavailable." : "Rate limit exceeded.",
      lastFailedAt: at(-5 * number),
      nextAttemptAt: failed ? null : at(3 * number),
    };
  });
}

/** A connection's activity: 12 synced, 3 waiting, 2 failing (one retrying, one given up). */
export const FIXTURE_ACTIVITY: SyncActivity = {
  counts: { synced: 12, waiting: 3, failing: 2 },
  lastError: { message: "Google answered 503 Service Unavailable.", reason: null, at: at(-10) },
  failing: [fixtureFailingEvents(3)[1], fixtureFailingEvents(3)[2]].filter(
    (event): event is FailingEvent => event !== undefined,
  ),
  nextCursor: null,
};

/** An activity with nothing to report: every event synced. */
export const FIXTURE_ACTIVITY_QUIET: SyncActivity = {
  counts: { synced: 42, waiting: 0, failing: 0 },
  lastError: null,
  failing: [],
  nextCursor: null,
};

/** What the fake client holds for a connection with `failing` failing events (see `fixtureFailingEvents`). */
export function fixtureActivity(failing: number, counts = { synced: 12, waiting: 3 }): FakeActivity {
  return {
    ...counts,
    failing: fixtureFailingEvents(failing),
    lastError:
      failing > 0 ? { message: "Google answered 503 Service Unavailable.", reason: null, at: at(-5) } : null,
  };
}

/** A connection's audit log, newest first: what Alice and the kit did to it. */
export function fixtureAudit(connectionId = "conn_google"): AuditEntry[] {
  const entry = (
    id: string,
    action: AuditEntry["action"],
    minutes: number,
    actor: string | null,
  ): AuditEntry => ({
    id,
    organizationId: "org_acme",
    connectionId,
    actorId: actor === null ? null : "user_alice",
    actorName: actor,
    action,
    at: at(-minutes),
    details: {},
  });
  return [
    entry("aud_4", "connection.event_retried", 30, "Alice Adams"),
    entry("aud_3", "connection.health_changed", 60 * 5, null),
    entry("aud_2", "connection.calendar_selected", 60 * 24 * 2, "Alice Adams"),
    entry("aud_1", "connection.connected", 60 * 24 * 6, "Alice Adams"),
  ];
}
