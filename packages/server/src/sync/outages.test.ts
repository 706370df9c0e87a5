// Provider outages must not dead-letter work: a time budget for transient failures, a pause on rate
// limits, one audit row per health change, and dead letters requeued on recovery or on request.
import { describe, expect, it } from "vitest";
import { createSyncHarness, event, type SyncHarness } from "./sync.support.ts";

const ADMIN = { userId: "user_alice", organizationId: "org_acme", role: "admin" } as const;
const MINUTE = 60_000;

function liveEvents(h: SyncHarness) {
  return h.google.events(h.email, h.calendarId).filter((candidate) => candidate.status === "confirmed");
}

/** Drains, then moves the clock by `stepMs`, for `totalMs` of simulated time; `at` runs before each drain. */
async function run(
  h: SyncHarness,
  totalMs: number,
  stepMs: number,
  at: (elapsedMs: number) => void = () => {},
): Promise<{ deadLettered: number; succeeded: number }> {
  const total = { deadLettered: 0, succeeded: 0 };
  for (let elapsed = 0; elapsed <= totalMs; elapsed += stepMs) {
    at(elapsed);
    const result = await h.drain();
    total.deadLettered += result.deadLettered;
    total.succeeded += result.succeeded;
    h.clock.advance(stepMs);
  }
  return total;
}

describe("provider outages", () => {
  it("a 503 for 30 simulated minutes, then recovery: every event lands exactly once, nothing is dead-lettered", async () => {
    // The kit's default backoff (10 s doubling to 1 h) and attempt count (8), which spend 8 attempts in ~11 minutes.
    const h = await createSyncHarness({ sync: { backoff: {}, random: () => 0.5 } });
    h.google.injectFault("api", { kind: "server_error", status: 503 }, 100_000);
    const titles = ["Standup", "Planning", "Review", "Retro", "Offsite"];
    for (const [index, title] of titles.entries()) await h.put(event(`evt_${index}`, title));
    const outcome = await run(h, 4 * 60 * MINUTE, 30_000, (elapsed) => {
      if (elapsed >= 30 * MINUTE) h.google.clearFaults();
    });
    expect(outcome.deadLettered).toBe(0);
    expect(await h.storage.listDeadLetters("org_acme")).toEqual([]);
    expect(await h.storage.listJobs()).toEqual([]);
    const landed = liveEvents(h).map((e) => e.resource.summary);
    expect([...landed].sort()).toEqual([...titles].sort());
    expect(new Set(liveEvents(h).map((e) => e.id)).size).toBe(titles.length);
    expect(await h.kit.api.getConnection(ADMIN, h.connectionId)).toMatchObject({ status: "active" });
  });

  it("transient failures do not count toward maxAttempts: they are retried for the retry window, then dead-lettered", async () => {
    const h = await createSyncHarness({
      sync: {
        maxAttempts: 3,
        retryWindowMs: 2 * 60 * MINUTE,
        backoff: { baseMs: 1_000, maxMs: 10 * MINUTE },
      },
    });
    h.google.injectFault("api", { kind: "server_error", status: 503 }, 100_000);
    await h.put(event("evt_1", "Outage"));
    // Well past 3 attempts, inside the window: still retrying.
    expect((await run(h, 90 * MINUTE, MINUTE)).deadLettered).toBe(0);
    const [job] = await h.storage.listJobs();
    expect(job?.status).toBe("pending");
    expect(job?.attempts).toBeGreaterThan(3);
    // Past the window: given up, kept as a dead letter.
    expect((await run(h, 60 * MINUTE, MINUTE)).deadLettered).toBe(1);
  });

  it("a failing refresh (a mistyped client secret) is transient too: the job waits instead of dead-lettering", async () => {
    const h = await createSyncHarness({
      sync: { maxAttempts: 2, backoff: { baseMs: 1_000, maxMs: 10 * MINUTE } },
    });
    h.google.expireAccessTokens();
    h.clock.advance(60 * MINUTE);
    h.google.injectFault("token", { kind: "bad_request" }, 100_000);
    await h.put(event("evt_1", "After the fix"));
    expect((await run(h, 60 * MINUTE, MINUTE)).deadLettered).toBe(0);
    expect(await h.kit.api.getConnection(ADMIN, h.connectionId)).toMatchObject({
      status: "error",
      health: { reason: "refresh_failed" },
    });
    h.google.clearFaults();
    await run(h, 20 * MINUTE, MINUTE);
    expect(liveEvents(h).map((e) => e.resource.summary)).toEqual(["After the fix"]);
  });

  it("a failing refresh writes one audit row per health change, not one per attempt", async () => {
    const h = await createSyncHarness();
    h.google.injectFault("token", { kind: "server_error" }, 100);
    for (let round = 0; round < 3; round += 1) {
      const response = await h.call("POST", `/connections/${h.connectionId}/refresh`, { body: {} });
      expect(response.status).toBe(200);
      h.clock.advance(MINUTE);
    }
    const audit = await h.storage.listAudit("org_acme", { connectionId: h.connectionId });
    expect(audit.filter((entry) => entry.action === "connection.refresh_failed")).toHaveLength(1);
  });

  it.each([429, 403] as const)(
    "a rate limit (%s) pauses the whole connection until its retryAt: a backfill stops hitting the account",
    async (status) => {
      const h = await createSyncHarness();
      h.google.rateLimitStatus = status;
      for (let index = 0; index < 6; index += 1) await h.put(event(`evt_${index}`, `Event ${index}`));
      const before = h.google.callCount("events.insert");
      h.google.injectFault("api", { kind: "rate_limited", retryAfterSeconds: 120 }, 100);
      const first = await h.kit.sync.processPendingCalendarSyncJobs({ limit: 50, concurrency: 1 });
      expect(first).toMatchObject({ claimed: 1, retried: 1 });
      const connection = await h.kit.api.getConnection(ADMIN, h.connectionId);
      expect(connection).toMatchObject({ status: "error", health: { reason: "rate_limited" } });
      expect(new Date(connection.health?.retryAt ?? 0).getTime()).toBe(h.clock.now() + 120_000);
      // Every other job is due, but the account is not asked again before retryAt.
      h.clock.advance(60_000);
      expect(await h.drain()).toMatchObject({ claimed: 0 });
      expect(h.google.callCount("events.insert") - before).toBe(1);
      h.google.clearFaults();
      h.clock.advance(61_000);
      expect(await h.drain()).toMatchObject({ succeeded: 6 });
      expect(liveEvents(h)).toHaveLength(6);
    },
  );
});

