import { describe, expect, it } from "vitest";
import { createHarness } from "../handler/harness.support.ts";
import { createSyncHarness, event, type SyncHarness } from "../sync/sync.support.ts";
import type { ConnectionEvent, NotificationSettings } from "./deliver.ts";

const ADMIN = { userId: "user_alice", organizationId: "org_acme", role: "admin" } as const;
const MINUTE = 60_000;

/** A hook that records what it hears, and can be told to fail. */
function recorder(): {
  settings: NotificationSettings;
  heard: ConnectionEvent[];
  failNext: (n: number) => void;
} {
  const heard: ConnectionEvent[] = [];
  let failures = 0;
  return {
    heard,
    failNext: (n) => {
      failures = n;
    },
    settings: {
      onConnectionEvent: async (one) => {
        if (failures > 0) {
          failures -= 1;
          throw new Error("mail server down");
        }
        heard.push(one);
      },
    },
  };
}

const kinds = (heard: readonly ConnectionEvent[]): string[] => heard.map((one) => one.kind);

describe("connection events for the host", () => {
  it("tell a connection's life in order: connected, calendar changed, needs reconnect, recovered, disconnected", async () => {
    const hook = recorder();
    const h = await createSyncHarness({ notifications: hook.settings });
    await h.kit.sync.deliverConnectionEvents();
    expect(kinds(hook.heard)).toEqual(["connected", "calendar_changed"]);
    expect(hook.heard[0]).toMatchObject({
      organizationId: "org_acme",
      connectionId: h.connectionId,
      provider: "google",
      accountEmail: "alice@acme.test",
      pageURL: "https://app.test/",
    });

    h.google.revokeGrants(h.email);
    h.google.expireAccessTokens();
    await h.put(event("evt_1", "Standup"));
    await h.drain();
    await h.kit.sync.deliverConnectionEvents();
    expect(hook.heard.at(-1)).toMatchObject({ kind: "needs_reconnect", reason: "token_revoked" });
    expect(hook.heard.at(-1)?.message).toMatch(/.+/);

    await h.connect("alice");
    await h.call("DELETE", `/connections/${h.connectionId}`);
    await h.kit.sync.deliverConnectionEvents();
    expect(kinds(hook.heard)).toEqual([
      "connected",
      "calendar_changed",
      "needs_reconnect",
      "recovered",
      "disconnected",
    ]);
    // Each is heard once: a second round finds nothing.
    expect(await h.kit.sync.deliverConnectionEvents()).toEqual({ delivered: 0, postponed: 0, discarded: 0 });
    expect(new Set(hook.heard.map((one) => one.id)).size).toBe(5);
  });

  it("hold sync_failing for the threshold, and say nothing of an outage that ends before it", async () => {
    const hook = recorder();
    const h = await createSyncHarness({ notifications: hook.settings });
    await h.kit.sync.deliverConnectionEvents();
    hook.heard.length = 0;
    const outage = async (minutes: number): Promise<void> => {
      h.google.injectFault("api", { kind: "server_error", status: 503 }, 1_000);
      await h.put(event(`evt_${minutes}`, "Planning"));
      await h.drain();
      expect((await h.kit.api.getConnection(ADMIN, h.connectionId)).status).toBe("error");
      expect(await h.kit.sync.deliverConnectionEvents()).toMatchObject({ delivered: 0, postponed: 1 });
      h.clock.advance(minutes * MINUTE);
      h.google.clearFaults();
    };

    // A 5-minute blip: recovered before the 15 minutes are up, so neither event is sent.
    await outage(5);
    h.clock.advance(MINUTE);
    await h.drain();
    expect((await h.kit.api.getConnection(ADMIN, h.connectionId)).status).toBe("active");
    h.clock.advance(15 * MINUTE);
    expect(await h.kit.sync.deliverConnectionEvents()).toMatchObject({ delivered: 0, discarded: 2 });
    expect(hook.heard).toEqual([]);

    // A longer one: sync_failing once 15 minutes have passed, then recovered.
    h.google.injectFault("api", { kind: "server_error", status: 503 }, 1_000);
    await h.put(event("evt_long", "Review"));
    await h.drain();
    h.clock.advance(16 * MINUTE);
    await h.kit.sync.deliverConnectionEvents();
    expect(hook.heard).toEqual([
      expect.objectContaining({ kind: "sync_failing", reason: "provider_unavailable" }),
    ]);
    h.google.clearFaults();
    h.clock.advance(60 * MINUTE);
    await h.drain();
    await h.kit.sync.deliverConnectionEvents();
    expect(kinds(hook.heard)).toEqual(["sync_failing", "recovered"]);
  });

  it("are delivered at least once: a failing hook is tried again later with the same event id", async () => {
    const hook = recorder();
    const h = await createHarness({ notifications: hook.settings });
    await h.connect("alice");
    hook.failNext(2);
    expect(await h.kit.sync.deliverConnectionEvents()).toMatchObject({ delivered: 0, postponed: 1 });
    expect(h.logs.join("\n")).toMatch(/onConnectionEvent failed/);
    // Not before its backoff.
    expect(await h.kit.sync.deliverConnectionEvents()).toMatchObject({ delivered: 0, postponed: 0 });
    h.clock.advance(MINUTE);
    expect(await h.kit.sync.deliverConnectionEvents()).toMatchObject({ delivered: 0, postponed: 1 });
    h.clock.advance(2 * MINUTE);
    expect(await h.kit.sync.deliverConnectionEvents()).toMatchObject({ delivered: 1 });
    expect(kinds(hook.heard)).toEqual(["connected"]);
  });

  it("are delivered again after a crash between the hook and the outbox's completion", async () => {
    const hook = recorder();
    const h = await createHarness({ notifications: hook.settings });
    await h.connect("alice");
    const complete = h.storage.completeOutbox.bind(h.storage);
    h.storage.completeOutbox = async () => {
      throw new Error("the worker died");
    };
    await expect(h.kit.sync.deliverConnectionEvents()).rejects.toThrow("the worker died");
    h.storage.completeOutbox = complete;
    // The lease runs out; another worker delivers the same event again.
    h.clock.advance(2 * MINUTE);
    await h.kit.sync.deliverConnectionEvents();
    expect(kinds(hook.heard)).toEqual(["connected", "connected"]);
    expect(hook.heard[0]?.id).toBe(hook.heard[1]?.id);
  });

  it("are dropped without a hook, so the outbox does not grow", async () => {
    const h: SyncHarness = await createSyncHarness();
    expect(await h.kit.sync.deliverConnectionEvents()).toMatchObject({ delivered: 0, discarded: 2 });
    expect(await h.storage.listOutbox()).toEqual([]);
  });
});
