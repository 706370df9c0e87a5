import { expect } from "vitest";
import { connect, type Suite } from "./suite.ts";

/** The outbox of connection events: written with its audit entry, delivered per connection in order. */
export function outboxCases(suite: Suite): void {
  suite.test(
    "a connection event is written with its audit entry, and only when the change applies",
    async ({ storage }) => {
      const c = await connect(storage, "org-a");
      const entry = await storage.appendAudit({
        organizationId: "org-a",
        connectionId: c.id,
        actorId: "user-1",
        action: "connection.connected",
        notify: { kind: "connected" },
      });
      await storage.updateConnection("org-a", c.id, {
        status: "needs_reauth",
        audit: {
          actorId: null,
          action: "connection.health_changed",
          details: { status: "needs_reauth" },
          notify: { kind: "needs_reconnect", reason: "token_revoked" },
        },
      });
      // A change that does not apply writes neither its audit entry nor its event.
      await storage.updateConnection("org-a", c.id, {
        status: "active",
        expectedTokenVersion: c.tokenVersion + 5,
        audit: { actorId: null, action: "connection.health_changed", notify: { kind: "recovered" } },
      });
      await storage.updateConnection("org-b", c.id, {
        status: "active",
        audit: { actorId: null, action: "connection.health_changed", notify: { kind: "recovered" } },
      });
      // An entry without an event writes none.
      await storage.appendAudit({
        organizationId: "org-a",
        connectionId: c.id,
        actorId: null,
        action: "feed.rotated",
      });
      const rows = await storage.listOutbox({ connectionId: c.id });
      expect(rows.map((row) => [row.kind, row.reason])).toEqual([
        ["connected", null],
        ["needs_reconnect", "token_revoked"],
      ]);
      expect(rows[0]).toMatchObject({
        organizationId: "org-a",
        auditId: entry.id,
        attempts: 0,
        leaseOwner: null,
      });
    },
  );

  suite.test(
    "outbox rows are claimed one per connection in order, leased, postponed and completed",
    async ({ storage, clock }) => {
      const a = await connect(storage, "org-a");
      const b = await connect(storage, "org-b");
      const event = (organizationId: string, connectionId: string, kind: "connected" | "calendar_changed") =>
        storage.appendAudit({
          organizationId,
          connectionId,
          actorId: null,
          action: "connection.connected",
          notify: { kind },
        });
      await event("org-a", a.id, "connected");
      clock.advance(1);
      await event("org-b", b.id, "connected");
      clock.advance(1);
      await event("org-a", a.id, "calendar_changed");

      const first = await storage.claimOutbox({ owner: "w1", limit: 10, leaseMs: 1_000 });
      expect(first.map((row) => [row.connectionId, row.kind, row.attempts])).toEqual([
        [a.id, "connected", 1],
        [b.id, "connected", 1],
      ]);
      // Leased rows are not claimed again, and a connection's next row waits for its first.
      expect(await storage.claimOutbox({ owner: "w2", limit: 10, leaseMs: 1_000 })).toEqual([]);
      const [aFirst, bFirst] = first;
      expect(await storage.completeOutbox(aFirst?.id ?? "", "w2")).toBe(false);
      expect(await storage.completeOutbox(aFirst?.id ?? "", "w1")).toBe(true);
      const next = await storage.claimOutbox({ owner: "w2", limit: 10, leaseMs: 1_000 });
      expect(next.map((row) => row.kind)).toEqual(["calendar_changed"]);

      // Postponed: held until then, with the error; an expired lease is taken over.
      const later = new Date(clock.now().getTime() + 60_000);
      expect(
        await storage.postponeOutbox(bFirst?.id ?? "", "w1", { until: later, error: "hook failed" }),
      ).toBe(true);
      expect(await storage.postponeOutbox(bFirst?.id ?? "", "w1", { until: later })).toBe(false);
      clock.advance(1_000);
      const reclaimed = await storage.claimOutbox({ owner: "w3", limit: 10, leaseMs: 1_000 });
      expect(reclaimed.map((row) => [row.kind, row.attempts])).toEqual([["calendar_changed", 2]]);
      clock.advance(60_000);
      const due = await storage.claimOutbox({ owner: "w3", limit: 10, leaseMs: 1_000 });
      expect(due.map((row) => [row.connectionId, row.lastError])).toEqual([
        [b.id, "hook failed"],
        [a.id, null],
      ]);
      expect(await storage.discardOutbox(due[0]?.id ?? "")).toBe(true);
      expect(await storage.discardOutbox(due[0]?.id ?? "")).toBe(false);
      expect((await storage.listOutbox()).map((row) => row.kind)).toEqual(["calendar_changed"]);
    },
  );
}
