import { describe, expect, it } from "vitest";
import { deterministicEventId } from "../providers/event-id.ts";
import { createSyncHarness, event, liveTitles, type SyncHarness } from "./sync.support.ts";

const ADMIN = { userId: "user_alice", organizationId: "org_acme", role: "admin" } as const;

const titles = (h: SyncHarness, calendarId: string): string[] => liveTitles(h, calendarId);

/** Google: "Team events" chosen first (A), then the primary calendar (B), as in the demo. */
async function syncedThenChanged(): Promise<{ h: SyncHarness; a: string; b: string }> {
  const h = await createSyncHarness();
  const a = h.calendarId;
  await h.put(event("evt_board", "Board review"));
  await h.put(event("evt_standup", "Standup"));
  await h.drain();
  expect(titles(h, a)).toEqual(["Board review", "Standup"]);
  const b = h.email;
  await h.kit.api.selectCalendar(ADMIN, h.connectionId, { calendarId: b });
  await h.drain();
  return { h, a, b };
}

describe("changing the target calendar", () => {
  it("leaves synced events in their calendar and copies none into the new one", async () => {
    const { h, a, b } = await syncedThenChanged();
    expect(titles(h, a)).toEqual(["Board review", "Standup"]);
    expect(titles(h, b)).toEqual([]);
    expect(await h.storage.getEventLink("org_acme", h.connectionId, "evt_board")).toMatchObject({
      calendarId: a,
      externalId: deterministicEventId(h.connectionId, "evt_board"),
    });
  });

  it("updates and deletes an event where it lives, and writes only new events to the new calendar", async () => {
    const { h, a, b } = await syncedThenChanged();
    await h.put(event("evt_standup", "Standup (renamed)"));
    await h.remove("evt_board");
    await h.put(event("evt_offsite", "Offsite"));
    expect(await h.drain()).toMatchObject({ deadLettered: 0, parked: 0, retried: 0 });
    // A keeps nothing stale: the rename landed there and the deleted event is gone from it.
    expect(titles(h, a)).toEqual(["Standup (renamed)"]);
    expect(titles(h, b)).toEqual(["Offsite"]);
    expect(await h.storage.getEventLink("org_acme", h.connectionId, "evt_board")).toBeNull();
    expect(await h.storage.getEventLink("org_acme", h.connectionId, "evt_standup")).toMatchObject({
      calendarId: a,
    });
    expect(await h.storage.getEventLink("org_acme", h.connectionId, "evt_offsite")).toMatchObject({
      calendarId: b,
    });
  });

  it("choosing the old calendar again duplicates nothing", async () => {
    const { h, a, b } = await syncedThenChanged();
    await h.put(event("evt_offsite", "Offsite"));
    await h.drain();
    await h.kit.api.selectCalendar(ADMIN, h.connectionId, { calendarId: a });
    await h.drain();
    expect(titles(h, a)).toEqual(["Board review", "Standup"]);
    expect(titles(h, b)).toEqual(["Offsite"]);
  });

  it("an old calendar deleted: its updated events go to the new one, its deletes are done", async () => {
    const { h, a, b } = await syncedThenChanged();
    h.google.deleteCalendar(h.email, a);
    await h.put(event("evt_standup", "Standup (moved)"));
    await h.remove("evt_board");
    expect(await h.drain()).toMatchObject({ succeeded: 2, parked: 0, retried: 0 });
    expect(titles(h, b)).toEqual(["Standup (moved)"]);
    expect(await h.storage.getEventLink("org_acme", h.connectionId, "evt_standup")).toMatchObject({
      calendarId: b,
    });
    expect(await h.storage.getEventLink("org_acme", h.connectionId, "evt_board")).toBeNull();
    expect(await h.kit.api.getConnection(ADMIN, h.connectionId)).toMatchObject({
      status: "active",
      health: null,
    });
  });
});
