// Section 1 (and the list half of 5): the kit's handler in node:http against hand-written servers, loaded by
// autocannon from another process over loopback.
import { isDeepStrictEqual } from "node:util";
import Database from "better-sqlite3";
import pg from "pg";
import { createPostgresStorage } from "../src/storage/postgres.ts";
import { createSqliteStorage } from "../src/storage/sqlite.ts";
import { createScratchSchema } from "../src/testing/postgres.support.ts";
import type { TargetConfig } from "./http-target.ts";
import { BASE, DATABASE_URL, load1, ORG, seedConnections, sessionCookie, startChild } from "./lib.ts";
import type { LoadConfig, LoadResult } from "./load.ts";

export interface LoadRow {
  readonly route: string;
  readonly db: string;
  readonly connections: number | null;
  readonly server: string;
  readonly requestsPerSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly requests: number;
  readonly failed: number;
  readonly load1: number;
}

export interface HttpOptions {
  readonly seconds: number;
  readonly warmupSeconds: number;
  readonly connections: number;
  /** Light route: how many times each server is loaded, in turn. */
  readonly rounds: number;
  readonly tmpDir: string;
  readonly scales: readonly number[];
  readonly log: (line: string) => void;
}

type ReadyMessage = { type: "ready"; url: string };
const isReady = (message: unknown): message is ReadyMessage => (message as ReadyMessage).type === "ready";
const isResult = (message: unknown): message is LoadResult => (message as LoadResult).type === "result";

/** A server under test, started in its own process, with the answer it gave to a first request. */
interface RunningTarget {
  readonly url: string;
  readonly body: unknown;
  stop(): Promise<void>;
}

const sessionHeaders = (): Record<string, string> => ({ cookie: sessionCookie(ORG) });

/** Starts a server and checks that it answers `path`. */
async function startTarget(target: TargetConfig, path: string, lifetimeMs: number): Promise<RunningTarget> {
  const server = startChild<unknown>("http-target.ts", [JSON.stringify(target)], lifetimeMs);
  try {
    const { url } = await server.next(isReady, 30_000);
    const probe = await fetch(`${url}${path}`, { headers: sessionHeaders() });
    if (probe.status !== 200) throw new Error(`${target.target} answered ${probe.status} on ${path}`);
    return { url, body: await probe.json(), stop: () => server.stop() };
  } catch (error) {
    await server.stop();
    throw error;
  }
}

/** One bounded load of `url` from a loader process of its own. */
async function loadOnce(
  url: string,
  options: Pick<HttpOptions, "connections" | "seconds">,
  warmupSeconds: number,
): Promise<{ result: LoadResult; load1: number }> {
  const config: LoadConfig = {
    url,
    headers: sessionHeaders(),
    connections: options.connections,
    warmupSeconds,
    seconds: options.seconds,
    maxRequests: 2_000_000,
  };
  const before = load1();
  const loader = startChild<unknown>(
    "load.ts",
    [JSON.stringify(config)],
    (options.seconds + warmupSeconds + 30) * 1000,
  );
  try {
    const result = await loader.next(isResult, (options.seconds + warmupSeconds + 20) * 1000);
    return { result, load1: before };
  } finally {
    await loader.stop();
  }
}

/** Starts a server, checks its answer, loads it, stops it. */
async function measure(
  target: TargetConfig,
  path: string,
  options: HttpOptions,
): Promise<{ body: unknown; result: LoadResult; load1: number }> {
  const server = await startTarget(target, path, 120_000);
  try {
    return { body: server.body, ...(await loadOnce(`${server.url}${path}`, options, options.warmupSeconds)) };
  } finally {
    await server.stop();
  }
}

function row(
  route: string,
  db: string,
  connections: number | null,
  server: string,
  measured: { result: LoadResult; load1: number },
): LoadRow {
  const { result } = measured;
  return {
    route,
    db,
    connections,
    server,
    requestsPerSecond: result.requestsPerSecond,
    p50Ms: result.p50Ms,
    p99Ms: result.p99Ms,
    requests: result.requests,
    failed: result.non2xx + result.errors,
    load1: measured.load1,
  };
}

