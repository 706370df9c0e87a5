import { expect } from "vitest";
import { connect, type Suite } from "./suite.ts";

const link = (tag: string) => ({
  calendarId: "cal-1",
  externalId: `x-${tag}`,
  etag: `e-${tag}`,
  lastSyncedHash: `h-${tag}`,
});

/** `completeJobs`: many completions at once, each with `completeJob`'s contract. */
export function jobBatchCases(suite: Suite): void {
  suite.test(
    "completeJobs completes a batch: held and lost leases, rerun, link upsert and removal",
    async ({ storage, clock }) => {
      const c = await connect(storage, "org-a");
      const org = { organizationId: "org-a", connectionId: c.id };
      const claim = async (owner: string, limit: number) =>
        (await storage.claimJobs({ owner, limit, leaseMs: 1000 })).map((job) => job.id);
      // ev-1: w1's lease expires and w2 takes the job over. ev-2 … ev-4: w1's.
      await storage.enqueueJob({ ...org, eventId: "ev-1" });
      const [lost] = await claim("w1", 1);
      clock.advance(1000);
      expect(await claim("w2", 1)).toEqual([lost]);
      for (const eventId of ["ev-2", "ev-3", "ev-4"]) await storage.enqueueJob({ ...org, eventId });
      const [rerun, unlinked, synced] = (await storage.claimJobs({ owner: "w1", limit: 3, leaseMs: 1000 }))
        .sort((x, y) => (x.eventId < y.eventId ? -1 : 1))
        .map((job) => job.id);
      await storage.upsertEventLink({ ...org, eventId: "ev-1", ...link("old-1") });
      await storage.upsertEventLink({ ...org, eventId: "ev-3", ...link("old-3") });
      await storage.enqueueJob({ ...org, eventId: "ev-2" }); // flags ev-2's running job `rerun`
      clock.advance(10);
      const syncedAt = new Date(clock.now().getTime() - 5);

      const held = await storage.completeJobs("w1", [
        { jobId: lost ?? "", outcome: { link: link("lost"), lastSyncedAt: syncedAt } },
        { jobId: rerun ?? "", outcome: { link: link("rerun") } },
        { jobId: unlinked ?? "", outcome: { link: null } },
        { jobId: synced ?? "", outcome: { lastSyncedAt: syncedAt } },
        { jobId: synced ?? "", outcome: { link: link("twice") } },
        { jobId: "no-such-job" },
      ]);
      expect(held).toEqual([false, true, true, true, false, false]);

      // The lost job wrote nothing: still w2's, its link as it was.
      const jobs = await storage.listJobs();
      expect(jobs.find((job) => job.id === lost)).toMatchObject({ status: "running", leaseOwner: "w2" });
      expect(await storage.getEventLink("org-a", c.id, "ev-1")).toMatchObject(link("old-1"));
      // The rerun job is pending again, attempts reset, with its link written.
      expect(jobs.find((job) => job.id === rerun)).toMatchObject({
        status: "pending",
        rerun: false,
        attempts: 0,
        leaseOwner: null,
      });
      expect(await storage.getEventLink("org-a", c.id, "ev-2")).toMatchObject(link("rerun"));
      // The others are gone, one link with them; the item given twice counted once.
      expect(jobs.map((job) => job.id).sort()).toEqual([lost, rerun].sort());
      expect(await storage.getEventLink("org-a", c.id, "ev-3")).toBeNull();
      expect(await storage.getEventLink("org-a", c.id, "ev-4")).toBeNull();
      const connection = await storage.getConnection("org-a", c.id);
      expect(connection?.lastSyncedAt?.getTime()).toBe(syncedAt.getTime());
      expect(connection?.updatedAt.getTime()).toBe(clock.now().getTime());

      // The new owner completes the job it took over, with its own outcome.
      expect(
        await storage.completeJobs("w2", [{ jobId: lost ?? "", outcome: { link: link("w2") } }]),
      ).toEqual([true]);
      expect(await storage.getEventLink("org-a", c.id, "ev-1")).toMatchObject(link("w2"));
    },
  );

  suite.test(
    "completeJobs writes each outcome to its own organization, and an empty batch writes nothing",
    async ({ storage, clock }) => {
      const a = await connect(storage, "org-a");
      const b = await connect(storage, "org-b");
      for (const organizationId of ["org-a", "org-b"]) {
        for (const connectionId of [a.id, b.id]) {
          await storage.upsertEventLink({ organizationId, connectionId, eventId: "ev-1", ...link("kept") });
        }
      }
      await storage.enqueueJob({ organizationId: "org-a", connectionId: a.id, eventId: "ev-1" });
      await storage.enqueueJob({ organizationId: "org-b", connectionId: b.id, eventId: "ev-2" });
      const claimed = await storage.claimJobs({ owner: "w1", limit: 2, leaseMs: 1000 });
      expect(await storage.completeJobs("w1", [])).toEqual([]);
      expect(await storage.listJobs()).toHaveLength(2);

      const jobOf = (connectionId: string) =>
        claimed.find((job) => job.connectionId === connectionId)?.id ?? "";
      const syncedAt = clock.now();
      expect(
        await storage.completeJobs("w1", [
          { jobId: jobOf(a.id), outcome: { link: null, lastSyncedAt: syncedAt } },
          { jobId: jobOf(b.id), outcome: { link: link("b") } },
        ]),
      ).toEqual([true, true]);
      expect(await storage.listJobs()).toEqual([]);
      // a's link of ev-1 is removed in org-a only; b's new link is in org-b only.
      expect(await storage.getEventLink("org-a", a.id, "ev-1")).toBeNull();
      expect(await storage.getEventLink("org-b", b.id, "ev-1")).toMatchObject(link("kept"));
      expect(await storage.getEventLink("org-b", b.id, "ev-2")).toMatchObject({
        organizationId: "org-b",
        connectionId: b.id,
        eventId: "ev-2",
        ...link("b"),
      });
      expect(await storage.getEventLink("org-a", b.id, "ev-2")).toBeNull();
      expect(await storage.getEventLink("org-a", a.id, "ev-2")).toBeNull();
      expect((await storage.getConnection("org-a", a.id))?.lastSyncedAt?.getTime()).toBe(syncedAt.getTime());
      expect((await storage.getConnection("org-b", b.id))?.lastSyncedAt).toBeNull();
    },
  );
}
