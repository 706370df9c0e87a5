import { describe, expect, it } from "vitest";
import { deterministicEventId } from "../providers/event-id.ts";
import { busyAndQuietConnections, createSyncHarness, event, type SyncHarness } from "./sync.support.ts";

// The batch API in the sync: many jobs of one connection travel in Google batch / Graph $batch requests,
// and each job still ends on its own (a failed item retries alone, a 429 waits its Retry-After, a 401
// parks the connection), with the same events in the calendar as one call per job.
const ADMIN = { userId: "user_alice", organizationId: "org_acme", role: "admin" } as const;
const PROVIDERS = ["google", "microsoft"] as const;
type Provider = (typeof PROVIDERS)[number];

const fakeOf = (h: SyncHarness, provider: Provider) => (provider === "google" ? h.google : h.microsoft);

function day(index: number): { start: Date; end: Date } {
  const start = new Date(Date.UTC(2026, 11, 1 + (index % 28), 8 + (index % 9)));
  return { start, end: new Date(start.getTime() + 45 * 60_000) };
}

async function backfill(provider: Provider, batching: boolean, count: number) {
  const h = await createSyncHarness({ sync: { batching } }, { provider });
  for (let index = 0; index < count; index += 1)
    await h.put(event(`evt_${index}`, `Event ${index}`, { ...day(index), description: `about ${index}` }));
  const result = await h.kit.sync.processPendingCalendarSyncJobs({ limit: 500, concurrency: 100 });
  return { h, result };
}

/** What an event looks like in the fake, without what the fake makes up (ids of Graph, etags, times). */
function landed(h: SyncHarness, provider: Provider): unknown[] {
  const fake = fakeOf(h, provider);
  const eventOfKey = new Map(
    Array.from({ length: 100 }, (_, index) => [
      deterministicEventId(h.connectionId, `evt_${index}`),
      `evt_${index}`,
    ]),
  );
  return fake
    .events(h.email, h.calendarId)
    .map((entry) => {
      const {
        id: _id,
        etag: _etag,
        created: _c,
        updated: _u,
        lastModifiedDateTime: _l,
        createdDateTime: _cd,
        changeKey: _k,
        iCalUId: _i,
        iCalUID: _ii,
        htmlLink: _h,
        webLink: _w,
        transactionId: _t,
        ...rest
      } = entry.resource as Record<string, unknown>;
      // Graph's key property names the (connection, event) pair: compared as the event it names.
      const keys = JSON.stringify(rest.singleValueExtendedProperties ?? null).replace(
        /"value":"([0-9a-v]+)"/g,
        (_, key: string) => `"value":"${eventOfKey.get(key) ?? key}"`,
      );
      return { status: entry.status, ...rest, singleValueExtendedProperties: keys };
    })
    .sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
}

