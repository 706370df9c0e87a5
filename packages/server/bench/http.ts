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
  readonly tmpDir: string;
  readonly scales: readonly number[];
  readonly log: (line: string) => void;
}

type ReadyMessage = { type: "ready"; url: string };
const isReady = (message: unknown): message is ReadyMessage => (message as ReadyMessage).type === "ready";
const isResult = (message: unknown): message is LoadResult => (message as LoadResult).type === "result";

/** Starts a server, checks its answer, loads it, stops it. */
async function measure(
  target: TargetConfig,
  path: string,
  options: HttpOptions,
): Promise<{ body: unknown; result: LoadResult; load1: number }> {
  const server = startChild<unknown>("http-target.ts", [JSON.stringify(target)], 120_000);
  try {
    const { url } = await server.next(isReady, 30_000);
    const headers = { cookie: sessionCookie(ORG) };
    const probe = await fetch(`${url}${path}`, { headers });
    if (probe.status !== 200) throw new Error(`${target.target} answered ${probe.status} on ${path}`);
    const body = await probe.json();
    const config: LoadConfig = {
      url: `${url}${path}`,
      headers,
      connections: options.connections,
      warmupSeconds: options.warmupSeconds,
      seconds: options.seconds,
      maxRequests: 2_000_000,
    };
    const before = load1();
    const loader = startChild<unknown>(
      "load.ts",
      [JSON.stringify(config)],
      (options.seconds + options.warmupSeconds + 30) * 1000,
    );
    try {
      const result = await loader.next(isResult, (options.seconds + options.warmupSeconds + 20) * 1000);
      return { body, result, load1: before };
    } finally {
      await loader.stop();
    }
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
          throw new Error(`bare node:http and the kit answer different JSON on ${db}`);
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

/** `GET /providers` (the light route) through the kit, bare node:http, Hono and Better Auth's `/ok`. */
export async function benchProviders(options: HttpOptions): Promise<LoadRow[]> {
  const rows: LoadRow[] = [];
  const path = `${BASE}/providers`;
  const bare = await measure({ target: "bare", db: "none" }, path, options);
  const hono = await measure({ target: "hono", db: "none" }, path, options);
  const auth = await measure({ target: "better-auth", db: "none" }, "/api/auth/ok", options);
  const kit = await measure({ target: "kit", db: "sqlite", filename: ":memory:" }, path, options);
  for (const [name, other] of [
    ["bare", bare],
    ["hono", hono],
  ] as const) {
    if (!isDeepStrictEqual(other.body, kit.body))
      throw new Error(`${name} and the kit answer different JSON`);
  }
  rows.push(row("GET /providers", "-", null, "bare node:http", bare));
  rows.push(row("GET /providers", "-", null, "Hono (@hono/node-server)", hono));
  rows.push(row("GET /api/auth/ok", "-", null, "Better Auth (toNodeHandler)", auth));
  rows.push(row("GET /providers", "-", null, "kit (node:http)", kit));
  options.log(
    `providers: bare ${bare.result.requestsPerSecond}/s, hono ${hono.result.requestsPerSecond}/s, better-auth ${auth.result.requestsPerSecond}/s, kit ${kit.result.requestsPerSecond}/s`,
  );
  return rows;
}
