import { expect } from "vitest";
import { connect, type Suite } from "./suite.ts";

/** What an admin sees of a connection's sync: counts, failing jobs page by page, retrying one event. */
export function activityCases(suite: Suite): void {
  suite.test(
    "sync activity counts synced, waiting and failing events, scoped to the connection",
    async ({ storage, clock }) => {
      const c = await connect(storage, "org-a");
      const other = await connect(storage, "org-b");
      const key = { organizationId: "org-a", connectionId: c.id };
      expect(await storage.syncActivity("org-a", c.id)).toEqual({
        synced: 0,
        waiting: 0,
        failing: 0,
        moving: 0,
        lastError: null,
      });
      const link = { ...key, calendarId: "cal", etag: null, lastSyncedHash: "h" };
      await storage.upsertEventLink({ ...link, eventId: "ev-synced-1", externalId: "x-1" });
      await storage.upsertEventLink({ ...link, eventId: "ev-synced-2", externalId: "x-2" });
      // A create under way is not in the calendar yet.
      await storage.upsertEventLink({ ...link, eventId: "ev-intent", externalId: null });
      for (const eventId of ["ev-a", "ev-b", "ev-c", "ev-d"]) await storage.enqueueJob({ ...key, eventId });
      await storage.enqueueJob({ organizationId: "org-b", connectionId: other.id, eventId: "ev-a" });
      const claimed = await storage.claimJobs({ owner: "w", limit: 10, leaseMs: 60_000 });
      const byEvent = new Map(
        claimed.filter((job) => job.connectionId === c.id).map((job) => [job.eventId, job.id]),
      );
      clock.advance(1_000);
      await storage.failJob(byEvent.get("ev-a") ?? "", "w", {
        error: "provider unavailable",
        runAfter: new Date(clock.now().getTime() + 60_000),
      });
      clock.advance(1_000);
      await storage.deadLetterJob(byEvent.get("ev-b") ?? "", "w", "the calendar refused the event");
      const failedAt = clock.now();

      expect(await storage.syncActivity("org-a", c.id)).toEqual({
        synced: 2,
        waiting: 2,
        failing: 2,
        moving: 0,
        lastError: { message: "the calendar refused the event", at: failedAt },
      });
      // Another organization sees nothing of it.
      expect(await storage.syncActivity("org-b", c.id)).toEqual({
        synced: 0,
        waiting: 0,
        failing: 0,
        moving: 0,
        lastError: null,
      });
    },
  );

  suite.test(
    "failing jobs are listed newest first, page by page, and one event can be retried now",
    async ({ storage, clock }) => {
      const c = await connect(storage, "org-a");
      const key = { organizationId: "org-a", connectionId: c.id };
      for (let i = 1; i <= 5; i++) await storage.enqueueJob({ ...key, eventId: `ev-${i}` });
      const claimed = await storage.claimJobs({ owner: "w", limit: 10, leaseMs: 60_000 });
      for (const job of claimed) {
        clock.advance(1_000);
        if (job.eventId === "ev-5") continue;
        if (job.eventId === "ev-1" || job.eventId === "ev-3")
          await storage.deadLetterJob(job.id, "w", "gave up");
        else
          await storage.failJob(job.id, "w", {
            error: "timeout",
            runAfter: new Date(clock.now().getTime() + 3_600_000),
          });
      }
      const first = await storage.listFailingJobs("org-a", c.id, { limit: 3 });
      expect(first.map((job) => job.eventId)).toEqual(["ev-4", "ev-3", "ev-2"]);
      const last = first.at(-1);
      const second = await storage.listFailingJobs("org-a", c.id, {
        limit: 3,
        ...(last === undefined ? {} : { after: { updatedAt: last.updatedAt, id: last.id } }),
      });
      expect(second.map((job) => job.eventId)).toEqual(["ev-1"]);
      expect(await storage.listFailingJobs("org-b", c.id, { limit: 3 })).toEqual([]);

      // A dead letter is requeued, due now; a job waiting out its backoff becomes due now.
      expect(await storage.retryEventNow("org-a", c.id, "ev-1")).toBe(true);
      expect(await storage.retryEventNow("org-a", c.id, "ev-2")).toBe(true);
      expect(await storage.retryEventNow("org-b", c.id, "ev-3")).toBe(false);
      expect(await storage.retryEventNow("org-a", c.id, "ev-unknown")).toBe(false);
      const jobs = await storage.listJobs({ connectionId: c.id });
      const status = (eventId: string) => jobs.find((job) => job.eventId === eventId);
      expect(status("ev-1")).toMatchObject({ status: "pending", attempts: 0, runAfter: clock.now() });
      expect(status("ev-2")).toMatchObject({ status: "pending", runAfter: clock.now() });
      expect(status("ev-3")).toMatchObject({ status: "dead" });
      const due = await storage.claimJobs({ owner: "w2", limit: 10, leaseMs: 60_000 });
      expect(due.map((job) => job.eventId).sort()).toEqual(["ev-1", "ev-2"]);
    },
  );
}
