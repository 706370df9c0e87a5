// Section 3 (and the sync half of 5): drain sync jobs across many connections against the fake Google over
// HTTP (latency and per-account rate limit), with one and with two worker processes on PostgreSQL or SQLite,
// then the same writes from the floor client (no database, no kit) for the physical floor of the run.
import { createServer } from "node:http";
import { getRequestListener } from "@hono/node-server";
import { createFakeGoogle } from "@org/calendar-connections-testing";
import { deterministicEventId } from "../src/providers/event-id.ts";
import { google as googleCalendar } from "../src/providers/google/index.ts";
import { openBenchDatabase, type SyncDatabase } from "./bench-database.ts";
import type { FloorConfig, FloorMessage, FloorTarget } from "./floor-client.ts";
import { createBenchKit, load1, REDIRECT_URI, sessionCookie, sleep, startChild } from "./lib.ts";
import { syncPlan } from "./sync-plan.ts";
import type { WorkerConfig, WorkerMessage } from "./sync-worker.ts";

export interface SyncRow {
  readonly db: SyncDatabase;
  readonly connections: number;
  readonly jobs: number;
  readonly workers: number;
  readonly concurrencyPerWorker: number;
  readonly seconds: number;
  readonly eventsPerSecond: number;
  readonly idealPerSecond: number;
  readonly ofIdeal: number;
  readonly rateLimited429: number;
  readonly apiRequests: number;
  readonly duplicates: number;
  readonly losses: number;
  readonly unfinishedJobs: number;
  readonly load1: number;
  /** The floor client's events/s for the same writes, concurrency and per-account cap. */
  readonly floorPerSecond: number;
  readonly ofFloor: number;
  readonly floorRateLimited429: number;
  readonly floorFailed: number;
  /** The busy connection's share of the jobs (0: every connection has as many). */
  readonly busyShare: number;
  /** Seconds until every job of the other connections was done (skewed runs), else null. */
  readonly othersDoneSeconds: number | null;
}

export interface SyncOptions {
  readonly db: SyncDatabase;
  /** A folder for the SQLite file. */
  readonly tmpDir: string;
  readonly connections: number;
  readonly jobs: number;
  readonly workers: readonly number[];
  readonly concurrency: number;
  readonly latencyMs: number;
  readonly rateLimit: number;
  /** One connection's share of the jobs (default 0: uniform), see `syncPlan`. */
  readonly busyShare?: number;
  /** Whether to measure the floor (default true). */
  readonly floor?: boolean;
  readonly log: (line: string) => void;
}

interface Seeded {
  readonly id: string;
  readonly organizationId: string;
  readonly email: string;
  readonly calendarId: string;
}

const isReady = (message: WorkerMessage): message is Extract<WorkerMessage, { type: "ready" }> =>
  message.type === "ready";
const isDone = (message: WorkerMessage): message is Extract<WorkerMessage, { type: "done" }> =>
  message.type === "done";
const isFloorReady = (message: FloorMessage): message is Extract<FloorMessage, { type: "ready" }> =>
  message.type === "ready";
const isFloorDone = (message: FloorMessage): message is Extract<FloorMessage, { type: "done" }> =>
  message.type === "done";

/** The per-connection cap the kit's Google writer uses (its `sync.concurrency`), which the floor keeps too. */
const benchGoogle = googleCalendar({ clientId: "bench", clientSecret: "bench", redirectURI: REDIRECT_URI });
const GOOGLE_PER_CONNECTION = benchGoogle.sync?.concurrency ?? 4;

/**
 * Writes `eventIds` into every connection's calendar from `processes` floor clients of `concurrency` each
 * (connections split between them), and returns the events/s and what the fake answered.
 */
async function runFloor(
  apiBase: string,
  targets: readonly FloorTarget[],
  eventIds: readonly string[],
  processes: number,
  concurrency: number,
): Promise<{ perSecond: number; rateLimited: number; failed: number; written: number }> {
  const config: FloorConfig = { apiBase, concurrency, perConnection: GOOGLE_PER_CONNECTION };
  const children = Array.from({ length: processes }, () =>
    startChild<FloorMessage>("floor-client.ts", [JSON.stringify(config)], 300_000),
  );
  try {
    await Promise.all(children.map((child) => child.next(isFloorReady, 30_000)));
    const t0 = performance.now();
    for (const [index, child] of children.entries()) {
      const own = targets.filter((_, i) => i % processes === index);
      child.send({ type: "go", targets: own, eventIds });
    }
    const done = await Promise.all(children.map((child) => child.next(isFloorDone, 290_000)));
    const seconds = (performance.now() - t0) / 1000;
    const sum = (key: "written" | "rateLimited" | "failed"): number =>
      done.reduce((total, message) => total + message[key], 0);
    return {
      perSecond: Math.round(sum("written") / seconds),
      rateLimited: sum("rateLimited"),
      failed: sum("failed"),
      written: sum("written"),
    };
  } finally {
    await Promise.all(children.map((child) => child.stop()));
  }
}

