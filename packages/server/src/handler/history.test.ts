import type { AuditList, ConnectionList } from "@org/calendar-connections-core";
import { describe, expect, it } from "vitest";
import { createHarness } from "./harness.support.ts";

const DIRECTORY: Record<string, Record<string, string>> = {
  org_acme: { user_alice: "Alice Adams" },
  org_globex: { user_alice: "Alice (Globex)" },
};

describe("connection history", () => {
  it("names who connected a calendar and who acted, through the host's directory, per organization", async () => {
    const asked: string[][] = [];
    const h = await createHarness({
      resolveUserNames: async (organizationId, userIds) => {
        asked.push([organizationId, ...userIds]);
        return DIRECTORY[organizationId] ?? {};
      },
    });
    const { location } = await h.connect("alice");
    const id = location.searchParams.get("connectionId") ?? "";
    const list = (await (await h.call("GET", "/connections")).json()) as ConnectionList;
    expect(list.connections).toEqual([
      expect.objectContaining({ id, createdBy: "user_alice", createdByName: "Alice Adams" }),
    ]);
    // One call for the whole answer, with the organization of the admin.
    expect(asked.at(-1)).toEqual(["org_acme", "user_alice"]);
    const audit = (await (await h.call("GET", `/connections/${id}/audit`)).json()) as AuditList;
    expect(audit.entries[0]).toMatchObject({ actorId: "user_alice", actorName: "Alice Adams" });
  });

  it("shows no names, never an error, when the directory fails or has none", async () => {
    const h = await createHarness({
      resolveUserNames: async () => {
        throw new Error("directory down");
      },
    });
    await h.connect("alice");
    const response = await h.call("GET", "/connections");
    expect(response.status).toBe(200);
    const list = (await response.json()) as ConnectionList;
    expect(list.connections[0]).toMatchObject({ createdBy: "user_alice", createdByName: null });
    expect(h.logs.join("\n")).toMatch(/resolveUserNames failed/);
  });

  it("keeps disconnected connections out of the list unless asked, then lists them after the live ones", async () => {
    const h = await createHarness();
    const first = await h.connect("alice");
    const firstId = first.location.searchParams.get("connectionId") ?? "";
    await h.call("DELETE", `/connections/${firstId}`);
    h.clock.advance(60_000);
    const second = await h.connect("alice", { provider: "microsoft" });
    const secondId = second.location.searchParams.get("connectionId") ?? "";

    const live = (await (await h.call("GET", "/connections")).json()) as ConnectionList;
    expect(live.connections.map((one) => one.id)).toEqual([secondId]);
    const all = (await (await h.call("GET", "/connections?include=disconnected")).json()) as ConnectionList;
    expect(all.connections.map((one) => [one.id, one.status])).toEqual([
      [secondId, "active"],
      [firstId, "disconnected"],
    ]);
    expect(all.connections[1]?.disconnectedAt).toBe(new Date(h.clock.now() - 60_000).toISOString());
    // Another organization's admin sees none of them.
    const foreign = (await (
      await h.call("GET", "/connections?include=disconnected", { as: "carol" })
    ).json()) as ConnectionList;
    expect(foreign.connections).toEqual([]);
    expect((await h.call("GET", "/connections?include=everything")).status).toBe(400);
  });
});
