import { describe, expect, it } from "vitest";
import { deterministicEventId } from "../providers/event-id.ts";
import { createSyncHarness, event, type SyncHarness } from "./sync.support.ts";

const ADMIN = { userId: "user_alice", organizationId: "org_acme", role: "admin" } as const;

function liveEvents(h: SyncHarness, calendarId = h.calendarId) {
  const fake = h.google;
  return fake.events(h.email, calendarId).filter((candidate) => candidate.status === "confirmed");
}

describe("sync to Google", () => {
  it("creates, updates and deletes the event under a deterministic id", async () => {
    const h = await createSyncHarness();
    expect(await h.put(event("evt_1", "Kickoff"))).toBe(1);
    expect(await h.drain()).toMatchObject({ claimed: 1, succeeded: 1 });
    const id = deterministicEventId(h.connectionId, "evt_1");
    expect(liveEvents(h).map((e) => [e.id, e.resource.summary])).toEqual([[id, "Kickoff"]]);
    const link = await h.storage.getEventLink("org_acme", h.connectionId, "evt_1");
    expect(link).toMatchObject({ externalId: id });
    expect(link?.etag).toBeTruthy();

    await h.put(
      event("evt_1", "Kickoff (moved)", {
        start: new Date("2026-12-02T09:00:00Z"),
        end: new Date("2026-12-02T10:00:00Z"),
      }),
    );
    await h.drain();
    expect(liveEvents(h).map((e) => e.resource.summary)).toEqual(["Kickoff (moved)"]);

    await h.remove("evt_1");
    await h.drain();
    expect(liveEvents(h)).toEqual([]);
    expect(await h.storage.getEventLink("org_acme", h.connectionId, "evt_1")).toBeNull();
    expect(await h.storage.listJobs()).toEqual([]);
    const connection = await h.kit.api.getConnection(ADMIN, h.connectionId);
    expect(connection.lastSyncedAt).not.toBeNull();
  });

  it("coalesces repeated changes of one event into one job that writes the latest state", async () => {
    const h = await createSyncHarness();
    await h.put(event("evt_1", "v1"));
    await h.put(event("evt_1", "v2"));
    await h.put(event("evt_1", "v3"));
    expect(await h.storage.listJobs()).toHaveLength(1);
    expect(await h.drain()).toMatchObject({ claimed: 1, succeeded: 1 });
    expect(liveEvents(h).map((e) => e.resource.summary)).toEqual(["v3"]);
    expect(h.google.callCount("events.insert")).toBe(1);
  });

  it("skips a write when nothing changed", async () => {
    const h = await createSyncHarness();
    await h.put(event("evt_1", "Same"));
    await h.drain();
    const writes = h.google.callCount("events.insert") + h.google.callCount("events.patch");
    await h.put(event("evt_1", "Same"));
    await h.drain();
    expect(h.google.callCount("events.insert") + h.google.callCount("events.patch")).toBe(writes);
  });

  it("does not double an event whose insert landed before a crash lost the link", async () => {
    const h = await createSyncHarness();
    await h.put(event("evt_1", "Once"));
    await h.drain();
    await h.storage.deleteEventLink("org_acme", h.connectionId, "evt_1");
    await h.put(event("evt_1", "Once, edited"));
    await h.drain();
    expect(liveEvents(h).map((e) => e.resource.summary)).toEqual(["Once, edited"]);
  });

  it("deletes an event whose link was lost, through its deterministic id", async () => {
    const h = await createSyncHarness();
    await h.put(event("evt_1", "Orphan"));
    await h.drain();
    await h.storage.deleteEventLink("org_acme", h.connectionId, "evt_1");
    await h.remove("evt_1");
    await h.drain();
    expect(liveEvents(h)).toEqual([]);
  });

  it("writes again an event someone deleted in the calendar (404/410 on update)", async () => {
    const h = await createSyncHarness();
    await h.put(event("evt_1", "Keep me"));
    await h.drain();
    const id = deterministicEventId(h.connectionId, "evt_1");
    const account = h.google.events(h.email, h.calendarId).find((e) => e.id === id);
    if (account) account.status = "cancelled";
    await h.put(event("evt_1", "Keep me, updated"));
    await h.drain();
    expect(liveEvents(h).map((e) => e.resource.summary)).toEqual(["Keep me, updated"]);
  });

  it("treats a delete of an already-deleted event as done", async () => {
    const h = await createSyncHarness();
    await h.put(event("evt_1", "Gone"));
    await h.drain();
    for (const e of h.google.events(h.email, h.calendarId)) e.status = "cancelled";
    await h.remove("evt_1");
    expect(await h.drain()).toMatchObject({ succeeded: 1, retried: 0 });
    expect(await h.storage.listJobs()).toEqual([]);
  });

  it("parks jobs until a calendar is chosen, then runs them", async () => {
    const h = await createSyncHarness();
    await h.storage.updateConnection("org_acme", h.connectionId, { calendarId: null, calendarName: null });
    await h.put(event("evt_1", "Waiting"));
    expect(await h.drain()).toMatchObject({ parked: 1 });
    await h.kit.api.selectCalendar(ADMIN, h.connectionId, { calendarId: h.calendarId });
    await h.drain();
    expect(liveEvents(h).map((e) => e.resource.summary)).toEqual(["Waiting"]);
  });

  it("drops the jobs of a disconnected connection", async () => {
    const h = await createSyncHarness();
    await h.put(event("evt_1", "Never"));
    await h.kit.api.disconnect(ADMIN, h.connectionId);
    await h.drain();
    expect(liveEvents(h)).toEqual([]);
    expect(await h.storage.listJobs()).toEqual([]);
    expect(await h.put(event("evt_2", "Never either"))).toBe(0);
  });
});