describe.each(PROVIDERS)("batched writes to %s", (provider) => {
  it("lands exactly the events one call per job lands, in batch requests within the provider's limit", async () => {
    const batched = await backfill(provider, true, 45);
    const single = await backfill(provider, false, 45);
    expect(batched.result).toMatchObject({ claimed: 45, succeeded: 45 });
    expect(single.result).toMatchObject({ claimed: 45, succeeded: 45 });
    const sizes = fakeOf(batched.h, provider).batchSizes();
    const limit = provider === "google" ? 50 : 20;
    expect(sizes.length).toBeGreaterThan(0);
    expect(Math.max(...sizes)).toBeLessThanOrEqual(limit);
    // A group takes up to 2 × maxCalls (Microsoft: 40); the rest of the claim runs one by one.
    expect(sizes.reduce((sum, size) => sum + size, 0)).toBeGreaterThanOrEqual(40);
    expect(fakeOf(single.h, provider).batchSizes()).toEqual([]);
    const events = landed(batched.h, provider);
    expect(events).toHaveLength(45);
    expect(events).toEqual(landed(single.h, provider));
    // Each event is linked to what landed, as after single writes.
    for (let index = 0; index < 45; index += 1) {
      const link = await batched.h.storage.getEventLink("org_acme", batched.h.connectionId, `evt_${index}`);
      expect(link?.externalId).toBeTruthy();
    }
    expect(await batched.h.storage.listJobs()).toEqual([]);
  });

  it("retries a failed item alone: the others complete, its own retry writes it once", async () => {
    const h = await createSyncHarness({ sync: { batching: true } }, { provider });
    for (let index = 0; index < 10; index += 1)
      await h.put(event(`evt_${index}`, `Event ${index}`, day(index)));
    fakeOf(h, provider).injectFault("api", { kind: "server_error", status: 500 });
    // All ten in one group (a pool of 20, half of it for a group).
    const first = await h.kit.sync.processPendingCalendarSyncJobs({ limit: 100, concurrency: 20 });
    expect(first).toMatchObject({ claimed: 10, succeeded: 9, retried: 1 });
    const [failed, ...others] = await h.storage.listJobs();
    expect(others).toEqual([]);
    expect(failed).toMatchObject({ attempts: 1, status: "pending" });
    expect(fakeOf(h, provider).batchSizes().length).toBeGreaterThan(0);
    h.clock.advance(120_000);
    expect(await h.kit.sync.processPendingCalendarSyncJobs({ limit: 100 })).toMatchObject({ succeeded: 1 });
    expect(fakeOf(h, provider).events(h.email, h.calendarId)).toHaveLength(10);
  });

  it("holds a 429 item for its Retry-After while the others complete", async () => {
    const h = await createSyncHarness({ sync: { batching: true } }, { provider });
    for (let index = 0; index < 8; index += 1)
      await h.put(event(`evt_${index}`, `Event ${index}`, day(index)));
    fakeOf(h, provider).setRateLimit({ requests: 5, windowMs: 30_000 });
    const now = h.clock.now();
    const result = await h.kit.sync.processPendingCalendarSyncJobs({ limit: 100, concurrency: 8 });
    expect(result).toMatchObject({ claimed: 8, succeeded: 5, retried: 3 });
    const waiting = await h.storage.listJobs();
    expect(waiting).toHaveLength(3);
    // Retry-After: 30 s, never sooner.
    for (const job of waiting) expect(job.runAfter.getTime()).toBeGreaterThanOrEqual(now + 30_000);
    const connection = await h.kit.api.getConnection(ADMIN, h.connectionId);
    expect(connection.health?.reason).toBe("rate_limited");
    expect(fakeOf(h, provider).events(h.email, h.calendarId)).toHaveLength(5);
  });

  it("parks the connection when the items answer 401 and the grant is gone", async () => {
    const h = await createSyncHarness({ sync: { batching: true } }, { provider });
    for (let index = 0; index < 6; index += 1)
      await h.put(event(`evt_${index}`, `Event ${index}`, day(index)));
    fakeOf(h, provider).revokeGrants(h.email);
    const result = await h.kit.sync.processPendingCalendarSyncJobs({ limit: 100, concurrency: 20 });
    expect(result).toMatchObject({ claimed: 6, succeeded: 0, parked: 6 });
    const connection = await h.kit.api.getConnection(ADMIN, h.connectionId);
    expect(connection.status).toBe("needs_reauth");
    expect((await h.storage.listJobs()).every((job) => job.status === "parked")).toBe(true);
    expect(fakeOf(h, provider).events(h.email, h.calendarId)).toHaveLength(0);
  });
});

describe("batch groups and fairness", () => {
  it("leave the other half of the pool to other connections while a busy one is batched", async () => {
    const h = await createSyncHarness({ sync: { batching: true } });
    const quiet = await busyAndQuietConnections(h, 200);
    // Twenty claimed jobs, ten at a time: the busy connection's group takes at most five of the ten.
    await h.kit.sync.processPendingCalendarSyncJobs({ limit: 20, concurrency: 10 });
    const left = await h.storage.listJobs({ connectionId: quiet });
    expect(left.map((job) => job.eventId)).not.toContain("quiet_1");
  });
});