/** A database of `count` connections: a SQLite file, or a scratch PostgreSQL schema (dropped by `drop`). */
async function seeded(
  db: "sqlite" | "postgres",
  count: number,
  tmpDir: string,
): Promise<{ target: Omit<TargetConfig, "target">; drop: () => Promise<void> }> {
  if (db === "sqlite") {
    const filename = `${tmpDir}/list-${count}.db`;
    const storage = createSqliteStorage({ filename });
    await storage.migrate();
    const raw = new Database(filename);
    const unlock = raw.prepare(
      "UPDATE calendar_connection SET exclusive = 0, last_synced_at = ? WHERE id = ?",
    );
    await seedConnections(storage, count, async (id, at) => void unlock.run(at.toISOString(), id));
    raw.close();
    await storage.close();
    return { target: { db, filename }, drop: async () => {} };
  }
  const schema = await createScratchSchema(DATABASE_URL, "cc_bench");
  const storage = createPostgresStorage({ connectionString: DATABASE_URL, schema: schema.name });
  await storage.migrate();
  const client = new pg.Client({ connectionString: DATABASE_URL, options: `-c search_path=${schema.name}` });
  await client.connect();
  await seedConnections(storage, count, async (id, at) => {
    await client.query(
      "UPDATE calendar_connection SET exclusive = false, last_synced_at = $1 WHERE id = $2",
      [at, id],
    );
  });
  await client.query("ANALYZE calendar_connection");
  await client.end();
  await storage.close();
  return { target: { db, schema: schema.name }, drop: () => schema.drop() };
}

/** Where two answers first differ (a path and both values), for an error that says what to fix. */
function firstDifference(left: unknown, right: unknown, path = "$"): string {
  if (isDeepStrictEqual(left, right)) return "";
  if (typeof left !== "object" || typeof right !== "object" || left === null || right === null)
    return `${path}: ${JSON.stringify(left)} vs ${JSON.stringify(right)}`;
  const keys = new Set([...Object.keys(left), ...Object.keys(right)]);
  for (const key of keys) {
    const inner = firstDifference(
      (left as Record<string, unknown>)[key],
      (right as Record<string, unknown>)[key],
      `${path}.${key}`,
    );
    if (inner !== "") return inner;
  }
  return path;
}

/** `GET /connections` through the kit and through bare node:http, per database and scale. */
export async function benchList(options: HttpOptions): Promise<LoadRow[]> {
  const rows: LoadRow[] = [];
  const path = `${BASE}/connections`;
  for (const count of options.scales) {
    for (const db of ["sqlite", "postgres"] as const) {
      const { target, drop } = await seeded(db, count, options.tmpDir);
      try {
        const bare = await measure({ ...target, target: "bare" }, path, options);
        const kit = await measure({ ...target, target: "kit" }, path, options);
        const listed = (kit.body as { connections: unknown[] }).connections.length;
        if (listed !== count) throw new Error(`the kit listed ${listed} connections, not ${count}`);
        if (!isDeepStrictEqual(bare.body, kit.body)) {
          throw new Error(
            `bare node:http and the kit answer different JSON on ${db}: ${firstDifference(bare.body, kit.body)}`,
          );
        }
        rows.push(row("GET /connections", db, count, "bare node:http", bare));
        rows.push(row("GET /connections", db, count, "kit (node:http)", kit));
        options.log(
          `list ${db} ${count}: bare ${bare.result.requestsPerSecond}/s, kit ${kit.result.requestsPerSecond}/s (load ${kit.load1})`,
        );
      } finally {
        await drop();
      }
    }
  }
  return rows;
}

/** Several measured loads of one server, as one row: requests over time summed, p50 the median, p99 the worst. */
function combined(loads: readonly { result: LoadResult; load1: number }[]): {
  result: LoadResult;
  load1: number;
} {
  const results = loads.map((load) => load.result);
  const sum = (pick: (result: LoadResult) => number): number =>
    results.reduce((total, result) => total + pick(result), 0);
  const p50s = results.map((result) => result.p50Ms).sort((a, b) => a - b);
  return {
    load1: loads[0]?.load1 ?? 0,
    result: {
      type: "result",
      // Every load runs for the same time, so the mean of the rates is the summed requests over the summed time.
      requestsPerSecond: Math.round(sum((result) => result.requestsPerSecond) / Math.max(1, results.length)),
      p50Ms: p50s[Math.floor(p50s.length / 2)] ?? 0,
      p99Ms: Math.max(0, ...results.map((result) => result.p99Ms)),
      requests: sum((result) => result.requests),
      non2xx: sum((result) => result.non2xx),
      errors: sum((result) => result.errors),
    },
  };
}