describe("sync error policy", () => {
  it("a revoked grant marks the connection needs_reauth, parks its jobs without a retry storm, and resumes after reconnect", async () => {
    const h = await createSyncHarness();
    h.google.revokeGrants(h.email);
    await h.put(event("evt_1", "A"));
    await h.put(event("evt_2", "B"));
    const first = await h.drain();
    expect(first.parked).toBe(2);
    const connection = await h.kit.api.getConnection(ADMIN, h.connectionId);
    expect(connection).toMatchObject({ status: "needs_reauth", health: { reason: "token_revoked" } });
    const calls = h.google.callCount("token") + h.google.callCount("events.insert");
    await h.put(event("evt_3", "C"));
    h.clock.advance(60 * 60 * 1000);
    expect(await h.drain()).toMatchObject({ claimed: 0 });
    expect(h.google.callCount("token") + h.google.callCount("events.insert")).toBe(calls);
    expect((await h.storage.listJobs({ status: "parked" })).length).toBe(3);

    const again = await h.connect("alice");
    expect(again.location.searchParams.get("connectionId")).toBe(h.connectionId);
    await h.drain();
    expect(
      liveEvents(h)
        .map((e) => e.resource.summary)
        .sort(),
    ).toEqual(["A", "B", "C"]);
    expect((await h.kit.api.getConnection(ADMIN, h.connectionId)).status).toBe("active");
  });

  it("a 401 refreshes the token once and retries", async () => {
    const h = await createSyncHarness();
    const tokenCalls = h.google.callCount("token");
    h.google.injectFault("api", { kind: "unauthorized" });
    await h.put(event("evt_1", "After 401"));
    expect(await h.drain()).toMatchObject({ succeeded: 1, retried: 0 });
    expect(h.google.callCount("token") - tokenCalls).toBe(1);
    expect(liveEvents(h)).toHaveLength(1);
  });

  it("a missing scope marks the connection scope_missing", async () => {
    const h = await createSyncHarness();
    // Calendar access withdrawn after connecting (e.g. by a Workspace admin's policy).
    h.google.injectFault("api", { kind: "insufficient_scope" });
    await h.put(event("evt_1", "No scope"));
    expect(await h.drain()).toMatchObject({ parked: 1 });
    expect(await h.kit.api.getConnection(ADMIN, h.connectionId)).toMatchObject({
      status: "needs_reauth",
      health: { reason: "scope_missing" },
    });
  });

  it.each([429, 403] as const)(
    "a rate limit (%s) honours Retry-After and does not dead-letter",
    async (status) => {
      const h = await createSyncHarness({
        sync: { maxAttempts: 2, backoff: { baseMs: 1_000 }, random: () => 0.5 },
      });
      h.google.rateLimitStatus = status;
      h.google.injectFault("api", { kind: "rate_limited", retryAfterSeconds: 30 }, 3);
      await h.put(event("evt_1", "Patient"));
      for (let round = 0; round < 3; round += 1) {
        expect(await h.drain()).toMatchObject({ retried: 1, deadLettered: 0 });
        const [job] = await h.storage.listJobs();
        expect(job?.runAfter.getTime()).toBeGreaterThanOrEqual(h.clock.now() + 30_000);
        h.clock.advance(31_000);
      }
      expect(await h.drain()).toMatchObject({ succeeded: 1 });
      expect(liveEvents(h)).toHaveLength(1);
    },
  );

  it.each([
    ["a 5xx", { kind: "server_error" } as const],
    ["a timeout", { kind: "timeout" } as const],
  ])(
    "%s backs off, shows provider_unavailable with retryAt, and returns to active after a success",
    async (_name, fault) => {
      const h = await createSyncHarness();
      h.google.injectFault("api", fault);
      await h.put(event("evt_1", "Flaky"));
      expect(await h.drain()).toMatchObject({ retried: 1 });
      const failing = await h.kit.api.getConnection(ADMIN, h.connectionId);
      expect(failing).toMatchObject({ status: "error", health: { reason: "provider_unavailable" } });
      const [job] = await h.storage.listJobs();
      expect(failing.health?.retryAt).toBe(job?.runAfter.toISOString());
      expect(job?.runAfter.getTime()).toBeGreaterThan(h.clock.now());
      h.clock.advance(60_000);
      expect(await h.drain()).toMatchObject({ succeeded: 1 });
      expect(await h.kit.api.getConnection(ADMIN, h.connectionId)).toMatchObject({
        status: "active",
        health: null,
      });
    },
  );

  it("backs off exponentially with jitter between attempts", async () => {
    const h = await createSyncHarness({
      sync: { maxAttempts: 8, backoff: { baseMs: 1_000, maxMs: 600_000 }, random: () => 0.99 },
    });
    h.google.injectFault("api", { kind: "server_error" }, 4);
    await h.put(event("evt_1", "Backoff"));
    const delays: number[] = [];
    for (let round = 0; round < 4; round += 1) {
      await h.drain();
      const [job] = await h.storage.listJobs();
      delays.push((job?.runAfter.getTime() ?? 0) - h.clock.now());
      h.clock.advance(delays.at(-1) ?? 0);
    }
    expect(delays).toEqual([990, 1_980, 3_960, 7_920]);
  });

  it("dead-letters a job after its attempts run out, visible through the API", async () => {
    const h = await createSyncHarness({
      sync: { maxAttempts: 3, backoff: { baseMs: 1_000 }, random: () => 0.5 },
    });
    // A refusal no retry fixes (a 400) counts attempts; outages have a time budget instead (outages.test.ts).
    h.google.injectFault("api", { kind: "bad_request" }, 10);
    await h.put(event("evt_1", "Doomed"));
    const outcomes = [];
    for (let round = 0; round < 3; round += 1) {
      outcomes.push(await h.drain());
      h.clock.advance(60_000);
    }
    expect(outcomes.map((o) => o.deadLettered)).toEqual([0, 0, 1]);
    const response = await h.call("GET", `/connections/${h.connectionId}/dead-letters`);
    const body = (await response.json()) as { deadLetters: Array<{ eventId: string; attempts: number }> };
    expect(body.deadLetters).toEqual([expect.objectContaining({ eventId: "evt_1", attempts: 3 })]);
    // A new change to the event tries again.
    h.google.clearFaults();
    await h.put(event("evt_1", "Doomed, then fixed"));
    await h.drain();
    expect(liveEvents(h).map((e) => e.resource.summary)).toEqual(["Doomed, then fixed"]);
  });

  it("a deleted target calendar parks the jobs as calendar_not_found until another is chosen", async () => {
    const h = await createSyncHarness();
    h.google.deleteCalendar(h.email, h.calendarId);
    await h.put(event("evt_1", "Homeless"));
    expect(await h.drain()).toMatchObject({ parked: 1 });
    expect(await h.kit.api.getConnection(ADMIN, h.connectionId)).toMatchObject({
      status: "error",
      health: { reason: "calendar_not_found" },
    });
    const [primary] = (await h.kit.api.listCalendars(ADMIN, h.connectionId)).filter((c) => c.primary);
    await h.kit.api.selectCalendar(ADMIN, h.connectionId, { calendarId: primary?.id ?? "" });
    await h.drain();
    expect(liveEvents(h, primary?.id).map((e) => e.resource.summary)).toEqual(["Homeless"]);
    expect((await h.kit.api.getConnection(ADMIN, h.connectionId)).status).toBe("active");
  });
});

