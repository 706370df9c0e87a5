import type { ConnectionEvent } from "@org/calendar-connections-server";
import { describe, expect, it } from "vitest";
import { createDemoOutbox, demoUserNames } from "./outbox.ts";

const base: ConnectionEvent = {
  id: "evt-1",
  kind: "needs_reconnect",
  organizationId: "org_acme",
  connectionId: "conn-1",
  provider: "google",
  accountEmail: "alice@acme.test",
  calendarName: "Team events",
  reason: "token_revoked",
  message: "Access was revoked. Reconnect to resume syncing.",
  occurredAt: new Date("2026-12-01T10:00:00Z"),
  pageURL: "http://localhost:3000/admin/integrations/calendars",
};

describe("the demo's outbox", () => {
  it("turns each connection event into one email to the organization's admins, newest first", async () => {
    const outbox = createDemoOutbox();
    await outbox.deliver(base);
    // Delivered again (at least once): still one email.
    await outbox.deliver(base);
    await outbox.deliver({ ...base, id: "evt-2", kind: "recovered", reason: null, message: null });
    const emails = outbox.list("org_acme");
    expect(emails.map((email) => email.subject)).toEqual([
      "Calendar sync is working again",
      "Action needed: reconnect your calendar",
    ]);
    expect(emails[1]).toMatchObject({ to: ["alice@acme.test"] });
    expect(emails[1]?.body).toContain("alice@acme.test → Team events");
    expect(emails[1]?.body).toContain(base.pageURL);
    expect(outbox.list("org_globex")).toEqual([]);
  });

  it("names the directory's users, per organization", async () => {
    expect(await demoUserNames("org_acme", ["user_alice", "user_carol"])).toEqual({
      user_alice: "Alice Adams",
    });
  });
});
