import type { Connection, SyncActivity } from "@org/calendar-connections-core";
import { describe, expect, it } from "vitest";
import { createSyncHarness, event, liveTitles, type SyncHarness } from "./sync.support.ts";

// What an admin decides about the events already synced: move them with a calendar change, or
// remove them before a disconnect. Both run through the sync queue.

const ADMIN = { userId: "user_alice", organizationId: "org_acme", role: "admin" } as const;

const titles = (h: SyncHarness, calendarId: string): string[] => liveTitles(h, calendarId);

async function synced(): Promise<SyncHarness> {
  const h = await createSyncHarness();
  await h.put(event("evt_board", "Board review"));
  await h.put(event("evt_standup", "Standup"));
  await h.drain();
  expect(titles(h, h.calendarId)).toEqual(["Board review", "Standup"]);
  return h;
}

describe("changing the calendar with existingEvents: move", () => {
  it("moves every synced event: gone from the old calendar, once in the new one, and later edits follow", async () => {
    const h = await synced();
    const primary = h.email;
    const response = await h.call("PATCH", `/connections/${h.connectionId}`, {
      body: { calendarId: primary, existingEvents: "move" },
    });
    expect(response.status).toBe(200);
    // Until the worker ran, the activity says how many are on their way.
    const before = (await (
      await h.call("GET", `/connections/${h.connectionId}/activity`)
    ).json()) as SyncActivity;
    expect(before.counts.moving).toBe(2);
    expect(await h.drain()).toMatchObject({ deadLettered: 0, parked: 0 });
    const after = (await (
      await h.call("GET", `/connections/${h.connectionId}/activity`)
    ).json()) as SyncActivity;
    expect(after.counts).toMatchObject({ moving: 0, synced: 2 });
    expect(titles(h, h.calendarId)).toEqual([]);
    expect(titles(h, primary)).toEqual(["Board review", "Standup"]);
    expect(await h.storage.getEventLink("org_acme", h.connectionId, "evt_board")).toMatchObject({
      calendarId: primary,
      pending: null,
    });
    await h.put(event("evt_board", "Board review (moved)"));
    await h.drain();
    expect(titles(h, primary)).toEqual(["Board review (moved)", "Standup"]);
    expect(titles(h, h.calendarId)).toEqual([]);
  });

  it("finishes the move after a crash between the delete and the create, without a copy or a loss", async () => {
    const h = await synced();
    await h.kit.api.selectCalendar(ADMIN, h.connectionId, { calendarId: h.email, existingEvents: "move" });
    // The worker dies after deleting in the old calendar, as it records the create's intent.
    const upsert = h.storage.upsertEventLink.bind(h.storage);
    let crashes = 0;
    h.storage.upsertEventLink = async (link) => {
      if (link.externalId === null && crashes++ === 0) throw new Error("the worker died");
      return upsert(link);
    };
    await h.kit.sync.processPendingCalendarSyncJobs({ limit: 10, concurrency: 1 });
    h.storage.upsertEventLink = upsert;
    expect(crashes).toBeGreaterThan(0);
    // The crashed one is in neither calendar now; its retry must create it in the new one.
    expect(titles(h, h.calendarId)).toEqual([]);
    expect(titles(h, h.email)).toHaveLength(1);
    h.clock.advance(10 * 60_000);
    await h.drain();
    expect(titles(h, h.calendarId)).toEqual([]);
    expect(titles(h, h.email)).toEqual(["Board review", "Standup"]);
  });

  it("leaves the events where they are by default", async () => {
    const h = await synced();
    await h.call("PATCH", `/connections/${h.connectionId}`, { body: { calendarId: h.email } });
    await h.drain();
    expect(titles(h, h.calendarId)).toEqual(["Board review", "Standup"]);
    expect(titles(h, h.email)).toEqual([]);
    const refused = await h.call("PATCH", `/connections/${h.connectionId}`, {
      body: { calendarId: h.email, existingEvents: "copy" },
    });
    expect(refused.status).toBe(400);
  });
});

describe("disconnecting with removeEvents=true", () => {
  it("removes the events through the queue, shows the progress, then disconnects and revokes", async () => {
    const h = await synced();
    const revokes = h.google.callCount("revoke");
    const accepted = await h.call("DELETE", `/connections/${h.connectionId}?removeEvents=true`);
    expect(accepted.status).toBe(202);
    const pending = (await accepted.json()) as Connection;
    expect(pending.status).toBe("active");
    expect(pending.disconnectRequestedAt).toBe(new Date(h.clock.now()).toISOString());
    // New events no longer go to it, and its activity shows the removals waiting.
    await h.put(event("evt_new", "New"));
    const activity = (await (
      await h.call("GET", `/connections/${h.connectionId}/activity`)
    ).json()) as SyncActivity;
    expect(activity.counts.waiting).toBe(2);
    // Asking again changes nothing.
    expect((await h.call("DELETE", `/connections/${h.connectionId}?removeEvents=true`)).status).toBe(202);
    expect(h.google.callCount("revoke")).toBe(revokes);

    await h.drain();
    h.clock.advance(10_000);
    await h.drain();
    expect(titles(h, h.calendarId)).toEqual([]);
    const after = await h.kit.api.getConnection(ADMIN, h.connectionId);
    expect(after.status).toBe("disconnected");
    expect(h.google.callCount("revoke")).toBe(revokes + 1);
    const [latest] = await h.kit.api.listAudit(ADMIN, h.connectionId);
    expect(latest).toMatchObject({
      action: "connection.disconnected",
      actorId: "user_alice",
      details: { revocation: "revoked", eventsLeft: 0 },
    });
    expect(await h.storage.listJobs({ connectionId: h.connectionId })).toEqual([]);
  });

  it("disconnects at once without removeEvents, and refuses a malformed value", async () => {
    const h = await synced();
    expect((await h.call("DELETE", `/connections/${h.connectionId}?removeEvents=yes`)).status).toBe(400);
    const done = await h.call("DELETE", `/connections/${h.connectionId}`);
    expect(done.status).toBe(200);
    expect(titles(h, h.calendarId)).toEqual(["Board review", "Standup"]);
  });

  it("disconnects at once when the grant cannot remove anything, and says how many events stay", async () => {
    const h = await synced();
    h.google.revokeGrants(h.email);
    h.google.expireAccessTokens();
    await h.put(event("evt_after", "After the revoke"));
    await h.drain();
    expect((await h.kit.api.getConnection(ADMIN, h.connectionId)).status).toBe("needs_reauth");
    const done = await h.call("DELETE", `/connections/${h.connectionId}?removeEvents=true`);
    expect(done.status).toBe(200);
    expect(((await done.json()) as Connection).status).toBe("disconnected");
    const [latest] = await h.kit.api.listAudit(ADMIN, h.connectionId);
    expect(latest).toMatchObject({ action: "connection.disconnected", details: { eventsLeft: 2 } });
  });
});