/** Runs `task` over `items` with at most `width` in flight. */
async function inParallel<T>(items: readonly T[], width: number, task: (item: T) => Promise<void>) {
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < items.length) {
        const item = items[next++] as T;
        await task(item);
      }
    }),
  );
}

export async function benchSync(options: SyncOptions): Promise<SyncRow[]> {
  const { connections: count } = options;
  const database = await openBenchDatabase(options.db, options.tmpDir);
  const google = createFakeGoogle({ baseURL: "http://127.0.0.1" });
  const accounts = Array.from({ length: count }, (_, i) => `user${i}@bench.test`);
  for (const [i, email] of accounts.entries()) {
    google.addAccount({ email, id: `sub-${i}`, calendars: [{ name: "Bench", primary: true }] });
  }

  // The fake over HTTP, counting what the workers get: 429s, 409s and every successful event write.
  const counts = { requests: 0, rateLimited: 0, conflicts: 0, writes: new Map<string, number>() };
  let counting = false;
  const listener = getRequestListener(
    async (request) => {
      const response = await google.handler(request);
      if (!counting) return response;
      counts.requests++;
      if (response.status === 429) counts.rateLimited++;
      else if (response.status === 409) counts.conflicts++;
      else if (
        response.ok &&
        (request.method === "POST" || request.method === "PUT" || request.method === "PATCH")
      ) {
        const match = /\/calendars\/([^/]+)\/events/.exec(new URL(request.url).pathname);
        if (match !== null) {
          const { id } = (await response.clone().json()) as { id: string };
          const key = `${decodeURIComponent(match[1] ?? "")}/${id}`;
          counts.writes.set(key, (counts.writes.get(key) ?? 0) + 1);
        }
      }
      return response;
    },
    { overrideGlobalObjects: false },
  );
  const server = createServer({ keepAliveTimeout: 30_000 }, listener);
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  const address = server.address();
  const fakeURL = `http://127.0.0.1:${typeof address === "object" && address !== null ? address.port : 0}`;

  const storage = database.storage;
  const rows: SyncRow[] = [];
  try {
    // Connect every account through the kit's own OAuth flow (the fake in process, for speed).
    const kit = await createBenchKit(storage, { endpoints: google.endpoints, fetch: google.fetch });
    const seeded: Seeded[] = [];
    const seedStarted = performance.now();
    await inParallel([...accounts.entries()], 8, async ([i, email]) => {
      const organizationId = `org_sync_${i}`;
      const started = await kit.api.startAuthorization(
        { userId: `admin_${organizationId}`, organizationId, role: "admin" },
        "google",
        {},
      );
      const callbackURL = await google.consent(started.authorizationURL, { email });
      const response = await kit.handler(
        new Request(callbackURL, {
          headers: { cookie: `${sessionCookie(organizationId)}; ${started.setCookie.split(";")[0] ?? ""}` },
        }),
      );
      const connectionId = new URL(response.headers.get("location") ?? "http://x/").searchParams.get(
        "connectionId",
      );
      if (connectionId === null) throw new Error(`connecting ${email} failed`);
      seeded[i] = { id: connectionId, organizationId, email, calendarId: email };
    });
    await database.analyze();
    options.log(
      `sync ${options.db} ${count}: connected ${count} accounts in ${Math.round(performance.now() - seedStarted)} ms`,
    );

    for (const [run, workers] of options.workers.entries()) {
      const busyShare = options.busyShare ?? 0;
      const plan = syncPlan(seeded, options.jobs, run, busyShare);
      const { order, jobs } = plan;
      await inParallel(order, 8, async ({ connection, eventId }) => {
        await storage.enqueueJob({
          organizationId: connection.organizationId,
          connectionId: connection.id,
          eventId,
        });
      });
      await database.analyze();

      google.setLatency(options.latencyMs);
      google.setRateLimit({ requests: options.rateLimit, windowMs: 1000 });
      counts.requests = 0;
      counts.rateLimited = 0;
      counts.conflicts = 0;
      counts.writes.clear();

      const ideal = Math.min(
        (workers * options.concurrency * 1000) / options.latencyMs,
        count * options.rateLimit,
      );
      // A busy connection cannot go faster than its per-connection cap allows, whatever the pool.
      const busyJobs = plan.busyId === null ? 0 : (plan.events.get(plan.busyId)?.length ?? 0);
      const busySeconds = busyJobs / ((workers * GOOGLE_PER_CONNECTION * 1000) / options.latencyMs);
      const deadlineMs = Math.min(240_000, Math.max(120_000, Math.max(jobs / ideal, busySeconds) * 6_000));
      const config: WorkerConfig = {
        ...database.workerConfig,
        fakeURL,
        concurrency: options.concurrency,
        pollIntervalMs: 50,
      };
      const children = Array.from({ length: workers }, () =>
        startChild<WorkerMessage>("sync-worker.ts", [JSON.stringify(config)], deadlineMs + 60_000),
      );
      const before = load1();
      let seconds = Number.NaN;
      let unfinished = jobs;
      let othersDone: number | null = null;
      try {
        await Promise.all(children.map((child) => child.next(isReady, 30_000)));
        counting = true;
        const t0 = performance.now();
        for (const child of children) child.send({ type: "go" });
        while (performance.now() - t0 < deadlineMs) {
          await sleep(50);
          if (plan.busyId !== null && othersDone === null && (await database.openJobs(plan.busyId)) === 0)
            othersDone = (performance.now() - t0) / 1000;
          unfinished = await database.openJobs();
          if (unfinished === 0) break;
        }
        seconds = (performance.now() - t0) / 1000;
        for (const child of children) child.send({ type: "stop" });
        await Promise.all(children.map((child) => child.next(isDone, 30_000)));
      } finally {
        counting = false;
        await Promise.all(children.map((child) => child.stop()));
        google.setLatency(0);
        google.setRateLimit(null);
      }

      // Every (connection, event) must be in its calendar exactly once. An event missing while its job is
      // still queued (the deadline came first) is unfinished ("jobs left"); missing without a job is lost.
      const open = new Set(
        (await database.queuedJobs()).map((job) => `${job.connection_id}/${job.event_id}`),
      );
      let losses = 0;
      for (const connection of seeded) {
        const present = new Set(
          google.events(connection.email, connection.calendarId).map((event) => event.id),
        );
        for (const eventId of plan.events.get(connection.id) ?? []) {
          const missing = !present.has(deterministicEventId(connection.id, eventId));
          if (missing && !open.has(`${connection.id}/${eventId}`)) losses++;
        }
      }
      let duplicates = counts.conflicts;
      for (const writes of counts.writes.values()) duplicates += writes - 1;
      const eventsPerSecond = Math.round((jobs - losses - open.size) / seconds);

      // The floor: the same number of writes, new ids, the same processes, concurrency and per-account cap,
      // with the access tokens the kit holds now (the fake publishes them).
      const tokens = new Map<string, string>();
      for (const grant of google.inspect().grants) {
        const token = grant.accessTokens.at(-1);
        if (token !== undefined) tokens.set(grant.email, token);
      }
      const targets: FloorTarget[] = seeded.map((connection) => ({
        connectionId: connection.id,
        calendarId: connection.calendarId,
        accessToken: tokens.get(connection.email) ?? "",
      }));
      const floorIds = Array.from({ length: Math.round(jobs / count) }, (_, e) => `f${run}-evt-${e}`);
      google.setLatency(options.latencyMs);
      google.setRateLimit({ requests: options.rateLimit, windowMs: 1000 });
      let floor: Awaited<ReturnType<typeof runFloor>> = {
        perSecond: 0,
        rateLimited: 0,
        failed: 0,
        written: 0,
      };
      try {
        if (options.floor !== false)
          floor = await runFloor(`${fakeURL}/calendar/v3`, targets, floorIds, workers, options.concurrency);
      } finally {
        google.setLatency(0);
        google.setRateLimit(null);
      }
      rows.push({
        db: options.db,
        floorPerSecond: floor.perSecond,
        ofFloor: floor.perSecond === 0 ? 0 : Math.round((eventsPerSecond / floor.perSecond) * 1000) / 1000,
        floorRateLimited429: floor.rateLimited,
        floorFailed: floor.failed,
        connections: count,
        jobs,
        workers,
        concurrencyPerWorker: options.concurrency,
        seconds: Math.round(seconds * 100) / 100,
        eventsPerSecond,
        idealPerSecond: Math.round(ideal),
        ofIdeal: Math.round((eventsPerSecond / ideal) * 1000) / 1000,
        rateLimited429: counts.rateLimited,
        apiRequests: counts.requests,
        duplicates,
        losses,
        unfinishedJobs: open.size,
        load1: before,
        busyShare,
        othersDoneSeconds: othersDone === null ? null : Math.round(othersDone * 100) / 100,
      });
      options.log(
        `sync ${options.db} ${count} connections, ${workers} worker(s): ${eventsPerSecond} events/s, floor ${floor.perSecond}/s, ideal ${Math.round(ideal)}/s, ${counts.rateLimited} 429s, ${duplicates} duplicates, ${losses} losses${othersDone === null ? "" : `, the other connections done after ${othersDone.toFixed(1)} s of ${seconds.toFixed(1)} s`} (load ${before})`,
      );
    }
  } finally {
    await database.close();
    server.closeAllConnections();
    await new Promise<void>((done) => server.close(() => done()));
  }
  return rows;
}