describe("sync to Microsoft", () => {
  it("writes with a transactionId and keeps at most 4 requests in flight per connection", async () => {
    const h = await createSyncHarness({}, { provider: "microsoft" });
    h.microsoft.setLatency(15);
    for (let index = 0; index < 12; index += 1) await h.put(event(`evt_${index}`, `Event ${index}`));
    let inFlight = 0;
    let peak = 0;
    const original = h.microsoft.handler;
    Object.defineProperty(h.microsoft, "handler", {
      value: async (request: Request) => {
        inFlight += 1;
        peak = Math.max(peak, inFlight);
        try {
          return await original(request);
        } finally {
          inFlight -= 1;
        }
      },
    });
    const result = await h.kit.sync.processPendingCalendarSyncJobs({ limit: 100, concurrency: 10 });
    expect(result).toMatchObject({ claimed: 12, succeeded: 12 });
    expect(peak).toBe(4);
    const events = h.microsoft.events(h.email, h.calendarId);
    expect(events).toHaveLength(12);
    expect(events.every((e) => e.transactionId !== null)).toBe(true);
  });
});

describe("POST /cron/sync", () => {
  it("runs a batch for the right bearer secret only", async () => {
    const h = await createSyncHarness();
    await h.put(event("evt_1", "Cron"));
    for (const authorization of [undefined, "Bearer wrong", "Basic cron-secret-for-tests", "Bearer "]) {
      const response = await h.call("POST", "/cron/sync", {
        as: null,
        headers: authorization === undefined ? {} : { authorization },
      });
      expect(response.status).toBe(401);
      expect(response.headers.get("www-authenticate")).toContain("Bearer");
    }
    const response = await h.call("POST", "/cron/sync", {
      as: null,
      headers: { authorization: "Bearer cron-secret-for-tests" },
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ claimed: 1, succeeded: 1 });
  });
});

