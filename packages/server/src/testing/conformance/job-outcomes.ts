import { expect } from "vitest";
import { connect, type Suite } from "./suite.ts";

/** What completing a job writes with it: its event link and its connection's last sync, atomically. */
export function jobOutcomeCases(suite: Suite): void {
  suite.test(
    "completing a job records its outcome atomically, only while the lease is held",
    async ({ storage, clock }) => {
      const c = await connect(storage, "org-a");
      const claim = async (owner: string, leaseMs = 1000) => {
        const [job] = await storage.claimJobs({ owner, limit: 1, leaseMs });
        return job?.id ?? "";
      };
      await storage.enqueueJob({ organizationId: "org-a", connectionId: c.id, eventId: "ev-1" });
      const id = await claim("w1");
      clock.advance(1000);
      expect(await claim("w2")).toBe(id);
      // The lease was lost: neither the job, nor the link, nor the connection changes.
      const syncedAt = new Date(clock.now().getTime() - 10);
      const written = { calendarId: "cal-1", externalId: "x-1", etag: "e1", lastSyncedHash: "h1" };
      expect(await storage.completeJob(id, "w1", { link: written, lastSyncedAt: syncedAt })).toBe(false);
      expect(await storage.getEventLink("org-a", c.id, "ev-1")).toBeNull();
      expect((await storage.getConnection("org-a", c.id))?.lastSyncedAt).toBeNull();
      expect(await storage.listJobs()).toMatchObject([{ id, status: "running", leaseOwner: "w2" }]);

      // The owner completes: job removed, link and last sync written with it.
      clock.advance(500);
      expect(await storage.completeJob(id, "w2", { link: written, lastSyncedAt: syncedAt })).toBe(true);
      expect(await storage.listJobs()).toEqual([]);
      const link = await storage.getEventLink("org-a", c.id, "ev-1");
      expect(link).toMatchObject({
        organizationId: "org-a",
        connectionId: c.id,
        eventId: "ev-1",
        ...written,
      });
      expect(link?.createdAt.getTime()).toBe(clock.now().getTime());
      const synced = await storage.getConnection("org-a", c.id);
      expect(synced?.lastSyncedAt?.getTime()).toBe(syncedAt.getTime());
      expect(synced?.updatedAt.getTime()).toBe(clock.now().getTime());

      // Flagged `rerun` while running: pending again, and the new link replaces the old (createdAt kept).
      await storage.enqueueJob({ organizationId: "org-a", connectionId: c.id, eventId: "ev-1" });
      const again = await claim("w1");
      await storage.enqueueJob({ organizationId: "org-a", connectionId: c.id, eventId: "ev-1" });
      clock.advance(1000);
      const replaced = { calendarId: "cal-1", externalId: "x-1", etag: "e2", lastSyncedHash: "h2" };
      expect(await storage.completeJob(again, "w1", { link: replaced })).toBe(true);
      expect(await storage.listJobs()).toMatchObject([
        { id: again, status: "pending", rerun: false, attempts: 0, leaseOwner: null },
      ]);
      const updated = await storage.getEventLink("org-a", c.id, "ev-1");
      expect(updated).toMatchObject(replaced);
      expect(updated?.createdAt.getTime()).toBe(link?.createdAt.getTime());
      expect(updated?.updatedAt.getTime()).toBe(clock.now().getTime());
      expect((await storage.getConnection("org-a", c.id))?.lastSyncedAt?.getTime()).toBe(syncedAt.getTime());

      // `link: null` removes it; a lost lease keeps it.
      expect(await claim("w1")).toBe(again);
      clock.advance(1000);
      expect(await claim("w2")).toBe(again);
      expect(await storage.completeJob(again, "w1", { link: null })).toBe(false);
      expect(await storage.getEventLink("org-a", c.id, "ev-1")).toMatchObject(replaced);
      expect(await storage.completeJob(again, "w2", { link: null })).toBe(true);
      expect(await storage.getEventLink("org-a", c.id, "ev-1")).toBeNull();
      expect(await storage.listJobs()).toEqual([]);

      // A disconnected connection keeps its last sync time.
      await storage.enqueueJob({ organizationId: "org-a", connectionId: c.id, eventId: "ev-2" });
      const last = await claim("w1");
      await storage.disconnectConnection("org-a", c.id);
      expect(await storage.completeJob(last, "w1", { lastSyncedAt: clock.now() })).toBe(true);
      expect((await storage.getConnection("org-a", c.id))?.lastSyncedAt?.getTime()).toBe(syncedAt.getTime());
    },
  );

  suite.test(
    "a job's outcome is written to its own organization, connection and event only",
    async ({ storage, clock }) => {
      const a = await connect(storage, "org-a");
      const b = await connect(storage, "org-b");
      const other = { calendarId: "cal-1", externalId: "x-b", etag: "eb", lastSyncedHash: "hb" };
      await storage.upsertEventLink({
        organizationId: "org-b",
        connectionId: b.id,
        eventId: "ev-1",
        ...other,
      });
      await storage.upsertEventLink({
        organizationId: "org-a",
        connectionId: a.id,
        eventId: "ev-2",
        ...other,
      });
      await storage.enqueueJob({ organizationId: "org-a", connectionId: a.id, eventId: "ev-1" });
      const [job] = await storage.claimJobs({ owner: "w1", limit: 1, leaseMs: 1000 });
      const written = { calendarId: "cal-1", externalId: "x-a", etag: "ea", lastSyncedHash: "ha" };
      expect(
        await storage.completeJob(job?.id ?? "", "w1", { link: written, lastSyncedAt: clock.now() }),
      ).toBe(true);
      expect(await storage.getEventLink("org-a", a.id, "ev-1")).toMatchObject(written);
      expect(await storage.getEventLink("org-b", a.id, "ev-1")).toBeNull();
      expect(await storage.getEventLink("org-b", b.id, "ev-1")).toMatchObject(other);
      expect(await storage.getEventLink("org-a", a.id, "ev-2")).toMatchObject(other);
      expect((await storage.getConnection("org-b", b.id))?.lastSyncedAt).toBeNull();

      await storage.enqueueJob({ organizationId: "org-a", connectionId: a.id, eventId: "ev-1" });
      const [next] = await storage.claimJobs({ owner: "w1", limit: 1, leaseMs: 1000 });
      expect(await storage.completeJob(next?.id ?? "", "w1", { link: null })).toBe(true);
      expect(await storage.getEventLink("org-a", a.id, "ev-1")).toBeNull();
      expect(await storage.getEventLink("org-b", b.id, "ev-1")).toMatchObject(other);
      expect(await storage.getEventLink("org-a", a.id, "ev-2")).toMatchObject(other);
    },
  );
}
