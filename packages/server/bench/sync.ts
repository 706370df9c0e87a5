// Section 3 (and the sync half of 5): drain sync jobs across many connections against the fake Google over
// HTTP (latency and per-account rate limit), with one and with two worker processes on PostgreSQL.
import { createServer } from "node:http";
import { getRequestListener } from "@hono/node-server";
import { createFakeGoogle } from "@org/calendar-connections-testing";
import pg from "pg";
import { deterministicEventId } from "../src/providers/event-id.ts";
import { createPostgresStorage } from "../src/storage/postgres.ts";
import { createScratchSchema } from "../src/testing/postgres.support.ts";
import { createBenchKit, DATABASE_URL, load1, sessionCookie, sleep, startChild } from "./lib.ts";
import type { WorkerConfig, WorkerMessage } from "./sync-worker.ts";

export interface SyncRow {
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
}

export interface SyncOptions {
  readonly connections: number;
  readonly jobs: number;
  readonly workers: readonly number[];
  readonly concurrency: number;
  readonly latencyMs: number;
  readonly rateLimit: number;
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
  const schema = await createScratchSchema(DATABASE_URL, "cc_bench");
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

  const storage = createPostgresStorage({ connectionString: DATABASE_URL, schema: schema.name });
  const client = new pg.Client({ connectionString: DATABASE_URL, options: `-c search_path=${schema.name}` });
  await client.connect();
  const rows: SyncRow[] = [];
  try {
    await storage.migrate();
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
    await client.query("ANALYZE");
    options.log(
      `sync ${count}: connected ${count} accounts in ${Math.round(performance.now() - seedStarted)} ms`,
    );

    for (const [run, workers] of options.workers.entries()) {
      const perConnection = Math.max(1, Math.round(options.jobs / count));
      const jobs = perConnection * count;
      // Round-robin over connections, the way changes of many organizations interleave in time.
      const order: { connection: Seeded; eventId: string }[] = [];
      for (let e = 0; e < perConnection; e++) {
        for (const connection of seeded) order.push({ connection, eventId: `r${run}-evt-${e}` });
      }
      await inParallel(order, 8, async ({ connection, eventId }) => {
        await storage.enqueueJob({
          organizationId: connection.organizationId,
          connectionId: connection.id,
          eventId,
        });
      });
      await client.query("ANALYZE calendar_sync_job");

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
      const deadlineMs = Math.min(240_000, Math.max(120_000, (jobs / ideal) * 6_000));
      const config: WorkerConfig = {
        schema: schema.name,
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
      try {
        await Promise.all(children.map((child) => child.next(isReady, 30_000)));
        counting = true;
        const t0 = performance.now();
        for (const child of children) child.send({ type: "go" });
        while (performance.now() - t0 < deadlineMs) {
          await sleep(50);
          const { rows: open } = await client.query<{ n: string }>(
            "SELECT count(*) AS n FROM calendar_sync_job WHERE status IN ('pending', 'running')",
          );
          unfinished = Number(open[0]?.n ?? jobs);
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
      const { rows: queued } = await client.query<{ connection_id: string; event_id: string }>(
        "SELECT connection_id, event_id FROM calendar_sync_job",
      );
      const open = new Set(queued.map((job) => `${job.connection_id}/${job.event_id}`));
      let losses = 0;
      for (const connection of seeded) {
        const present = new Set(
          google.events(connection.email, connection.calendarId).map((event) => event.id),
        );
        for (let e = 0; e < perConnection; e++) {
          const eventId = `r${run}-evt-${e}`;
          const missing = !present.has(deterministicEventId(connection.id, eventId));
          if (missing && !open.has(`${connection.id}/${eventId}`)) losses++;
        }
      }
      let duplicates = counts.conflicts;
      for (const writes of counts.writes.values()) duplicates += writes - 1;
      const eventsPerSecond = Math.round((jobs - losses - open.size) / seconds);
      rows.push({
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
      });
      options.log(
        `sync ${count} connections, ${workers} worker(s): ${eventsPerSecond} events/s of ${Math.round(ideal)} ideal, ${counts.rateLimited} 429s, ${duplicates} duplicates, ${losses} losses (load ${before})`,
      );
    }
  } finally {
    await client.end();
    await storage.close();
    server.closeAllConnections();
    await new Promise<void>((done) => server.close(() => done()));
    await schema.drop();
  }
  return rows;
}
