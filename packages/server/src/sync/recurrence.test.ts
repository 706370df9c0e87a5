import { describe, expect, it } from "vitest";
import { createSyncHarness, event, type SyncHarness } from "./sync.support.ts";

const ADMIN = { userId: "user_alice", organizationId: "org_acme", role: "admin" } as const;

const series = event("class", "Yoga class", {
  start: new Date("2026-06-01T08:00:00Z"),
  end: new Date("2026-06-01T09:00:00Z"),
  timeZone: "Europe/Berlin",
  recurrence: ["RRULE:FREQ=WEEKLY;BYDAY=MO;COUNT=4"],
  url: "https://app.test/classes/yoga",
  transparency: "busy",
});

/** The second instance, moved to the Tuesday afternoon. */
const moved = {
  originalStart: new Date("2026-06-08T08:00:00Z"),
  start: new Date("2026-06-09T15:00:00Z"),
  end: new Date("2026-06-09T16:00:00Z"),
};

/** The series' live instances at the harness' fake, as `start` in UTC, read from what the fake shows. */
async function instances(h: SyncHarness, provider: "google" | "microsoft"): Promise<string[]> {
  if (provider === "google") {
    const [master] = h.google
      .events(h.email, h.calendarId)
      .filter((candidate) => Array.isArray(candidate.resource.recurrence));
    if (master === undefined || master.status === "cancelled") return [];
    return h.google
      .instancesOf(h.email, h.calendarId, master.id)
      .filter((instance) => instance.status !== "cancelled")
      .map((instance) => String((instance.start as { dateTime: string }).dateTime).slice(0, 16));
  }
  return h.microsoft
    .calendarView(h.email, h.calendarId, "2026-05-01T00:00:00Z", "2026-08-01T00:00:00Z")
    .map((item) => String((item.start as { dateTime: string }).dateTime).slice(0, 16));
}

describe.each(["google", "microsoft"] as const)(
  "a recurring event's life through the sync (%s)",
  (provider) => {
    it("is created, one instance moved, one cancelled, then the series deleted", async () => {
      const h = await createSyncHarness({}, { provider });
      await h.put(series);
      expect((await h.drain()).succeeded).toBe(1);
      expect(await instances(h, provider)).toEqual([
        "2026-06-01T08:00",
        "2026-06-08T08:00",
        "2026-06-15T08:00",
        "2026-06-22T08:00",
      ]);

      await h.put({
        ...series,
        overrides: [moved],
      });
      await h.drain();
      expect(await instances(h, provider)).toEqual([
        "2026-06-01T08:00",
        "2026-06-09T15:00",
        "2026-06-15T08:00",
        "2026-06-22T08:00",
      ]);

      await h.put({
        ...series,
        overrides: [moved, { originalStart: new Date("2026-06-15T08:00:00Z"), cancelled: true }],
      });
      await h.drain();
      expect(await instances(h, provider)).toEqual([
        "2026-06-01T08:00",
        "2026-06-09T15:00",
        "2026-06-22T08:00",
      ]);

      await h.remove("class");
      await h.drain();
      expect(await instances(h, provider)).toEqual([]);
    });

    it("dead-letters an event whose zone is unknown at once, with the reason an admin reads", async () => {
      const h = await createSyncHarness({}, { provider });
      await h.put({ ...series, timeZone: "Mars/Olympus_Mons" });
      expect(await h.drain()).toMatchObject({ deadLettered: 1, retried: 0 });
      const dead = await h.kit.api.listDeadLetters(ADMIN, h.connectionId);
      expect(dead[0]?.lastError).toBe('The event\'s time zone "Mars/Olympus_Mons" is not a known IANA zone.');
    });
  },
);

describe("the attendee policy", () => {
  const meeting = event("meeting", "Review", {
    attendees: [{ email: "guest@example.com", name: "Guest" }],
  });

  it("never writes attendees (nor mails anyone) unless the organization's policy invites", async () => {
    const h = await createSyncHarness();
    await h.put(meeting);
    await h.drain();
    const [written] = h.google.events(h.email, h.calendarId);
    expect(written?.resource.attendees).toBeUndefined();
    expect(h.google.invitations()).toEqual([]);
  });

  it("writes them with sendUpdates=all for an organization that opted in", async () => {
    const h = await createSyncHarness({ inviteAttendees: (organizationId) => organizationId === "org_acme" });
    await h.put(meeting);
    await h.drain();
    const [written] = h.google.events(h.email, h.calendarId);
    expect(written?.resource.attendees).toEqual([{ email: "guest@example.com", displayName: "Guest" }]);
    expect(h.google.invitations()).toEqual([written?.id]);
  });
});
