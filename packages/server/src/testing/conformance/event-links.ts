import { expect } from "vitest";
import { connect, type Suite } from "./suite.ts";

/** Event links: upsert (keeping `createdAt`), read and delete. */
export function eventLinkCases(suite: Suite): void {
  suite.test("event links are upserted, read and deleted", async ({ storage, clock }) => {
    const c = await connect(storage, "org-a");
    const link = {
      organizationId: "org-a",
      connectionId: c.id,
      eventId: "ev-1",
      externalId: "x-1",
      etag: "e1",
      lastSyncedHash: "h1",
    };
    const created = await storage.upsertEventLink(link);
    expect(created).toMatchObject(link);
    clock.advance(1000);
    const updated = await storage.upsertEventLink({ ...link, etag: "e2", lastSyncedHash: "h2" });
    expect(updated).toMatchObject({ etag: "e2", lastSyncedHash: "h2" });
    expect(updated?.createdAt.getTime()).toBe(created?.createdAt.getTime());
    expect(updated?.updatedAt.getTime()).toBe((created?.createdAt.getTime() ?? 0) + 1000);
    expect(await storage.getEventLink("org-a", c.id, "ev-1")).toMatchObject({ etag: "e2" });
    expect(await storage.getEventLink("org-a", c.id, "ev-2")).toBeNull();
    expect(await storage.deleteEventLink("org-a", c.id, "ev-1")).toBe(true);
    expect(await storage.deleteEventLink("org-a", c.id, "ev-1")).toBe(false);
    expect(await storage.getEventLink("org-a", c.id, "ev-1")).toBeNull();
  });
}
