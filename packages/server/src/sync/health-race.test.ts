import { describe, expect, it } from "vitest";
import type { HostEvent, HostEventWithId } from "../events/types.ts";
import { createSyncHarness, event, type SyncHarness } from "./sync.support.ts";

// A job reads its connection, then calls the provider with the credentials it read. When the admin
// reconnects in between, a refusal of the old grant is not the new grant's: the job must not mark
// the fresh connection as needing a reconnect, nor park its jobs.

const ADMIN = { userId: "user_alice", organizationId: "org_acme", role: "admin" } as const;

describe("a job whose grant was replaced while it ran", () => {
  it("does not mark the reconnected connection needs_reauth when the old grant lacked a scope", async () => {
    let h: SyncHarness | undefined;
    let reconnectDuringJob = false;
    h = await createSyncHarness({
      // The host's getEvent runs after the job read the connection and before the provider call.
      getEvent: async (organizationId, eventId): Promise<HostEvent | null> => {
        if (h === undefined) throw new Error("harness not ready");
        if (reconnectDuringJob) {
          reconnectDuringJob = false;
          await h.connect("alice");
          // The provider refuses the call the job is about to make with the old token.
          h.google.injectFault("api", { kind: "insufficient_scope" });
        }
        const list: readonly HostEventWithId[] = h.events.get(organizationId) ?? [];
        return list.find((candidate) => candidate.id === eventId) ?? null;
      },
    });
    const harness = h;
    reconnectDuringJob = true;
    await harness.put(event("evt_race", "Race"));
    const first = await harness.kit.sync.processPendingCalendarSyncJobs();
    expect(first).toMatchObject({ parked: 0, retried: 1 });
    expect(await harness.kit.api.getConnection(ADMIN, harness.connectionId)).toMatchObject({
      status: "active",
      health: null,
    });
    harness.clock.advance(10 * 60_000);
    expect(await harness.drain()).toMatchObject({ succeeded: 1, parked: 0, deadLettered: 0 });
    expect(
      harness.google.events(harness.email, harness.calendarId).map((one) => one.resource.summary),
    ).toEqual(["Race"]);
  });
});
