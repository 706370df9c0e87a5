import type { ProviderId } from "@org/calendar-connections-core";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { StorageConflictError } from "../storage/errors.ts";
import { newId } from "../storage/ids.ts";
import type { CalendarStorage, ConnectionRecord, NewConnection } from "../storage/types.ts";
import { createTestClock, type TestClock } from "./clock.ts";

/** What an adapter's test file hands the conformance suite for each case. */
export interface ConformanceHarness {
  /** A migrated, empty storage that reads time from the suite's clock. */
  readonly storage: CalendarStorage;
  /**
   * Another, independent storage on the same database that uses the real clock: a second pool
   * (PostgreSQL), a second connection in another thread or process (SQLite), or the same instance
   * (memory). The concurrency cases run through peers, so they must be truly concurrent.
   */
  openPeer(): Promise<CalendarStorage>;
  /** Closes the storage and every peer, and drops what the harness created. */
  close(): Promise<void>;
}

export interface ConformanceOptions {
  /** Peers for the concurrency cases (default 2). */
  readonly peers?: number;
  /** Concurrent claim loops per peer (default 4). */
  readonly claimersPerPeer?: number;
  /** Jobs in the concurrent-claim case (default 120). */
  readonly jobs?: number;
  /** Receives one line with the concurrent-claim figures (default `console.info`). */
  readonly report?: (line: string) => void;
}

/** The names of the cases, in order; every adapter runs all of them. */
export const CONFORMANCE_CASES = [
  "migrate is idempotent",
  "timestamps are set on create and moved on update",
  "organization scoping: another organization's rows are never returned, changed or deleted",
  "one active connection per (organization, provider) under concurrent inserts",
  "tokens are written together and guarded by tokenVersion",
  "soft delete keeps the row and its audit entries and erases tokens",
  "audit log is append-only, newest first, filtered by connection",
  "OAuth state is single use, even for concurrent consumers, and expires",
  "feed token hash lookup",
  "job coalescing per (connection, event)",
  "lease expiry and reclaim",
  "fail, release, dead-letter and list dead letters",
  "park and resume a connection's jobs",
  "no job is claimed twice by concurrent claimers",
  "event links are upserted, read and deleted",
  "completing a job records its outcome atomically, only while the lease is held",
  "a job's outcome is written to its own organization, connection and event only",
  "connection lock serializes two concurrent holders",
  "key scan lists rows not on a key",
] as const;

type CaseName = (typeof CONFORMANCE_CASES)[number];

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

const tokens = (keyId: string, tag: string): NonNullable<NewConnection["tokens"]> => ({
  accessTokenCiphertext: `v1.${keyId}.access-${tag}`,
  refreshTokenCiphertext: `v1.${keyId}.refresh-${tag}`,
  tokenExpiresAt: new Date("2030-01-01T00:00:00.000Z"),
  keyId,
});

function connect(
  storage: CalendarStorage,
  organizationId: string,
  overrides: Partial<NewConnection> = {},
): Promise<ConnectionRecord> {
  return storage.createConnection({
    id: newId(),
    organizationId,
    provider: "google" as ProviderId,
    externalAccountId: `acct-${newId()}`,
    accountEmail: "admin@example.com",
    scopes: ["openid"],
    tokens: tokens("k1", "one"),
    createdBy: "user-1",
    ...overrides,
  });
}

/**
 * Registers the storage conformance suite: one `describe` with every case of `CONFORMANCE_CASES`.
 * `setup` gets the suite's clock and returns a fresh harness for each case.
 *
 * @example describeStorageConformance("sqlite", async (clock) => ({ storage: createSqliteStorage({ filename, now: clock.now }), … }));
 */
