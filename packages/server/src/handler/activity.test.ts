import type { Problem, SyncActivity } from "@org/calendar-connections-core";
import { describe, expect, it } from "vitest";
import { createSyncHarness, event, type SyncHarness } from "../sync/sync.support.ts";

const ADMIN = { userId: "user_alice", organizationId: "org_acme", role: "admin" } as const;

const activityOf = async (h: SyncHarness, query = ""): Promise<SyncActivity> => {
  const response = await h.call("GET", `/connections/${h.connectionId}/activity${query}`);
  expect(response.status).toBe(200);
  return (await response.json()) as SyncActivity;
};

/** alice's Google connection with one event synced and two failing (the API answered 503 twice). */
async function withFailures(): Promise<SyncHarness> {
  const h = await createSyncHarness();
  h.events.set("org_acme", [event("evt_ok", "Standup")]);
  await h.put(event("evt_ok", "Standup"));
  await h.drain();
  h.google.injectFault("api", { kind: "server_error", status: 503 }, 20);
  await h.put(event("evt_a", "Board review"));
  await h.put(event("evt_b", "Offsite"));
  // Both run at once, so both meet the outage (one after the other, the second would wait it out).
  await h.kit.sync.processPendingCalendarSyncJobs({ limit: 10, concurrency: 2 });
  h.google.clearFaults();
  return h;
}

describe("GET /connections/:id/activity", () => {
  it("counts synced, waiting and failing events and lists the failing ones with the host's titles", async () => {
    const h = await withFailures();
    const activity = await activityOf(h);
    expect(activity.counts).toEqual({ synced: 1, waiting: 0, failing: 2, moving: 0 });
    expect(activity.lastError).toMatchObject({ reason: "provider_unavailable" });
    expect(activity.failing.map((one) => one.title).sort()).toEqual(["Board review", "Offsite"]);
    for (const one of activity.failing) {
      expect(one).toMatchObject({ status: "retrying", attempts: 1 });
      expect(one.lastError).not.toBeNull();
      expect(Date.parse(one.nextAttemptAt ?? "")).toBeGreaterThan(h.clock.now());
    }
    expect(activity.nextCursor).toBeNull();
  });

  it("pages with an opaque cursor and refuses a bad limit or cursor with a 400", async () => {
    const h = await withFailures();
    const first = await activityOf(h, "?limit=1");
    expect(first.failing).toHaveLength(1);
    expect(first.nextCursor).not.toBeNull();
    const second = await activityOf(h, `?limit=1&cursor=${first.nextCursor}`);
    expect(second.failing).toHaveLength(1);
    expect(second.failing[0]?.eventId).not.toBe(first.failing[0]?.eventId);
    expect(second.nextCursor).toBeNull();
    for (const query of [
      "?limit=0",
      "?limit=51",
      "?limit=two",
      "?cursor=not-a-cursor",
      "?cursor=%E2%9C%93",
    ]) {
      const refused = await h.call("GET", `/connections/${h.connectionId}/activity${query}`);
      expect(refused.status, query).toBe(400);
      expect(((await refused.json()) as Problem).code).toBe("validation_failed");
    }
  });

  it("is scoped to the admin's organization", async () => {
    const h = await withFailures();
    const foreign = await h.call("GET", `/connections/${h.connectionId}/activity`, { as: "carol" });
    expect(foreign.status).toBe(404);
    const member = await h.call("GET", `/connections/${h.connectionId}/activity`, { as: "bob" });
    expect(member.status).toBe(403);
  });

  it("shows a dead letter as failed with no next attempt, and Retry lands it", async () => {
    const h = await createSyncHarness({ sync: { maxAttempts: 1, backoff: { baseMs: 1_000, maxMs: 1_000 } } });
    h.google.injectFault("api", { kind: "bad_request" }, 1);
    await h.put(event("evt_bad", "Quarterly review"));
    await h.drain();
    const activity = await activityOf(h);
    expect(activity.counts).toEqual({ synced: 0, waiting: 0, failing: 1, moving: 0 });
    expect(activity.failing).toEqual([
      expect.objectContaining({
        eventId: "evt_bad",
        title: "Quarterly review",
        status: "failed",
        nextAttemptAt: null,
      }),
    ]);

    const retried = await h.call("POST", `/connections/${h.connectionId}/events/evt_bad/retry`, { body: {} });
    expect(retried.status).toBe(200);
    expect(await retried.json()).toEqual({
      retried: true,
      nextAttemptAt: new Date(h.clock.now()).toISOString(),
    });
    await h.drain();
    expect((await activityOf(h)).counts).toEqual({ synced: 1, waiting: 0, failing: 0, moving: 0 });
    const [latest] = await h.kit.api.listAudit(ADMIN, h.connectionId);
    expect(latest).toMatchObject({ action: "connection.event_retried", details: { eventId: "evt_bad" } });
  });

  it("Retry makes a job waiting out its backoff due when the connection's pause ends, and says when", async () => {
    const h = await withFailures();
    const paused = (await h.kit.api.getConnection(ADMIN, h.connectionId)).health?.retryAt ?? "";
    expect(Date.parse(paused)).toBeGreaterThan(h.clock.now());
    for (const eventId of ["evt_a", "evt_b"]) {
      const path = `/connections/${h.connectionId}/events/${eventId}/retry`;
      const retried = await h.call("POST", path, { body: {} });
      expect(await retried.json()).toEqual({ retried: true, nextAttemptAt: paused });
    }
    const jobs = await h.storage.listJobs({ connectionId: h.connectionId });
    expect(jobs.map((job) => job.runAfter.getTime())).toEqual([h.clock.now(), h.clock.now()]);
    // The outage's pause still holds; once it ends both land, without waiting for their own backoff.
    expect(await h.kit.sync.processPendingCalendarSyncJobs()).toMatchObject({ claimed: 0 });
    h.clock.advance(Date.parse(paused) - h.clock.now());
    expect(await h.kit.sync.processPendingCalendarSyncJobs()).toMatchObject({ succeeded: 2 });
    const nothing = await h.call("POST", `/connections/${h.connectionId}/events/evt_ok/retry`, { body: {} });
    expect(await nothing.json()).toEqual({ retried: false, nextAttemptAt: null });
    const foreign = await h.call("POST", `/connections/${h.connectionId}/events/evt_a/retry`, {
      as: "carol",
      body: {},
    });
    expect(foreign.status).toBe(404);
  });
});
