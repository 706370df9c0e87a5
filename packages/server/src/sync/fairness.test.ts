import { describe, expect, it } from "vitest";
import { createSyncHarness } from "./sync.support.ts";

const ADMIN = { userId: "user_alice", organizationId: "org_acme", role: "admin" } as const;

describe("one busy connection", () => {
  it("does not fill every claim while another connection waits", async () => {
    // Each connection runs at most 2 jobs at once in this worker.
    const h = await createSyncHarness({ sync: { perConnectionConcurrency: { google: 2, microsoft: 2 } } });
    const { location } = await h.connect("alice", { provider: "microsoft" });
    const quiet = location.searchParams.get("connectionId") ?? "";
    const [calendar] = await h.kit.api.listCalendars(ADMIN, quiet);
    await h.kit.api.selectCalendar(ADMIN, quiet, { calendarId: calendar?.id ?? "" });
    await h.kit.sync.processPendingCalendarSyncJobs({ limit: 100 });

    // The busy connection's 40 jobs are all older than the quiet one's.
    for (let i = 0; i < 40; i++)
      await h.storage.enqueueJob({
        organizationId: "org_acme",
        connectionId: h.connectionId,
        eventId: `busy_${i}`,
      });
    h.clock.advance(1000);
    await h.storage.enqueueJob({ organizationId: "org_acme", connectionId: quiet, eventId: "quiet_1" });

    // Six jobs, four at a time: once the busy connection runs its two, the claims go to the other.
    await h.kit.sync.processPendingCalendarSyncJobs({ limit: 6, concurrency: 4 });
    const left = await h.storage.listJobs({ connectionId: quiet });
    expect(left.map((job) => job.eventId)).not.toContain("quiet_1");
  });
});
