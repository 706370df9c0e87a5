import { expect } from "vitest";
import { connect, type Suite } from "./suite.ts";

/** The audit log: append-only, newest first, filtered by connection. */
export function auditCases(suite: Suite): void {
  suite.test("audit log is append-only, newest first, filtered by connection", async ({ storage, clock }) => {
    const a = await connect(storage, "org-a");
    const b = await connect(storage, "org-a", { provider: "microsoft" });
    const first = await storage.appendAudit({
      organizationId: "org-a",
      connectionId: a.id,
      actorId: "user-1",
      action: "connection.connected",
      details: { n: 1, ok: true, note: null },
    });
    expect(first.at).toBe(clock.now().toISOString());
    expect(first.details).toEqual({ n: 1, ok: true, note: null });
    await storage.appendAudit({
      organizationId: "org-a",
      connectionId: b.id,
      actorId: null,
      action: "connection.refreshed",
    });
    clock.advance(10);
    await storage.appendAudit({
      organizationId: "org-a",
      connectionId: a.id,
      actorId: "user-2",
      action: "connection.calendar_selected",
    });
    const all = await storage.listAudit("org-a");
    expect(all.map((e) => e.action)).toEqual([
      "connection.calendar_selected",
      "connection.refreshed",
      "connection.connected",
    ]);
    expect((await storage.listAudit("org-a", { connectionId: a.id })).map((e) => e.actorId)).toEqual([
      "user-2",
      "user-1",
    ]);
    expect(await storage.listAudit("org-a", { limit: 1 })).toHaveLength(1);
  });
}
