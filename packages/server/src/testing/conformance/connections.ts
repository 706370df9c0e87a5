import { expect } from "vitest";
import { StorageConflictError, StorageError } from "../../storage/errors.ts";
import type { CalendarStorage } from "../../storage/types.ts";
import { connect, type Suite, sleep, tokens } from "./suite.ts";

/** A credentials value as migration 2 writes it (storage only looks at its first character). */
const LEGACY_WRAPPER = '{"legacy":"v1","access_token":"v1.new.a.b","refresh_token":null}';

/** Connections: times, the exclusive slot, credentials, soft delete, feed tokens, the lock and the key scan. */
export function connectionCases(suite: Suite): void {
  suite.test("timestamps are set on create and moved on update", async ({ storage, clock }) => {
    const created = await connect(storage, "org-a");
    expect(created.createdAt.getTime()).toBe(clock.now().getTime());
    expect(created.updatedAt.getTime()).toBe(created.createdAt.getTime());
    expect(created.disconnectedAt).toBeNull();
    clock.advance(5000);
    const updated = await storage.updateConnection("org-a", created.id, { calendarId: "primary" });
    expect(updated?.createdAt.getTime()).toBe(created.createdAt.getTime());
    expect(updated?.updatedAt.getTime()).toBe(created.createdAt.getTime() + 5000);
    clock.advance(1000);
    const gone = await storage.disconnectConnection("org-a", created.id);
    expect(gone?.disconnectedAt?.getTime()).toBe(created.createdAt.getTime() + 6000);
    expect(gone?.updatedAt.getTime()).toBe(created.createdAt.getTime() + 6000);
    const reread = await storage.getConnection("org-a", created.id);
    expect(reread?.createdAt.getTime()).toBe(created.createdAt.getTime());
  });

  suite.test(
    "one active connection per (organization, provider) under concurrent inserts",
    async ({ harness, storage }) => {
      const others = await Promise.all(Array.from({ length: suite.peers }, () => harness.openPeer()));
      const writers = [storage, ...others];
      const attempts = 8;
      const results = await Promise.allSettled(
        Array.from({ length: attempts }, (_, i) => connect(writers[i % writers.length] ?? storage, "org-a")),
      );
      const won = results.filter((r) => r.status === "fulfilled");
      const lost = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
      expect(won).toHaveLength(1);
      expect(lost).toHaveLength(attempts - 1);
      for (const failure of lost) expect(failure.reason).toBeInstanceOf(StorageConflictError);
      expect(await storage.listConnections("org-a")).toHaveLength(1);

      // Other providers and other organizations are separate slots.
      await connect(storage, "org-a", { provider: "microsoft" });
      await connect(storage, "org-b");
      // A disconnected connection frees the slot.
      const active = (await storage.listConnections("org-a")).find((c) => c.provider === "google");
      expect(active).toBeDefined();
      await storage.disconnectConnection("org-a", active?.id ?? "");
      const again = await connect(storage, "org-a", { externalAccountId: active?.externalAccountId ?? null });
      expect(
        await storage.findConnectionByAccount("org-a", "google", again.externalAccountId ?? ""),
      ).toMatchObject({
        id: again.id,
      });
      await expect(connect(storage, "org-a", { id: again.id, provider: "microsoft" })).rejects.toBeInstanceOf(
        StorageConflictError,
      );
    },
  );

  suite.test(
    "a non-exclusive provider may have several connections per organization",
    async ({ storage }) => {
      const one = await connect(storage, "org-a", { provider: "caldav", exclusive: false });
      const two = await connect(storage, "org-a", { provider: "caldav", exclusive: false });
      expect((await storage.listConnections("org-a")).map((c) => c.id)).toEqual([one.id, two.id]);
      // Still one per account, and an exclusive provider next to it keeps its own single slot.
      await expect(
        connect(storage, "org-a", {
          provider: "caldav",
          exclusive: false,
          externalAccountId: one.externalAccountId,
        }),
      ).rejects.toBeInstanceOf(StorageConflictError);
      await connect(storage, "org-a");
      await expect(connect(storage, "org-a")).rejects.toBeInstanceOf(StorageConflictError);
      // The flag is the row's: its updates do not take another provider's slot.
      expect(await storage.updateConnection("org-a", two.id, { calendarId: "work" })).toMatchObject({
        calendarId: "work",
      });
    },
  );

  suite.test("tokens are written together and guarded by tokenVersion", async ({ storage, clock }) => {
    const created = await connect(storage, "org-a");
    expect(created.tokenVersion).toBe(1);
    expect(created.keyId).toBe("k1");
    const rotated = await storage.updateConnection("org-a", created.id, {
      tokens: tokens("k1", "two"),
      expectedTokenVersion: 1,
    });
    expect(rotated).toMatchObject({
      tokenVersion: 2,
      credentialsKind: "oauth",
      credentialsCiphertext: "v2.k1.two",
    });
    // A loser of the refresh race holds a stale version: nothing is written, it re-reads.
    const stale = await storage.updateConnection("org-a", created.id, {
      tokens: tokens("k1", "three"),
      expectedTokenVersion: 1,
    });
    expect(stale).toBeNull();
    const current = await storage.getConnection("org-a", created.id);
    expect(current?.credentialsCiphertext).toBe("v2.k1.two");
    // Non-token changes do not bump the version; health round-trips.
    const health = {
      reason: "provider_unavailable" as const,
      message: "Down",
      retryAt: new Date(clock.now().getTime() + 60_000),
    };
    const unhealthy = await storage.updateConnection("org-a", created.id, { status: "error", health });
    expect(unhealthy).toMatchObject({ status: "error", tokenVersion: 2, health });
    const healed = await storage.updateConnection("org-a", created.id, {
      status: "active",
      health: null,
      scopes: ["a", "b"],
      lastSyncedAt: clock.now(),
    });
    expect(healed).toMatchObject({ status: "active", health: null, scopes: ["a", "b"] });
    expect(healed?.lastSyncedAt?.getTime()).toBe(clock.now().getTime());
  });

  suite.test("credentials are stored with their kind, all of a write or none of it", async ({ storage }) => {
    const secret = { ...tokens("k2", "form"), credentialsKind: "secret", tokenExpiresAt: null };
    const created = await connect(storage, "org-a", { provider: "caldav", tokens: secret });
    expect(created).toMatchObject(secret);
    expect(await storage.getConnection("org-a", created.id)).toMatchObject(secret);
    // Kind, ciphertext and key id go together: a partial write is refused and changes nothing.
    for (const partial of [
      { ...secret, credentialsKind: null },
      { ...secret, credentialsCiphertext: null },
      { ...secret, keyId: null },
    ]) {
      await expect(storage.updateConnection("org-a", created.id, { tokens: partial })).rejects.toBeInstanceOf(
        StorageError,
      );
      await expect(connect(storage, "org-b", { provider: "caldav", tokens: partial })).rejects.toBeInstanceOf(
        StorageError,
      );
    }
    expect(await storage.getConnection("org-a", created.id)).toMatchObject({ ...secret, tokenVersion: 1 });
    expect(await storage.listConnections("org-b")).toEqual([]);
    // An empty write erases them (a form provider whose secret was revoked).
    const empty = { credentialsKind: null, credentialsCiphertext: null, tokenExpiresAt: null, keyId: null };
    expect(await storage.updateConnection("org-a", created.id, { tokens: empty })).toMatchObject({
      ...empty,
      tokenVersion: 2,
    });
  });

  suite.test("soft delete keeps the row and its audit entries and erases tokens", async ({ storage }) => {
    const created = await connect(storage, "org-a", {
      feedTokenHash: "feed-hash",
      audit: { actorId: "user-1", action: "connection.connected", details: { provider: "google" } },
    });
    await storage.enqueueJob({ organizationId: "org-a", connectionId: created.id, eventId: "ev-1" });
    await storage.upsertEventLink({
      organizationId: "org-a",
      connectionId: created.id,
      eventId: "ev-1",
      calendarId: "cal-1",
      externalId: "x-1",
      etag: "e1",
      lastSyncedHash: "h1",
    });
    const gone = await storage.disconnectConnection("org-a", created.id, {
      actorId: "user-1",
      action: "connection.disconnected",
    });
    expect(gone).toMatchObject({
      status: "disconnected",
      credentialsKind: null,
      credentialsCiphertext: null,
      tokenExpiresAt: null,
      keyId: null,
      feedTokenHash: null,
      health: null,
    });
    expect(await storage.disconnectConnection("org-a", created.id)).toBeNull();
    expect(await storage.updateConnection("org-a", created.id, { calendarId: "x" })).toBeNull();
    expect(await storage.getConnection("org-a", created.id)).toMatchObject({ status: "disconnected" });
    expect(await storage.listConnections("org-a")).toEqual([]);
    expect(await storage.listConnections("org-a", { includeDisconnected: true })).toHaveLength(1);
    expect(await storage.listJobs({ connectionId: created.id })).toEqual([]);
    expect(
      await storage.enqueueJob({ organizationId: "org-a", connectionId: created.id, eventId: "ev-2" }),
    ).toBeNull();
    expect(await storage.findConnectionByFeedTokenHash("feed-hash")).toBeNull();
    expect(await storage.getEventLink("org-a", created.id, "ev-1")).not.toBeNull();
    const audit = await storage.listAudit("org-a", { connectionId: created.id });
    expect(audit.map((e) => e.action)).toEqual(["connection.disconnected", "connection.connected"]);
    expect(audit[1]?.details).toEqual({ provider: "google" });
  });

  suite.test("feed token hash lookup", async ({ storage }) => {
    const feed = await connect(storage, "org-a", {
      provider: "ics",
      tokens: null,
      feedTokenHash: "hash-1",
    });
    expect(feed.tokenVersion).toBe(0);
    expect(await storage.findConnectionByFeedTokenHash("hash-1")).toMatchObject({
      id: feed.id,
      organizationId: "org-a",
    });
    expect(await storage.findConnectionByFeedTokenHash("hash-2")).toBeNull();
    await expect(
      connect(storage, "org-b", { provider: "ics", tokens: null, feedTokenHash: "hash-1" }),
    ).rejects.toBeInstanceOf(StorageConflictError);
    await storage.updateConnection("org-a", feed.id, { feedTokenHash: "hash-2" });
    expect(await storage.findConnectionByFeedTokenHash("hash-1")).toBeNull();
    expect((await storage.findConnectionByFeedTokenHash("hash-2"))?.id).toBe(feed.id);
  });

  suite.test("a provider account in use is found across organizations", async ({ storage }) => {
    const acme = await connect(storage, "org-a", { externalAccountId: "shared-sub" });
    expect(await storage.isAccountInUse("google", "shared-sub")).toBe(true);
    // The connection being disconnected does not count for itself.
    expect(await storage.isAccountInUse("google", "shared-sub", { exceptConnectionId: acme.id })).toBe(false);
    const globex = await connect(storage, "org-b", { externalAccountId: "shared-sub" });
    expect(await storage.isAccountInUse("google", "shared-sub", { exceptConnectionId: acme.id })).toBe(true);
    // Same account id, other provider or other account: not the same grant.
    expect(await storage.isAccountInUse("microsoft", "shared-sub")).toBe(false);
    expect(await storage.isAccountInUse("google", "other-sub")).toBe(false);
    // A connection that needs reauthorization is still live; a disconnected one is not.
    await storage.updateConnection("org-b", globex.id, {
      status: "needs_reauth",
      health: { reason: "token_revoked", message: "Revoked", retryAt: null },
    });
    expect(await storage.isAccountInUse("google", "shared-sub", { exceptConnectionId: acme.id })).toBe(true);
    await storage.disconnectConnection("org-b", globex.id);
    expect(await storage.isAccountInUse("google", "shared-sub", { exceptConnectionId: acme.id })).toBe(false);
    await storage.disconnectConnection("org-a", acme.id);
    expect(await storage.isAccountInUse("google", "shared-sub")).toBe(false);
  });

  suite.test("connection lock serializes two concurrent holders", async ({ harness, storage }) => {
    const peer = await harness.openPeer();
    const c = await connect(storage, "org-a");
    const timeline: string[] = [];
    const hold = (holder: CalendarStorage, label: string): Promise<string> =>
      holder.withConnectionLock(c.id, async () => {
        timeline.push(`${label}:in`);
        await sleep(100);
        // The holder can use the storage while it holds the lock (the refresh writes the new tokens).
        const current = await holder.getConnection("org-a", c.id);
        await holder.updateConnection("org-a", c.id, {
          tokens: tokens("k1", label),
          expectedTokenVersion: current?.tokenVersion ?? -1,
        });
        timeline.push(`${label}:out`);
        return label;
      });
    const results = await Promise.all([
      hold(storage, "a"),
      hold(peer, "b"),
      hold(storage, "c"),
      hold(peer, "d"),
    ]);
    expect(results).toEqual(["a", "b", "c", "d"]);
    for (let i = 0; i < timeline.length; i += 2) {
      const entered = timeline[i]?.split(":")[0];
      expect(timeline[i + 1]).toBe(`${entered}:out`);
    }
    expect((await storage.getConnection("org-a", c.id))?.tokenVersion).toBe(5);
    // An error passes through and releases the lock.
    await expect(
      storage.withConnectionLock(c.id, async () => {
        throw new Error("refresh failed");
      }),
    ).rejects.toThrow("refresh failed");
    expect(await peer.withConnectionLock(c.id, async () => "free again")).toBe("free again");
  });

  suite.test("key scan lists rows not on a key, and rows still in the pre-v2 form", async ({ storage }) => {
    const a = await connect(storage, "org-a", { tokens: tokens("old", "a") });
    const b = await connect(storage, "org-b", { tokens: tokens("old", "b") });
    await connect(storage, "org-c", { tokens: tokens("new", "c") });
    await connect(storage, "org-d", { provider: "ics", tokens: null });
    // What migration 2 left: the two v1 envelopes in a JSON wrapper, already on the current key.
    const legacy = await connect(storage, "org-e", {
      tokens: { ...tokens("new", "e"), credentialsCiphertext: LEGACY_WRAPPER },
    });
    const stale = await storage.listConnectionsNotOnKey("new");
    expect(stale.map((r) => r.id).sort()).toEqual([a.id, b.id, legacy.id].sort());
    const page = await storage.listConnectionsNotOnKey("new", { limit: 2 });
    expect(page).toHaveLength(2);
    const next = await storage.listConnectionsNotOnKey("new", { afterId: page[1]?.id ?? "" });
    expect(next).toHaveLength(1);
    expect(page.map((r) => r.id)).not.toContain(next[0]?.id);
    expect([...page, ...next].map((r) => r.id)).toEqual(stale.map((r) => r.id));
  });
}
