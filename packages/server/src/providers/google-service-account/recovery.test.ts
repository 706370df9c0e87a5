// Issue 12 item 6: the service account is the operator's, so its refusals (a rotated key, removed
// delegation) are outages the operator fixes: recorded as `error` with a retry time, retried, and
// resumed by a refresh, never `needs_reauth` (no admin can reconnect it, and recreating the connection
// would duplicate every event, whose ids derive from the connection id).

import type { FakeFault, FakeFaultTarget } from "@org/calendar-connections-testing";
import { describe, expect, it } from "vitest";
import { createHarness, type Harness } from "../../handler/harness.support.ts";
import type { Actor } from "../../handler/options.ts";
import { deterministicEventId } from "../event-id.ts";
import { GOOGLE_SERVICE_ACCOUNT_ID } from "./index.ts";

const OPS = "ops@acme.test";
const ALICE: Actor = { userId: "user_alice", organizationId: "org_acme", role: "admin" };
const HOUR = 3600_000;

interface Connected extends Harness {
  readonly connectionId: string;
  /** Adds a host event and enqueues its sync. */
  put(id: string, title: string): Promise<void>;
  /** One batch of the sync worker. */
  run(): Promise<{ succeeded: number; retried: number; parked: number; deadLettered: number }>;
  /** The events in the ops calendar, by title. */
  titles(): string[];
}

async function connected(): Promise<Connected> {
  const h = await createHarness(
    { sync: { backoff: { baseMs: 1_000, maxMs: 60_000 }, random: () => 0.5 } },
    { serviceAccount: true, serviceAccountEnabled: () => true },
  );
  const { connection } = await h.kit.api.createConnection(ALICE, {
    provider: GOOGLE_SERVICE_ACCOUNT_ID,
    input: { calendarId: OPS },
  });
  h.events.set("org_acme", []);
  return {
    ...h,
    connectionId: connection.id,
    async put(id, title) {
      h.events.get("org_acme")?.push({
        id,
        title,
        start: new Date("2026-12-01T09:00:00Z"),
        end: new Date("2026-12-01T10:00:00Z"),
      });
      await h.kit.sync.enqueueEventSync({ organizationId: "org_acme", eventId: id });
    },
    run: () => h.kit.sync.processPendingCalendarSyncJobs({ limit: 50 }),
    titles: () =>
      h.google
        .events(OPS, OPS)
        .filter((event) => event.status === "confirmed")
        .map((event) => event.resource.summary as string),
  };
}

// What the operator's side answers when the key was rotated or the delegation removed.
const REFUSALS: readonly (readonly [string, FakeFaultTarget, FakeFault, number])[] = [
  ["the token endpoint answers invalid_grant (key rotated)", "token", { kind: "invalid_grant" }, 1],
  ["the token endpoint answers 401 (delegation removed)", "token", { kind: "unauthorized" }, 1],
  ["the API answers 401 even to a freshly minted token", "api", { kind: "unauthorized" }, 2],
];

describe("google-service-account: connections recover", () => {
  it.each(REFUSALS)(
    "%s: error with a retry time, then the next run after it syncs and recovers",
    async (_why, target, fault, times) => {
      const h = await connected();
      await h.put("evt_1", "Standup");
      // The token minted while connecting has expired: the next write mints a new one.
      h.clock.advance(HOUR);
      h.google.injectFault(target, fault, times);
      expect(await h.run()).toMatchObject({ retried: 1, parked: 0, deadLettered: 0 });
      const failing = await h.kit.api.getConnection(ALICE, h.connectionId);
      expect(failing.status).toBe("error");
      expect(failing.health?.retryAt).toBeTruthy();
      const [job] = await h.storage.listJobs();
      expect(job?.status).toBe("pending");
      expect(h.titles()).toEqual([]);

      h.clock.advance(Date.parse(failing.health?.retryAt ?? "") - h.clock.now());
      expect(await h.run()).toMatchObject({ succeeded: 1 });
      expect(h.titles()).toEqual(["Standup"]);
      expect(await h.kit.api.getConnection(ALICE, h.connectionId)).toMatchObject({
        status: "active",
        health: null,
      });
    },
  );

  it("POST /connections/:id/refresh re-tests the account: still refused is error, working again resumes the parked jobs on the same connection", async () => {
    const h = await connected();
    await h.put("evt_1", "Standup");
    await h.put("evt_2", "Retro");
    await h.run();
    // A connection the old classification left in needs_reauth, with its jobs parked.
    await h.storage.updateConnection("org_acme", h.connectionId, {
      status: "needs_reauth",
      health: { reason: "token_revoked", message: "Access was revoked.", retryAt: null },
    });
    await h.put("evt_3", "Planning");
    await h.storage.parkConnectionJobs("org_acme", h.connectionId);
    expect(await h.run()).toMatchObject({ succeeded: 0 });

    h.clock.advance(HOUR);
    h.google.injectFault("token", { kind: "invalid_grant" });
    const stillRefused = await h.call("POST", `/connections/${h.connectionId}/refresh`, { body: {} });
    expect(stillRefused.status).toBe(200);
    expect(await stillRefused.json()).toMatchObject({ id: h.connectionId, status: "error" });

    const recovered = await h.call("POST", `/connections/${h.connectionId}/refresh`, { body: {} });
    expect(await recovered.json()).toMatchObject({ id: h.connectionId, status: "active", health: null });
    expect(await h.run()).toMatchObject({ succeeded: 1 });
    expect(h.titles().sort()).toEqual(["Planning", "Retro", "Standup"]);
    // Still the one connection, so every event kept its id.
    const connections = await h.storage.listConnections("org_acme", { includeDisconnected: true });
    expect(connections.map((connection) => connection.id)).toEqual([h.connectionId]);
    expect(
      h.google
        .events(OPS, OPS)
        .map((event) => event.id)
        .sort(),
    ).toEqual(["evt_1", "evt_2", "evt_3"].map((id) => deterministicEventId(h.connectionId, id)).sort());
  });

  it("a refused account at connect time answers provider_unavailable, not credentials_rejected", async () => {
    const h = await createHarness({}, { serviceAccount: true, serviceAccountEnabled: () => true });
    h.google.injectFault("token", { kind: "invalid_grant" });
    const response = await h.call("POST", "/connections", {
      body: { provider: GOOGLE_SERVICE_ACCOUNT_ID, input: { calendarId: OPS } },
    });
    expect(response.status).toBe(502);
    expect(await response.json()).toMatchObject({ code: "provider_unavailable" });
    expect(await h.storage.listConnections("org_acme")).toEqual([]);
  });
});
