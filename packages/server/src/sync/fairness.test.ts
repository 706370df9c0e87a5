import { describe, expect, it } from "vitest";
import { busyAndQuietConnections, createSyncHarness } from "./sync.support.ts";

describe("one busy connection", () => {
  it("does not fill every claim while another connection waits", async () => {
    // Each connection runs at most 2 jobs at once in this worker.
    const h = await createSyncHarness({ sync: { perConnectionConcurrency: { google: 2, microsoft: 2 } } });
    // The busy connection's 40 jobs are all older than the quiet one's.
    const quiet = await busyAndQuietConnections(h, 40);

    // Six jobs, four at a time: once the busy connection runs its two, the claims go to the other.
    await h.kit.sync.processPendingCalendarSyncJobs({ limit: 6, concurrency: 4 });
    const left = await h.storage.listJobs({ connectionId: quiet });
    expect(left.map((job) => job.eventId)).not.toContain("quiet_1");
  });
});