describe("worker", () => {
  it("polls until aborted, then stops", async () => {
    const h = await createSyncHarness();
    const controller = new AbortController();
    const worker = h.kit.sync.startSyncWorker({ pollIntervalMs: 10, signal: controller.signal });
    await h.put(event("evt_1", "Polled"));
    for (let wait = 0; wait < 100 && liveEvents(h).length === 0; wait += 1)
      await new Promise((r) => setTimeout(r, 10));
    controller.abort();
    await worker.stopped;
    expect(liveEvents(h)).toHaveLength(1);
  });
});

describe("resolveOrganizationCalendar", () => {
  it("falls back to the legacy service account only for opted-in organizations without their own connection", async () => {
    const h = await createSyncHarness({}, { serviceAccount: true, serviceAccountEnabled: () => true });
    const targets = await h.kit.sync.resolveOrganizationCalendar("org_acme");
    expect(targets.map((t) => t.provider)).toEqual(["google"]);
    await h.kit.api.disconnect(ADMIN, h.connectionId);
    const account = h.google.inspect().accounts.find((a) => a.email === "ops@acme.test");
    await h.kit.api.createConnection(ADMIN, {
      provider: "google-service-account",
      input: { calendarId: account?.calendars[0]?.id ?? "" },
    });
    expect((await h.kit.sync.resolveOrganizationCalendar("org_acme")).map((t) => t.provider)).toEqual([
      "google-service-account",
    ]);
    await h.put(event("evt_1", "Via service account"));
    await h.drain();
    expect(
      h.google.events("ops@acme.test", account?.calendars[0]?.id ?? "").map((e) => e.resource.summary),
    ).toEqual(["Via service account"]);
  });
});