describe("dead letters are requeued", () => {
  it("when the connection recovers from an outage", async () => {
    const h = await createSyncHarness({ sync: { maxAttempts: 1, retryWindowMs: 0 } });
    h.google.injectFault("api", { kind: "server_error", status: 503 }, 1);
    await h.put(event("evt_1", "Lost in the outage"));
    expect(await h.drain()).toMatchObject({ deadLettered: 1 });
    expect((await h.kit.api.getConnection(ADMIN, h.connectionId)).status).toBe("error");
    // The next write succeeds: the connection is active again, and what the outage dead-lettered runs.
    await h.put(event("evt_2", "After the outage"));
    await h.drain();
    expect(
      liveEvents(h)
        .map((e) => e.resource.summary)
        .sort(),
    ).toEqual(["After the outage", "Lost in the outage"]);
    expect(await h.storage.listDeadLetters("org_acme")).toEqual([]);
  });

  it("when an admin asks: POST /connections/:id/dead-letters/requeue, audited, admin-only and organization-scoped", async () => {
    const h = await createSyncHarness({ sync: { maxAttempts: 1 } });
    h.google.injectFault("api", { kind: "bad_request" }, 2);
    await h.put(event("evt_1", "One"));
    await h.put(event("evt_2", "Two"));
    expect(await h.drain()).toMatchObject({ deadLettered: 2 });
    const path = `/connections/${h.connectionId}/dead-letters/requeue`;

    const member = await h.call("POST", path, { as: "bob", body: {} });
    expect(member.status).toBe(403);
    expect(member.headers.get("content-type")).toContain("application/problem+json");
    const otherOrganization = await h.call("POST", path, { as: "carol", body: {} });
    expect(otherOrganization.status).toBe(404);
    expect(await otherOrganization.json()).toMatchObject({ code: "connection_not_found" });
    expect(await h.storage.listDeadLetters("org_acme")).toHaveLength(2);

    const response = await h.call("POST", path, { body: {} });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ requeued: 2 });
    const audit = await h.storage.listAudit("org_acme", { connectionId: h.connectionId });
    expect(audit[0]).toMatchObject({
      action: "connection.dead_letters_requeued",
      actorId: "user_alice",
      details: { requeued: 2 },
    });
    await h.drain();
    expect(liveEvents(h)).toHaveLength(2);
    expect(await h.storage.listDeadLetters("org_acme")).toEqual([]);
    expect(await h.kit.api.requeueDeadLetters(ADMIN, h.connectionId)).toEqual({ requeued: 0 });
  });
});
