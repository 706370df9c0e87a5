import { describe, expect, it } from "vitest";
import type { HostEventWithId } from "../events/types.ts";
import { createMemoryStorage } from "../storage/memory.ts";
import { createSyncHarness, event } from "./sync.support.ts";

describe("lease renewal", () => {
  it("keeps the lease of a job that runs longer than the lease, so no other worker takes it over", async () => {
    // Real time here: the 150 ms lease must run out on the wall clock while the host is slow to answer.
    const storage = createMemoryStorage();
    let answer: () => void = () => {};
    const hostAnswers = new Promise<void>((resolve) => {
      answer = resolve;
    });
    const stored: HostEventWithId[] = [];
    const h = await createSyncHarness({
      storage,
      now: () => new Date(),
      getEvent: async (_organizationId, eventId) => {
        await hostAnswers;
        return stored.find((candidate) => candidate.id === eventId) ?? null;
      },
      sync: { leaseMs: 150, backoff: { baseMs: 1_000 }, random: () => 0.5 },
    });
    stored.push(event("evt_1", "Slow host"));
    await h.kit.sync.enqueueEventSync({ organizationId: "org_acme", eventId: "evt_1" });
    const running = h.kit.sync.processPendingCalendarSyncJobs({ limit: 1 });

    await new Promise((resolve) => setTimeout(resolve, 450));
    const [held] = await storage.listJobs();
    expect(held?.status).toBe("running");
    expect(await storage.claimJobs({ owner: "intruder", limit: 10, leaseMs: 150 })).toEqual([]);

    answer();
    expect(await running).toMatchObject({ claimed: 1, succeeded: 1 });
    expect(await storage.listJobs()).toEqual([]);
    expect(h.google.events(h.email, h.calendarId).map((e) => e.resource.summary)).toEqual(["Slow host"]);
  });
});