export function describeStorageConformance(
  adapter: string,
  setup: (clock: TestClock) => Promise<ConformanceHarness>,
  options: ConformanceOptions = {},
): void {
  const peers = options.peers ?? 2;
  const claimersPerPeer = options.claimersPerPeer ?? 4;
  const jobCount = options.jobs ?? 120;
  const report = options.report ?? ((line: string): void => console.info(line));

  describe(`storage conformance: ${adapter}`, () => {
    let harness: ConformanceHarness;
    let clock: TestClock;
    let storage: CalendarStorage;

    beforeEach(async () => {
      // A second in the past, so peers on the real clock see the suite's jobs as due.
      clock = createTestClock(new Date(Date.now() - 1000));
      harness = await setup(clock);
      storage = harness.storage;
    });

    afterEach(async () => {
      await harness.close();
    });

    const test = (name: CaseName, fn: () => Promise<void>): void => {
      it(name, fn);
    };

    test("migrate is idempotent", async () => {
      expect(await storage.migrate()).toEqual([]);
      expect(await storage.migrate()).toEqual([]);
    });

    test("timestamps are set on create and moved on update", async () => {
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

    test("organization scoping: another organization's rows are never returned, changed or deleted", async () => {
      const mine = await connect(storage, "org-a", { externalAccountId: "acct-1" });
      await storage.appendAudit({
        organizationId: "org-a",
        connectionId: mine.id,
        actorId: "user-1",
        action: "connection.connected",
      });
      await storage.upsertEventLink({
        organizationId: "org-a",
        connectionId: mine.id,
        eventId: "ev-1",
        externalId: "x-1",
        etag: null,
        lastSyncedHash: null,
      });
      const job = await storage.enqueueJob({
        organizationId: "org-a",
        connectionId: mine.id,
        eventId: "ev-1",
      });
      expect(job).not.toBeNull();

      expect(await storage.getConnection("org-b", mine.id)).toBeNull();
      expect(await storage.listConnections("org-b", { includeDisconnected: true })).toEqual([]);
      expect(await storage.findConnectionByAccount("org-b", "google", "acct-1")).toBeNull();
      expect(await storage.updateConnection("org-b", mine.id, { calendarId: "stolen" })).toBeNull();
      expect(await storage.disconnectConnection("org-b", mine.id)).toBeNull();
      expect(
        await storage.enqueueJob({ organizationId: "org-b", connectionId: mine.id, eventId: "ev-2" }),
      ).toBeNull();
      expect(await storage.getEventLink("org-b", mine.id, "ev-1")).toBeNull();
      expect(
        await storage.upsertEventLink({
          organizationId: "org-b",
          connectionId: mine.id,
          eventId: "ev-1",
          externalId: "stolen",
          etag: null,
          lastSyncedHash: null,
        }),
      ).toBeNull();
      expect(await storage.deleteEventLink("org-b", mine.id, "ev-1")).toBe(false);
      expect(await storage.listAudit("org-b")).toEqual([]);
      expect(await storage.parkConnectionJobs("org-b", mine.id)).toBe(0);
      expect(await storage.resumeConnectionJobs("org-b", mine.id)).toBe(0);
      expect(await storage.listJobs({ organizationId: "org-b" })).toEqual([]);

      const after = await storage.getConnection("org-a", mine.id);
      expect(after?.status).toBe("active");
      expect(after?.calendarId).toBeNull();
      expect((await storage.getEventLink("org-a", mine.id, "ev-1"))?.externalId).toBe("x-1");
      expect(await storage.listJobs({ organizationId: "org-a", status: "pending" })).toHaveLength(1);
      expect(await storage.listAudit("org-a")).toHaveLength(1);
    });

    test("one active connection per (organization, provider) under concurrent inserts", async () => {
      const others = await Promise.all(Array.from({ length: peers }, () => harness.openPeer()));
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
    });

    test("tokens are written together and guarded by tokenVersion", async () => {
      const created = await connect(storage, "org-a");
      expect(created.tokenVersion).toBe(1);
      expect(created.keyId).toBe("k1");
      const rotated = await storage.updateConnection("org-a", created.id, {
        tokens: tokens("k1", "two"),
        expectedTokenVersion: 1,
      });
      expect(rotated).toMatchObject({
        tokenVersion: 2,
        accessTokenCiphertext: "v1.k1.access-two",
        refreshTokenCiphertext: "v1.k1.refresh-two",
      });
      // A loser of the refresh race holds a stale version: nothing is written, it re-reads.
      const stale = await storage.updateConnection("org-a", created.id, {
        tokens: tokens("k1", "three"),
        expectedTokenVersion: 1,
      });
      expect(stale).toBeNull();
      const current = await storage.getConnection("org-a", created.id);
      expect(current?.refreshTokenCiphertext).toBe("v1.k1.refresh-two");
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

    test("soft delete keeps the row and its audit entries and erases tokens", async () => {
      const created = await connect(storage, "org-a", {
        feedTokenHash: "feed-hash",
        audit: { actorId: "user-1", action: "connection.connected", details: { provider: "google" } },
      });
      await storage.enqueueJob({ organizationId: "org-a", connectionId: created.id, eventId: "ev-1" });
      await storage.upsertEventLink({
        organizationId: "org-a",
        connectionId: created.id,
        eventId: "ev-1",
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
        accessTokenCiphertext: null,
        refreshTokenCiphertext: null,
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

    test("audit log is append-only, newest first, filtered by connection", async () => {
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

    test("OAuth state is single use, even for concurrent consumers, and expires", async () => {
      const peer = await harness.openPeer();
      const input = {
        organizationId: "org-a",
        userId: "user-1",
        sessionBinding: "session-hash",
        provider: "google" as const,
        codeVerifier: "verifier",
        returnTo: "/settings",
        connectionId: null,
        expiresAt: new Date(clock.now().getTime() + 600_000),
      };
      await storage.createOAuthState({ ...input, idHash: "state-1" });
      await expect(storage.createOAuthState({ ...input, idHash: "state-1" })).rejects.toBeInstanceOf(
        StorageConflictError,
      );
      const consumers = await Promise.all([
        storage.consumeOAuthState("state-1"),
        peer.consumeOAuthState("state-1"),
        storage.consumeOAuthState("state-1"),
      ]);
      const winners = consumers.filter((c) => c !== null);
      expect(winners).toHaveLength(1);
      expect(winners[0]).toMatchObject({ ...input, idHash: "state-1" });
      expect(await storage.consumeOAuthState("state-1")).toBeNull();

      await storage.createOAuthState({
        ...input,
        idHash: "state-2",
        expiresAt: new Date(clock.now().getTime() + 1000),
      });
      await storage.createOAuthState({
        ...input,
        idHash: "state-3",
        expiresAt: new Date(clock.now().getTime() + 1000),
      });
      clock.advance(1000);
      expect(await storage.consumeOAuthState("state-2")).toBeNull();
      expect(await storage.deleteExpiredOAuthStates()).toBe(1);
      expect(await storage.consumeOAuthState("state-3")).toBeNull();
    });

    test("feed token hash lookup", async () => {
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

    test("job coalescing per (connection, event)", async () => {
      const c = await connect(storage, "org-a");
      const later = new Date(clock.now().getTime() + 60_000);
      const one = await storage.enqueueJob({
        organizationId: "org-a",
        connectionId: c.id,
        eventId: "ev-1",
        runAfter: later,
      });
      const two = await storage.enqueueJob({ organizationId: "org-a", connectionId: c.id, eventId: "ev-1" });
      const three = await storage.enqueueJob({
        organizationId: "org-a",
        connectionId: c.id,
        eventId: "ev-1",
        runAfter: later,
      });
      expect(one?.status).toBe("pending");
      expect(two?.id).toBe(one?.id);
      expect(three?.id).toBe(one?.id);
      expect(three?.runAfter.getTime()).toBe(clock.now().getTime());
      const other = await storage.enqueueJob({
        organizationId: "org-a",
        connectionId: c.id,
        eventId: "ev-2",
      });
      expect(other?.id).not.toBe(one?.id);
      expect(await storage.listJobs({ connectionId: c.id })).toHaveLength(2);

      // A change while the job runs flags it; completing it makes it pending again, not a second row.
      const [claimed] = await storage.claimJobs({ owner: "w1", limit: 1, leaseMs: 30_000 });
      expect(claimed?.id).toBe(one?.id);
      const flagged = await storage.enqueueJob({
        organizationId: "org-a",
        connectionId: c.id,
        eventId: "ev-1",
      });
      expect(flagged).toMatchObject({ id: one?.id, status: "running", rerun: true });
      expect(await storage.completeJob(one?.id ?? "", "w1")).toBe(true);
      const rerun = await storage.listJobs({ connectionId: c.id });
      expect(rerun.find((j) => j.eventId === "ev-1")).toMatchObject({
        status: "pending",
        rerun: false,
        attempts: 0,
      });
      expect(rerun).toHaveLength(2);

      // A connection that needs reauthorization gets parked jobs.
      await storage.updateConnection("org-a", c.id, { status: "needs_reauth" });
      expect(
        await storage.enqueueJob({ organizationId: "org-a", connectionId: c.id, eventId: "ev-3" }),
      ).toMatchObject({
        status: "parked",
      });
    });

    test("lease expiry and reclaim", async () => {
      const c = await connect(storage, "org-a");
      const job = await storage.enqueueJob({ organizationId: "org-a", connectionId: c.id, eventId: "ev-1" });
      const [first] = await storage.claimJobs({ owner: "w1", limit: 10, leaseMs: 1000 });
      expect(first).toMatchObject({ id: job?.id, status: "running", attempts: 1, leaseOwner: "w1" });
      expect(first?.leaseExpiresAt?.getTime()).toBe(clock.now().getTime() + 1000);
      expect(await storage.claimJobs({ owner: "w2", limit: 10, leaseMs: 1000 })).toEqual([]);
      clock.advance(999);
      expect(await storage.claimJobs({ owner: "w2", limit: 10, leaseMs: 1000 })).toEqual([]);
      expect(await storage.extendLease(job?.id ?? "", "w1", 1000)).toBe(true);
      clock.advance(999);
      expect(await storage.claimJobs({ owner: "w2", limit: 10, leaseMs: 1000 })).toEqual([]);
      clock.advance(1);
      const [second] = await storage.claimJobs({ owner: "w2", limit: 10, leaseMs: 1000 });
      expect(second).toMatchObject({ id: job?.id, attempts: 2, leaseOwner: "w2" });
      // The first worker lost its lease: nothing it does applies.
      expect(await storage.completeJob(job?.id ?? "", "w1")).toBe(false);
      expect(await storage.failJob(job?.id ?? "", "w1", { error: "x", runAfter: clock.now() })).toBe(false);
      expect(await storage.extendLease(job?.id ?? "", "w1", 1000)).toBe(false);
      expect(await storage.completeJob(job?.id ?? "", "w2")).toBe(true);
      expect(await storage.listJobs()).toEqual([]);
    });

    test("fail, release, dead-letter and list dead letters", async () => {
      const c = await connect(storage, "org-a");
      await storage.enqueueJob({ organizationId: "org-a", connectionId: c.id, eventId: "ev-1" });
      const [job] = await storage.claimJobs({ owner: "w1", limit: 1, leaseMs: 60_000 });
      const id = job?.id ?? "";
      const retryAt = new Date(clock.now().getTime() + 30_000);
      expect(await storage.failJob(id, "w1", { error: "503 from provider", runAfter: retryAt })).toBe(true);
      expect(await storage.claimJobs({ owner: "w1", limit: 1, leaseMs: 60_000 })).toEqual([]);
      clock.advance(30_000);
      const [again] = await storage.claimJobs({ owner: "w1", limit: 1, leaseMs: 60_000 });
      expect(again).toMatchObject({ id, attempts: 2, lastError: "503 from provider" });
      expect(await storage.releaseJob(id, "w1")).toBe(true);
      const [third] = await storage.claimJobs({ owner: "w2", limit: 1, leaseMs: 60_000 });
      expect(third).toMatchObject({ id, attempts: 2 });
      expect(await storage.deadLetterJob(id, "w2", "gave up after 8 attempts")).toBe(true);
      expect(await storage.claimJobs({ owner: "w2", limit: 1, leaseMs: 60_000 })).toEqual([]);
      const dead = await storage.listDeadLetters("org-a");
      expect(dead).toHaveLength(1);
      expect(dead[0]).toMatchObject({
        id,
        status: "dead",
        lastError: "gave up after 8 attempts",
        leaseOwner: null,
      });
      expect(await storage.listDeadLetters("org-b")).toEqual([]);
      expect(await storage.listDeadLetters("org-a", { connectionId: "other" })).toEqual([]);
      // A new change after a dead letter is a fresh job.
      const fresh = await storage.enqueueJob({
        organizationId: "org-a",
        connectionId: c.id,
        eventId: "ev-1",
      });
      expect(fresh?.id).not.toBe(id);
      expect(fresh?.status).toBe("pending");
    });

    test("park and resume a connection's jobs", async () => {
      const c = await connect(storage, "org-a");
      const other = await connect(storage, "org-a", { provider: "microsoft" });
      for (const eventId of ["ev-1", "ev-2", "ev-3"]) {
        await storage.enqueueJob({ organizationId: "org-a", connectionId: c.id, eventId });
      }
      await storage.enqueueJob({ organizationId: "org-a", connectionId: other.id, eventId: "ev-1" });
      const [running] = await storage.claimJobs({
        owner: "w1",
        limit: 1,
        leaseMs: 60_000,
        connectionId: c.id,
      });
      expect(await storage.parkJob(running?.id ?? "", "w1", "invalid_grant")).toBe(true);
      expect(await storage.parkConnectionJobs("org-a", c.id)).toBe(2);
      expect(
        await storage.claimJobs({ owner: "w1", limit: 10, leaseMs: 60_000, connectionId: c.id }),
      ).toEqual([]);
      expect(await storage.listJobs({ connectionId: c.id, status: "parked" })).toHaveLength(3);
      clock.advance(5000);
      expect(await storage.resumeConnectionJobs("org-a", c.id)).toBe(3);
      const resumed = await storage.claimJobs({ owner: "w1", limit: 10, leaseMs: 60_000 });
      expect(resumed.filter((j) => j.connectionId === c.id)).toHaveLength(3);
      expect(resumed).toHaveLength(4);
    });

    test("no job is claimed twice by concurrent claimers", async () => {
      const c = await connect(storage, "org-a");
      for (let i = 0; i < jobCount; i++) {
        await storage.enqueueJob({ organizationId: "org-a", connectionId: c.id, eventId: `ev-${i}` });
      }
      const claimers = await Promise.all(Array.from({ length: peers }, () => harness.openPeer()));
      const claims: string[] = [];
      let completions = 0;
      const loop = async (peer: CalendarStorage, owner: string): Promise<void> => {
        for (;;) {
          const jobs = await peer.claimJobs({ owner, limit: 3, leaseMs: 120_000 });
          if (jobs.length === 0) return;
          for (const job of jobs) {
            claims.push(job.id);
            if (await peer.completeJob(job.id, owner)) completions++;
          }
        }
      };
      const started = Date.now();
      await Promise.all(
        claimers.flatMap((peer, p) =>
          Array.from({ length: claimersPerPeer }, (_, l) => loop(peer, `worker-${p}-${l}`)),
        ),
      );
      const duplicates = claims.length - new Set(claims).size;
      report(
        `concurrent claim [${adapter}]: ${peers} peers x ${claimersPerPeer} claimers = ${peers * claimersPerPeer} claimers, ${jobCount} jobs, ${claims.length} claims, ${duplicates} duplicates, ${Date.now() - started} ms`,
      );
      expect(duplicates).toBe(0);
      expect(new Set(claims).size).toBe(jobCount);
      expect(completions).toBe(jobCount);
      expect(await storage.listJobs()).toEqual([]);
    });

    test("event links are upserted, read and deleted", async () => {
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

    test("completing a job records its outcome atomically, only while the lease is held", async () => {
      const c = await connect(storage, "org-a");
      const claim = async (owner: string, leaseMs = 1000) => {
        const [job] = await storage.claimJobs({ owner, limit: 1, leaseMs });
        return job?.id ?? "";
      };
      await storage.enqueueJob({ organizationId: "org-a", connectionId: c.id, eventId: "ev-1" });
      const id = await claim("w1");
      clock.advance(1000);
      expect(await claim("w2")).toBe(id);
      // The lease was lost: neither the job, nor the link, nor the connection changes.
      const syncedAt = new Date(clock.now().getTime() - 10);
      const written = { externalId: "x-1", etag: "e1", lastSyncedHash: "h1" };
      expect(await storage.completeJob(id, "w1", { link: written, lastSyncedAt: syncedAt })).toBe(false);
      expect(await storage.getEventLink("org-a", c.id, "ev-1")).toBeNull();
      expect((await storage.getConnection("org-a", c.id))?.lastSyncedAt).toBeNull();
      expect(await storage.listJobs()).toMatchObject([{ id, status: "running", leaseOwner: "w2" }]);

      // The owner completes: job removed, link and last sync written with it.
      clock.advance(500);
      expect(await storage.completeJob(id, "w2", { link: written, lastSyncedAt: syncedAt })).toBe(true);
      expect(await storage.listJobs()).toEqual([]);
      const link = await storage.getEventLink("org-a", c.id, "ev-1");
      expect(link).toMatchObject({
        organizationId: "org-a",
        connectionId: c.id,
        eventId: "ev-1",
        ...written,
      });
      expect(link?.createdAt.getTime()).toBe(clock.now().getTime());
      const synced = await storage.getConnection("org-a", c.id);
      expect(synced?.lastSyncedAt?.getTime()).toBe(syncedAt.getTime());
      expect(synced?.updatedAt.getTime()).toBe(clock.now().getTime());

      // Flagged `rerun` while running: pending again, and the new link replaces the old (createdAt kept).
      await storage.enqueueJob({ organizationId: "org-a", connectionId: c.id, eventId: "ev-1" });
      const again = await claim("w1");
      await storage.enqueueJob({ organizationId: "org-a", connectionId: c.id, eventId: "ev-1" });
      clock.advance(1000);
      const replaced = { externalId: "x-1", etag: "e2", lastSyncedHash: "h2" };
      expect(await storage.completeJob(again, "w1", { link: replaced })).toBe(true);
      expect(await storage.listJobs()).toMatchObject([
        { id: again, status: "pending", rerun: false, attempts: 0, leaseOwner: null },
      ]);
      const updated = await storage.getEventLink("org-a", c.id, "ev-1");
      expect(updated).toMatchObject(replaced);
      expect(updated?.createdAt.getTime()).toBe(link?.createdAt.getTime());
      expect(updated?.updatedAt.getTime()).toBe(clock.now().getTime());
      expect((await storage.getConnection("org-a", c.id))?.lastSyncedAt?.getTime()).toBe(syncedAt.getTime());

      // `link: null` removes it; a lost lease keeps it.
      expect(await claim("w1")).toBe(again);
      clock.advance(1000);
      expect(await claim("w2")).toBe(again);
      expect(await storage.completeJob(again, "w1", { link: null })).toBe(false);
      expect(await storage.getEventLink("org-a", c.id, "ev-1")).toMatchObject(replaced);
      expect(await storage.completeJob(again, "w2", { link: null })).toBe(true);
      expect(await storage.getEventLink("org-a", c.id, "ev-1")).toBeNull();
      expect(await storage.listJobs()).toEqual([]);

      // A disconnected connection keeps its last sync time.
      await storage.enqueueJob({ organizationId: "org-a", connectionId: c.id, eventId: "ev-2" });
      const last = await claim("w1");
      await storage.disconnectConnection("org-a", c.id);
      expect(await storage.completeJob(last, "w1", { lastSyncedAt: clock.now() })).toBe(true);
      expect((await storage.getConnection("org-a", c.id))?.lastSyncedAt?.getTime()).toBe(syncedAt.getTime());
    });

    test("a job's outcome is written to its own organization, connection and event only", async () => {
      const a = await connect(storage, "org-a");
      const b = await connect(storage, "org-b");
      const other = { externalId: "x-b", etag: "eb", lastSyncedHash: "hb" };
      await storage.upsertEventLink({
        organizationId: "org-b",
        connectionId: b.id,
        eventId: "ev-1",
        ...other,
      });
      await storage.upsertEventLink({
        organizationId: "org-a",
        connectionId: a.id,
        eventId: "ev-2",
        ...other,
      });
      await storage.enqueueJob({ organizationId: "org-a", connectionId: a.id, eventId: "ev-1" });
      const [job] = await storage.claimJobs({ owner: "w1", limit: 1, leaseMs: 1000 });
      const written = { externalId: "x-a", etag: "ea", lastSyncedHash: "ha" };
      expect(
        await storage.completeJob(job?.id ?? "", "w1", { link: written, lastSyncedAt: clock.now() }),
      ).toBe(true);
      expect(await storage.getEventLink("org-a", a.id, "ev-1")).toMatchObject(written);
      expect(await storage.getEventLink("org-b", a.id, "ev-1")).toBeNull();
      expect(await storage.getEventLink("org-b", b.id, "ev-1")).toMatchObject(other);
      expect(await storage.getEventLink("org-a", a.id, "ev-2")).toMatchObject(other);
      expect((await storage.getConnection("org-b", b.id))?.lastSyncedAt).toBeNull();

      await storage.enqueueJob({ organizationId: "org-a", connectionId: a.id, eventId: "ev-1" });
      const [next] = await storage.claimJobs({ owner: "w1", limit: 1, leaseMs: 1000 });
      expect(await storage.completeJob(next?.id ?? "", "w1", { link: null })).toBe(true);
      expect(await storage.getEventLink("org-a", a.id, "ev-1")).toBeNull();
      expect(await storage.getEventLink("org-b", b.id, "ev-1")).toMatchObject(other);
      expect(await storage.getEventLink("org-a", a.id, "ev-2")).toMatchObject(other);
    });

    test("connection lock serializes two concurrent holders", async () => {
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

    test("key scan lists rows not on a key", async () => {
      const a = await connect(storage, "org-a", { tokens: tokens("old", "a") });
      const b = await connect(storage, "org-b", { tokens: tokens("old", "b") });
      await connect(storage, "org-c", { tokens: tokens("new", "c") });
      await connect(storage, "org-d", { provider: "ics", tokens: null });
      const stale = await storage.listConnectionsNotOnKey("new");
      expect(stale.map((r) => r.id).sort()).toEqual([a.id, b.id].sort());
      const page = await storage.listConnectionsNotOnKey("new", { limit: 1 });
      expect(page).toHaveLength(1);
      const next = await storage.listConnectionsNotOnKey("new", { afterId: page[0]?.id ?? "" });
      expect(next).toHaveLength(1);
      expect(next[0]?.id).not.toBe(page[0]?.id);
    });
  });
}
