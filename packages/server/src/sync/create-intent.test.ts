import { describe, expect, it } from "vitest";
import { createSyncHarness, event } from "./sync.support.ts";

describe("a provider-key create whose completion is lost (a crash after the write)", () => {
  it("a host delete before the retry removes the event that landed, leaving no orphan (Microsoft: no deterministic id)", async () => {
    const h = await createSyncHarness({}, { provider: "microsoft" });
    await h.put(event("evt_standup", "Standup"));
    await h.drain();
    // The worker dies between the provider's answer and the completion: the link is never recorded.
    const completeJob = h.storage.completeJob.bind(h.storage);
    h.storage.completeJob = async () => false;
    await h.put(event("evt_board", "Board review"));
    await h.kit.sync.processPendingCalendarSyncJobs({ limit: 10, concurrency: 1 });
    expect(h.microsoft.events(h.email, h.calendarId)).toHaveLength(2);
    expect(await h.storage.getEventLink("org_acme", h.connectionId, "evt_board")).toBeNull();
    h.storage.completeJob = completeJob;

    await h.remove("evt_board");
    h.clock.advance(10 * 60_000);
    await h.drain();
    // Only the orphan went: the lookup by key found that event, not another one in the calendar.
    expect(h.microsoft.events(h.email, h.calendarId).map((e) => e.resource.subject)).toEqual(["Standup"]);
  });
});
