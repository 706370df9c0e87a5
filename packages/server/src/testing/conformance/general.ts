import { expect } from "vitest";
import { connect, type Suite } from "./suite.ts";

/** Rules for every aggregate: migrations are idempotent, and every method is scoped to its organization. */
export function generalCases(suite: Suite): void {
  suite.test("migrate is idempotent", async ({ storage }) => {
    expect(await storage.migrate()).toEqual([]);
    expect(await storage.migrate()).toEqual([]);
  });

  suite.test(
    "organization scoping: another organization's rows are never returned, changed or deleted",
    async ({ storage }) => {
      const mine = await connect(storage, "org-a", { externalAccountId: "acct-1" });
      await storage.appendAudit({
        organizationId: "org-a",
        connectionId: mine.id,
        actorId: "user-1",
        action: "connection.connected",
      });
      await storage.upsertEventLink({
        organizationId: "org-a",
        connectionId: mine.id,
        eventId: "ev-1",
        calendarId: "cal-1",
        externalId: "x-1",
        etag: null,
        lastSyncedHash: null,
      });
      const job = await storage.enqueueJob({
        organizationId: "org-a",
        connectionId: mine.id,
        eventId: "ev-1",
      });
      expect(job).not.toBeNull();

      expect(await storage.getConnection("org-b", mine.id)).toBeNull();
      expect(await storage.listConnections("org-b", { includeDisconnected: true })).toEqual([]);
      expect(await storage.findConnectionByAccount("org-b", "google", "acct-1")).toBeNull();
      expect(await storage.updateConnection("org-b", mine.id, { calendarId: "stolen" })).toBeNull();
      expect(await storage.disconnectConnection("org-b", mine.id)).toBeNull();
      expect(
        await storage.enqueueJob({ organizationId: "org-b", connectionId: mine.id, eventId: "ev-2" }),
      ).toBeNull();
      expect(await storage.getEventLink("org-b", mine.id, "ev-1")).toBeNull();
      expect(
        await storage.upsertEventLink({
          organizationId: "org-b",
          connectionId: mine.id,
          eventId: "ev-1",
          calendarId: "cal-1",
          externalId: "stolen",
          etag: null,
          lastSyncedHash: null,
        }),
      ).toBeNull();
      expect(await storage.deleteEventLink("org-b", mine.id, "ev-1")).toBe(false);
      expect(await storage.listAudit("org-b")).toEqual([]);
      expect(await storage.parkConnectionJobs("org-b", mine.id)).toBe(0);
      expect(await storage.resumeConnectionJobs("org-b", mine.id)).toBe(0);
      expect(await storage.listJobs({ organizationId: "org-b" })).toEqual([]);

      const after = await storage.getConnection("org-a", mine.id);
      expect(after?.status).toBe("active");
      expect(after?.calendarId).toBeNull();
      expect((await storage.getEventLink("org-a", mine.id, "ev-1"))?.externalId).toBe("x-1");
      expect(await storage.listJobs({ organizationId: "org-a", status: "pending" })).toHaveLength(1);
      expect(await storage.listAudit("org-a")).toHaveLength(1);
    },
  );
}
