// Races between a connection's refresh and the admin's own actions, and credentials the keyring can
// no longer open (a key removed from it too early).

import { describe, expect, it } from "vitest";
import { parseTokenKeys } from "../crypto/keyring.ts";
import { event } from "../sync/sync.support.ts";
import { createHarness, type Harness, problem } from "./harness.support.ts";
import type { Actor } from "./options.ts";

const ALICE: Actor = { userId: "user_alice", organizationId: "org_acme", role: "admin" };
const EMAIL = "alice@acme.test";

/** Connects alice's Google account and selects a writable calendar; returns the connection and calendar ids. */
async function connected(h: Harness): Promise<{ id: string; calendarId: string }> {
  const { location } = await h.connect("alice");
  expect(location.searchParams.get("calendarConnection"), location.search).toBe("connected");
  const id = location.searchParams.get("connectionId") ?? "";
  const target = (await h.kit.api.listCalendars(ALICE, id)).find((calendar) => calendar.canWrite);
  if (target === undefined) throw new Error("no writable calendar");
  await h.kit.api.selectCalendar(ALICE, id, { calendarId: target.id });
  return { id, calendarId: target.id };
}

/** Resolves once the fake has received `count` more token calls than `before`. */
async function tokenCallsArrived(h: Harness, before: number, count = 1): Promise<void> {
  while (h.google.callCount("token") < before + count) await new Promise((r) => setTimeout(r, 1));
}

describe("a refresh that started before a reconnect", () => {
  it("does not send the reconnected grant to needs_reauth or park its jobs", async () => {
    const h = await createHarness();
    const { id, calendarId } = await connected(h);
    h.events.set("org_acme", [event("evt_race", "Race")]);
    await h.kit.sync.enqueueEventSync({ organizationId: "org_acme", eventId: "evt_race" });
    // The user removed the app's access at Google; the admin reconnects while a refresh of the old,
    // now dead grant is still on its way to the token endpoint.
    h.google.revokeGrants(EMAIL);
    h.google.setLatency(120);
    const before = h.google.callCount("token");
    const refresh = h.kit.api.refreshConnection(ALICE, id);
    await tokenCallsArrived(h, before);
    h.google.setLatency(0);
    const reconnect = await h.connect("alice");
    expect(reconnect.location.searchParams.get("calendarConnection")).toBe("connected");
    await refresh;

    expect(await h.kit.api.getConnection(ALICE, id)).toMatchObject({ status: "active", health: null });
    expect(await h.kit.sync.processPendingCalendarSyncJobs()).toMatchObject({ succeeded: 1, parked: 0 });
    expect(h.google.events(EMAIL, calendarId).map((one) => one.resource.summary)).toContain("Race");
  });
});

/** A kit over `h`'s storage whose keyring lost the key the stored tokens were sealed with. */
async function withoutTheOldKey(h: Harness): Promise<Harness> {
  const otherKey = Buffer.alloc(32, 9).toString("base64");
  return createHarness({ storage: h.storage, keyring: await parseTokenKeys(`k2:${otherKey}`) });
}

describe("credentials the keyring cannot open", () => {
  it("show on the connection's health and answer a clear problem instead of a 500", async () => {
    const sealed = await createHarness();
    const { id } = await connected(sealed);
    const h = await withoutTheOldKey(sealed);

    const calendars = await h.call("GET", `/connections/${id}/calendars`);
    expect(calendars.status).toBe(409);
    expect(await problem(calendars)).toMatchObject({ code: "credentials_unreadable" });
    const refreshed = await h.call("POST", `/connections/${id}/refresh`, { body: {} });
    expect(refreshed.status).toBe(200);
    expect(await refreshed.json()).toMatchObject({
      status: "needs_reauth",
      health: { reason: "credentials_unreadable", retryAt: null },
    });
    expect(await h.kit.api.getConnection(ALICE, id)).toMatchObject({
      status: "needs_reauth",
      health: { reason: "credentials_unreadable" },
    });
    expect(h.logs.join("\n")).not.toMatch(/ya29\.|1\/\//);
  });

  it("park the connection's jobs instead of dead-lettering them", async () => {
    const sealed = await createHarness();
    const { id } = await connected(sealed);
    const h = await withoutTheOldKey(sealed);
    h.events.set("org_acme", [event("evt_unreadable", "Unreadable")]);
    await h.kit.sync.enqueueEventSync({ organizationId: "org_acme", eventId: "evt_unreadable" });

    let deadLettered = 0;
    let parked = 0;
    for (let round = 0; round < 12; round++) {
      const result = await h.kit.sync.processPendingCalendarSyncJobs();
      deadLettered += result.deadLettered;
      parked += result.parked;
      // The storage runs on the first kit's clock.
      for (const clock of [sealed.clock, h.clock]) clock.advance(60 * 60 * 1000);
    }
    expect({ deadLettered, parked }).toEqual({ deadLettered: 0, parked: 1 });
    expect(await sealed.storage.listJobs({ connectionId: id })).toEqual([
      expect.objectContaining({ status: "parked" }),
    ]);
    expect(await h.kit.api.getConnection(ALICE, id)).toMatchObject({
      status: "needs_reauth",
      health: { reason: "credentials_unreadable" },
    });
  });

  it("still let an admin disconnect: the grant cannot be revoked, and the audit says so", async () => {
    const sealed = await createHarness();
    const { id } = await connected(sealed);
    const h = await withoutTheOldKey(sealed);
    const revokes = h.google.callCount("revoke");

    const removed = await h.call("DELETE", `/connections/${id}`);
    expect(removed.status).toBe(200);
    expect(await removed.json()).toMatchObject({ id, status: "disconnected" });
    expect(h.google.callCount("revoke")).toBe(revokes);
    const [latest] = await h.kit.api.listAudit(ALICE, id);
    expect(latest).toMatchObject({ action: "connection.disconnected", details: { revocation: "failed" } });
    expect(h.logs.join("\n")).not.toMatch(/ya29\.|1\/\//);
  });
});