/** The light route's figures: a row per server, and the kit ÷ Hono ratio of each round. */
export interface LightRouteResult {
  readonly rows: LoadRow[];
  /** Kit ÷ Hono in each round, in the order run. */
  readonly kitOverHono: number[];
}

/**
 * `GET /providers` (the light route) through the kit, bare node:http, Hono and Better Auth's `/ok`. The
 * servers run side by side, idle but for the one under load; bare, Hono and the kit are loaded in turn for
 * `rounds` rounds (the order rotating each round), so a burst of load from elsewhere on the machine hits all
 * of them alike instead of whichever ran at that moment. Better Auth is loaded once, after them.
 */
export async function benchProviders(options: HttpOptions): Promise<LightRouteResult> {
  const path = `${BASE}/providers`;
  const lifetimeMs = (options.rounds * 4 * (options.seconds + options.warmupSeconds + 10) + 120) * 1000;
  const servers = [
    { name: "bare node:http", key: "bare", target: { target: "bare", db: "none" }, path },
    { name: "Hono (@hono/node-server)", key: "hono", target: { target: "hono", db: "none" }, path },
    {
      name: "Better Auth (toNodeHandler)",
      key: "better-auth",
      target: { target: "better-auth", db: "none" },
      path: "/api/auth/ok",
    },
    {
      name: "kit (node:http)",
      key: "kit",
      target: { target: "kit", db: "sqlite", filename: ":memory:" },
      path,
    },
  ] as const;
  const running: RunningTarget[] = [];
  try {
    for (const server of servers) running.push(await startTarget(server.target, server.path, lifetimeMs));
    const [bare, hono, , kit] = running;
    for (const [name, other] of [
      ["bare", bare],
      ["hono", hono],
    ] as const) {
      if (!isDeepStrictEqual(other?.body, kit?.body))
        throw new Error(`${name} and the kit answer different JSON`);
    }
    const loads: { result: LoadResult; load1: number }[][] = servers.map(() => []);
    const kitOverHono: number[] = [];
    // Better Auth is loaded once, after the rounds: its process stays busy for a moment after a load
    // (1/20 of the others' rate), and whichever server followed it in the rotation started slower.
    const rotated = [0, 1, 3];
    for (let round = 0; round < options.rounds; round++) {
      for (let step = 0; step < rotated.length; step++) {
        const index = rotated[(step + round) % rotated.length] ?? 0;
        const server = servers[index];
        const target = running[index];
        if (server === undefined || target === undefined) continue;
        // The first load of each server warms its JIT; later rounds start measuring at once.
        const warmup = round === 0 ? options.warmupSeconds : 0;
        loads[index]?.push(await loadOnce(`${target.url}${server.path}`, options, warmup));
      }
      const rate = (index: number): number => loads[index]?.[round]?.result.requestsPerSecond ?? 0;
      kitOverHono.push(Math.round((rate(3) / Math.max(1, rate(1))) * 100) / 100);
      options.log(
        `providers round ${round + 1}: ${rotated.map((index) => `${servers[index]?.key} ${rate(index)}/s`).join(", ")}`,
      );
    }
    const betterAuth = running[2];
    if (betterAuth !== undefined) {
      loads[2]?.push(await loadOnce(`${betterAuth.url}${servers[2].path}`, options, options.warmupSeconds));
    }
    const rows = servers.map((server, index) =>
      row(`GET ${server.path}`, "-", null, server.name, combined(loads[index] ?? [])),
    );
    options.log(`providers: kit ÷ Hono per round ${kitOverHono.join(", ")}`);
    return { rows, kitOverHono };
  } finally {
    await Promise.all(running.map((server) => server.stop()));
  }
}
