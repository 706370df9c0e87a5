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
      calendarId: "cal-1",
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

/** The calendar a link records is where its event lives, whatever the connection's target is now. */
export function eventLinkCalendarCases(suite: Suite): void {
  suite.test("an event link remembers the calendar it lives in", async ({ storage, clock }) => {
    const c = await connect(storage, "org-a");
    await storage.updateConnection("org-a", c.id, { calendarId: "cal-a", calendarName: "A" });
    const key = { organizationId: "org-a", connectionId: c.id };
    const upserted = await storage.upsertEventLink({
      ...key,
      eventId: "ev-1",
      calendarId: "cal-a",
      externalId: "x-1",
      etag: null,
      lastSyncedHash: "h1",
    });
    expect(upserted).toMatchObject({ calendarId: "cal-a" });

    // Completing a job writes the calendar with the link, atomically, and a lost lease writes none.
    await storage.enqueueJob({ ...key, eventId: "ev-2" });
    const [job] = await storage.claimJobs({ owner: "w1", limit: 1, leaseMs: 1000 });
    const written = { calendarId: "cal-a", externalId: "x-2", etag: "e2", lastSyncedHash: "h2" };
    expect(await storage.completeJob(job?.id ?? "", "w2", { link: written })).toBe(false);
    expect(await storage.getEventLink("org-a", c.id, "ev-2")).toBeNull();
    expect(await storage.completeJob(job?.id ?? "", "w1", { link: written })).toBe(true);
    expect(await storage.getEventLink("org-a", c.id, "ev-2")).toMatchObject(written);

    // A new target calendar leaves the links where their events are.
    await storage.updateConnection("org-a", c.id, { calendarId: "cal-b", calendarName: "B" });
    expect(await storage.getEventLink("org-a", c.id, "ev-1")).toMatchObject({ calendarId: "cal-a" });
    expect(await storage.getEventLink("org-a", c.id, "ev-2")).toMatchObject({ calendarId: "cal-a" });

    // A later write records where the event lives now (createdAt kept).
    clock.advance(1000);
    await storage.enqueueJob({ ...key, eventId: "ev-2" });
    const [next] = await storage.claimJobs({ owner: "w1", limit: 1, leaseMs: 1000 });
    const moved = { ...written, calendarId: "cal-b", externalId: "x-2b" };
    expect(await storage.completeJob(next?.id ?? "", "w1", { link: moved })).toBe(true);
    const link = await storage.getEventLink("org-a", c.id, "ev-2");
    expect(link).toMatchObject(moved);
    expect(link?.updatedAt.getTime()).toBe((link?.createdAt.getTime() ?? 0) + 1000);
    const replaced = await storage.upsertEventLink({ ...key, eventId: "ev-1", ...moved });
    expect(replaced).toMatchObject({ calendarId: "cal-b", externalId: "x-2b" });
  });
}

/** A create under way is recorded as a link without an external id; the completion fills it in. */
export function eventLinkIntentCases(suite: Suite): void {
  suite.test("a link without an external id records a create under way", async ({ storage }) => {
    const c = await connect(storage, "org-a");
    const key = { organizationId: "org-a", connectionId: c.id, eventId: "ev-1" };
    const intent = { ...key, calendarId: "cal-a", externalId: null, etag: null, lastSyncedHash: null };
    expect(await storage.upsertEventLink(intent)).toMatchObject(intent);
    expect(await storage.getEventLink("org-a", c.id, "ev-1")).toMatchObject(intent);
    // Another organization cannot record one on this connection.
    expect(await storage.upsertEventLink({ ...intent, organizationId: "org-b" })).toBeNull();

    await storage.enqueueJob(key);
    const [job] = await storage.claimJobs({ owner: "w1", limit: 1, leaseMs: 1000 });
    const written = { calendarId: "cal-a", externalId: "x-1", etag: "e1", lastSyncedHash: "h1" };
    expect(await storage.completeJob(job?.id ?? "", "w1", { link: written })).toBe(true);
    expect(await storage.getEventLink("org-a", c.id, "ev-1")).toMatchObject(written);
  });
}

/** Marking an admin's choice about synced events: links to move, and the events to remove. */
export function eventLinkFateCases(suite: Suite): void {
  suite.test(
    "links outside the new calendar are marked to move, and linked events are listed",
    async ({ storage }) => {
      const c = await connect(storage, "org-a");
      const key = { organizationId: "org-a", connectionId: c.id, etag: null, lastSyncedHash: "h" };
      await storage.upsertEventLink({ ...key, eventId: "ev-a", calendarId: "cal-a", externalId: "x-a" });
      await storage.upsertEventLink({ ...key, eventId: "ev-b", calendarId: "cal-b", externalId: "x-b" });
      await storage.upsertEventLink({ ...key, eventId: "ev-c", calendarId: "cal-a", externalId: null });
      const other = await connect(storage, "org-b");
      await storage.upsertEventLink({
        ...key,
        organizationId: "org-b",
        connectionId: other.id,
        eventId: "ev-z",
        calendarId: "cal-a",
        externalId: "x-z",
      });

      expect((await storage.markLinksToMove("org-b", c.id, { from: "cal-a", to: "cal-b" })).sort()).toEqual(
        [],
      );
      const marked = await storage.markLinksToMove("org-a", c.id, { from: "cal-a", to: "cal-b" });
      expect(marked.sort()).toEqual(["ev-a", "ev-c"]);
      expect(await storage.syncActivity("org-a", c.id)).toMatchObject({ synced: 2, moving: 2 });
      expect(await storage.syncActivity("org-b", other.id)).toMatchObject({ moving: 0 });
      expect(await storage.getEventLink("org-a", c.id, "ev-a")).toMatchObject({
        pending: "move",
        calendarId: "cal-a",
      });
      expect(await storage.getEventLink("org-a", c.id, "ev-b")).toMatchObject({ pending: null });
      expect(await storage.getEventLink("org-b", other.id, "ev-z")).toMatchObject({ pending: null });
      // A write of the link (the move done) clears the mark.
      await storage.upsertEventLink({ ...key, eventId: "ev-a", calendarId: "cal-b", externalId: "x-a2" });
      expect(await storage.getEventLink("org-a", c.id, "ev-a")).toMatchObject({
        pending: null,
        calendarId: "cal-b",
      });
      expect(await storage.syncActivity("org-a", c.id)).toMatchObject({ moving: 1 });

      expect(await storage.listLinkedEventIds("org-a", c.id)).toEqual(["ev-a", "ev-b", "ev-c"]);
      expect(await storage.listLinkedEventIds("org-b", c.id)).toEqual([]);
    },
  );
}
