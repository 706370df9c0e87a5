import { describe, expect, it } from "vitest";
import { createMemoryStorage } from "../storage/memory.ts";
import type { CalendarStorage } from "../storage/types.ts";
import { createSyncHarness, event, liveTitles } from "./sync.support.ts";

/** Memory storage that counts reads of one connection row. */
function countingStorage(): { storage: CalendarStorage; reads: () => number } {
  // The harness's clock starts here and stands still unless a test moves it.
  const inner = createMemoryStorage({ now: () => new Date(Date.UTC(2026, 10, 26, 9, 0, 0)) });
  let reads = 0;
  const storage = new Proxy(inner, {
    get(target, name, receiver) {
      if (name !== "getConnection") return Reflect.get(target, name, receiver);
      return (organizationId: string, id: string) => {
        reads += 1;
        return target.getConnection(organizationId, id);
      };
    },
  });
  return { storage, reads: () => reads };
}

describe("jobs claimed together", () => {
  it("share one read of their connection", async () => {
    const { storage, reads } = countingStorage();
    const h = await createSyncHarness({ storage });
    for (let i = 0; i < 24; i++) await h.put(event(`evt_${i}`, `Event ${i}`));
    const before = reads();
    const result = await h.kit.sync.processPendingCalendarSyncJobs({ limit: 24, concurrency: 8 });
    expect(result.succeeded).toBe(24);
    // One read per claim (claims of up to 8), not one per job.
    expect(reads() - before).toBeLessThanOrEqual(6);
    expect(liveTitles(h, h.calendarId)).toHaveLength(24);
  });
});
