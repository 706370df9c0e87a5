import { expect } from "vitest";
import { type CalendarStorage, ENQUEUE_CHUNK_SIZE, MAX_SKIPPED_CONNECTIONS } from "../../storage/types.ts";
import { connect, type Suite } from "./suite.ts";

/** The sync job queue: coalescing, leases, retries, dead letters, parking, and claims under concurrency. */
export function jobCases(suite: Suite): void {
  suite.test("job coalescing per (connection, event)", async ({ storage, clock }) => {
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

  suite.test(
    "enqueueJobs coalesces per event like enqueueJob, across chunks, within the organization",
    async ({ storage, clock }) => {
      const c = await connect(storage, "org-a");
      const key = { organizationId: "org-a", connectionId: c.id };
      const at = clock.now().getTime();
      const later = new Date(at + 60_000);
      // An existing pending job due later, one running, one parked (parked by a reauth, then reauthorized).
      await storage.enqueueJob({ ...key, eventId: "ev-pending", runAfter: later });
      await storage.enqueueJob({ ...key, eventId: "ev-running" });
      const [running] = await storage.claimJobs({ owner: "w1", limit: 1, leaseMs: 30_000 });
      expect(running?.eventId).toBe("ev-running");
      await storage.updateConnection("org-a", c.id, { status: "needs_reauth" });
      await storage.enqueueJob({ ...key, eventId: "ev-parked" });
      await storage.updateConnection("org-a", c.id, { status: "active" });
      const parked = (await storage.listJobs({ connectionId: c.id, status: "parked" }))[0];
      expect(parked?.eventId).toBe("ev-parked");

      // More ids than one chunk holds, a duplicate, and the three existing events.
      const fresh = Array.from({ length: ENQUEUE_CHUNK_SIZE + 5 }, (_, i) => `ev-new-${i}`);
      const written = await storage.enqueueJobs({
        ...key,
        eventIds: ["ev-pending", "ev-running", "ev-parked", ...fresh, "ev-new-0"],
      });
      expect(written).toBe(fresh.length + 3);
      const jobs = await storage.listJobs({ connectionId: c.id, limit: 10_000 });
      expect(jobs).toHaveLength(fresh.length + 3);
      const byEvent = new Map(jobs.map((job) => [job.eventId, job]));
      // Pending: the earlier runAfter wins. Running: flagged to run again. Parked: unchanged.
      expect(byEvent.get("ev-pending")).toMatchObject({ status: "pending" });
      expect(byEvent.get("ev-pending")?.runAfter.getTime()).toBe(at);
      expect(byEvent.get("ev-running")).toMatchObject({ id: running?.id, status: "running", rerun: true });
      expect(byEvent.get("ev-parked")).toMatchObject({ id: parked?.id, status: "parked", rerun: false });
      for (const eventId of fresh) {
        expect(byEvent.get(eventId)).toMatchObject({
          organizationId: "org-a",
          status: "pending",
          attempts: 0,
          rerun: false,
        });
      }
      // A later runAfter does not delay what is already due.
      expect(await storage.enqueueJobs({ ...key, eventIds: ["ev-new-1"], runAfter: later })).toBe(1);
      const [again] = (await storage.listJobs({ connectionId: c.id, limit: 10_000 })).filter(
        (job) => job.eventId === "ev-new-1",
      );
      expect(again?.runAfter.getTime()).toBe(at);

      // A connection that needs reauthorization gets parked jobs.
      await storage.updateConnection("org-a", c.id, { status: "needs_reauth" });
      expect(await storage.enqueueJobs({ ...key, eventIds: ["ev-late"] })).toBe(1);
      expect(
        (await storage.listJobs({ connectionId: c.id, status: "parked" })).map((j) => j.eventId),
      ).toEqual(expect.arrayContaining(["ev-parked", "ev-late"]));

      // Another organization's id, a missing connection and a disconnected one: nothing.
      const before = (await storage.listJobs({ limit: 10_000 })).length;
      expect(
        await storage.enqueueJobs({ organizationId: "org-b", connectionId: c.id, eventIds: ["x"] }),
      ).toBe(0);
      expect(
        await storage.enqueueJobs({ organizationId: "org-a", connectionId: "missing", eventIds: ["x"] }),
      ).toBe(0);
      const gone = await connect(storage, "org-a", { provider: "microsoft" });
      await storage.disconnectConnection("org-a", gone.id);
      expect(
        await storage.enqueueJobs({ organizationId: "org-a", connectionId: gone.id, eventIds: ["x"] }),
      ).toBe(0);
      expect(await storage.enqueueJobs({ ...key, eventIds: [] })).toBe(0);
      expect(await storage.listJobs({ limit: 10_000 })).toHaveLength(before);
      expect(await storage.listJobs({ organizationId: "org-b" })).toEqual([]);
    },
  );

  suite.test("lease expiry and reclaim", async ({ storage, clock }) => {
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

  suite.test("fail, release, dead-letter and list dead letters", async ({ storage, clock }) => {
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

  suite.test("park and resume a connection's jobs", async ({ storage, clock }) => {
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
    expect(await storage.claimJobs({ owner: "w1", limit: 10, leaseMs: 60_000, connectionId: c.id })).toEqual(
      [],
    );
    expect(await storage.listJobs({ connectionId: c.id, status: "parked" })).toHaveLength(3);
    clock.advance(5000);
    expect(await storage.resumeConnectionJobs("org-a", c.id)).toBe(3);
    const resumed = await storage.claimJobs({ owner: "w1", limit: 10, leaseMs: 60_000 });
    expect(resumed.filter((j) => j.connectionId === c.id)).toHaveLength(3);
    expect(resumed).toHaveLength(4);
  });

  suite.test("claims skip a connection paused until its health retryAt", async ({ storage, clock }) => {
    const paused = await connect(storage, "org-a");
    const other = await connect(storage, "org-a", { provider: "microsoft" });
    for (const connection of [paused, other]) {
      await storage.enqueueJob({ organizationId: "org-a", connectionId: connection.id, eventId: "ev-1" });
    }
    const retryAt = new Date(clock.now().getTime() + 60_000);
    await storage.updateConnection("org-a", paused.id, {
      status: "error",
      health: { reason: "rate_limited", message: "Rate limited", retryAt },
    });
    // A job of the paused connection whose lease expired waits too.
    const [leased] = await storage.claimJobs({
      owner: "w1",
      limit: 1,
      leaseMs: 1000,
      connectionId: other.id,
    });
    clock.advance(1000);
    const claimed = await storage.claimJobs({ owner: "w2", limit: 10, leaseMs: 60_000 });
    expect(claimed.map((job) => job.id)).toEqual([leased?.id]);
    expect(await storage.completeJob(leased?.id ?? "", "w2")).toBe(true);
    await storage.enqueueJob({ organizationId: "org-a", connectionId: paused.id, eventId: "ev-2" });
    expect(await storage.claimJobs({ owner: "w2", limit: 10, leaseMs: 60_000 })).toEqual([]);
    clock.advance(59_000);
    const resumed = await storage.claimJobs({ owner: "w2", limit: 10, leaseMs: 60_000 });
    expect(resumed.map((job) => job.eventId).sort()).toEqual(["ev-1", "ev-2"]);
    expect(resumed.every((job) => job.connectionId === paused.id)).toBe(true);
  });

  suite.test("a claim skips the connections a worker names", async ({ storage, clock }) => {
    const busy = await connect(storage, "org-a");
    const quiet = await connect(storage, "org-b", { provider: "microsoft" });
    for (let i = 0; i < 5; i++)
      await storage.enqueueJob({ organizationId: "org-a", connectionId: busy.id, eventId: `ev-${i}` });
    clock.advance(1000);
    await storage.enqueueJob({ organizationId: "org-b", connectionId: quiet.id, eventId: "ev-q" });
    // The busy connection's older jobs come first, unless the claimer skips it.
    const skipping = await storage.claimJobs({
      owner: "w1",
      limit: 3,
      leaseMs: 60_000,
      skipConnectionIds: [busy.id],
    });
    expect(skipping.map((job) => job.eventId)).toEqual(["ev-q"]);
    const next = await storage.claimJobs({ owner: "w1", limit: 3, leaseMs: 60_000 });
    expect(next.map((job) => job.eventId)).toEqual(["ev-0", "ev-1", "ev-2"]);
    // Past the bound the list is ignored rather than a statement with thousands of parameters.
    const many = [busy.id, ...Array.from({ length: MAX_SKIPPED_CONNECTIONS }, (_, i) => `conn-${i}`)];
    const ignored = await storage.claimJobs({
      owner: "w1",
      limit: 3,
      leaseMs: 60_000,
      skipConnectionIds: many,
    });
    expect(ignored.map((job) => job.eventId)).toEqual(["ev-3", "ev-4"]);
  });

  suite.test("a connection's dead letters are requeued", async ({ storage, clock }) => {
    const c = await connect(storage, "org-a");
    const other = await connect(storage, "org-a", { provider: "microsoft" });
    const deadLetter = async (connectionId: string, eventId: string): Promise<void> => {
      await storage.enqueueJob({ organizationId: "org-a", connectionId, eventId });
      const [job] = await storage.claimJobs({ owner: "w1", limit: 1, leaseMs: 60_000, connectionId });
      expect(await storage.deadLetterJob(job?.id ?? "", "w1", "gave up")).toBe(true);
    };
    await deadLetter(c.id, "ev-1");
    await deadLetter(c.id, "ev-1"); // the same event dead twice: requeued once
    await deadLetter(c.id, "ev-2"); // already has an open job: that job covers it
    await storage.enqueueJob({ organizationId: "org-a", connectionId: c.id, eventId: "ev-2" });
    await deadLetter(other.id, "ev-1");
    expect(await storage.requeueDeadLetters("org-b", c.id)).toBe(0);
    expect(await storage.requeueDeadLetters("org-a", "missing")).toBe(0);
    expect(await storage.listDeadLetters("org-a", { connectionId: c.id })).toHaveLength(3);

    clock.advance(5000);
    expect(await storage.requeueDeadLetters("org-a", c.id)).toBe(3);
    expect(await storage.listDeadLetters("org-a", { connectionId: c.id })).toEqual([]);
    expect(await storage.listDeadLetters("org-a", { connectionId: other.id })).toHaveLength(1);
    const open = await storage.listJobs({ connectionId: c.id });
    expect(open.map((job) => job.eventId).sort()).toEqual(["ev-1", "ev-2"]);
    const requeued = open.find((job) => job.eventId === "ev-1");
    expect(requeued).toMatchObject({ status: "pending", attempts: 0, lastError: "gave up" });
    expect(requeued?.runAfter.getTime()).toBe(clock.now().getTime());
    // Its retry window starts over.
    expect(requeued?.createdAt.getTime()).toBe(clock.now().getTime());
    expect(await storage.requeueDeadLetters("org-a", c.id)).toBe(0);

    // A connection that needs reauthorization gets them parked; a disconnected one none.
    for (const job of await storage.claimJobs({
      owner: "w1",
      limit: 10,
      leaseMs: 60_000,
      connectionId: c.id,
    }))
      await storage.completeJob(job.id, "w1");
    await deadLetter(c.id, "ev-3");
    await storage.updateConnection("org-a", c.id, { status: "needs_reauth" });
    expect(await storage.requeueDeadLetters("org-a", c.id)).toBe(1);
    expect(await storage.listJobs({ connectionId: c.id, status: "parked" })).toHaveLength(1);
    await storage.disconnectConnection("org-a", other.id);
    expect(await storage.requeueDeadLetters("org-a", other.id)).toBe(0);
  });

  suite.test("no job is claimed twice by concurrent claimers", async ({ harness, storage }) => {
    const c = await connect(storage, "org-a");
    for (let i = 0; i < suite.jobs; i++) {
      await storage.enqueueJob({ organizationId: "org-a", connectionId: c.id, eventId: `ev-${i}` });
    }
    const claimers = await Promise.all(Array.from({ length: suite.peers }, () => harness.openPeer()));
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
        Array.from({ length: suite.claimersPerPeer }, (_, l) => loop(peer, `worker-${p}-${l}`)),
      ),
    );
    const duplicates = claims.length - new Set(claims).size;
    suite.report(
      `concurrent claim [${suite.adapter}]: ${suite.peers} peers x ${suite.claimersPerPeer} claimers = ${suite.peers * suite.claimersPerPeer} claimers, ${suite.jobs} jobs, ${claims.length} claims, ${duplicates} duplicates, ${Date.now() - started} ms`,
    );
    expect(duplicates).toBe(0);
    expect(new Set(claims).size).toBe(suite.jobs);
    expect(completions).toBe(suite.jobs);
    expect(await storage.listJobs()).toEqual([]);
  });
}
