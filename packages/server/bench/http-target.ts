// One server under load, in a process of its own: the kit mounted in node:http, or a hand-written node:http
// server running the kit's SQL with the same driver, or Hono, or Better Auth. Sends { type: "ready", url }.
import { createServer, type IncomingMessage, type RequestListener, type ServerResponse } from "node:http";
import { getRequestListener } from "@hono/node-server";
import { betterAuth } from "better-auth";
import { toNodeHandler } from "better-auth/node";
import Database from "better-sqlite3";
import { Hono } from "hono";
import pg from "pg";
import { createPostgresStorage } from "../src/storage/postgres.ts";
import { createSqliteStorage } from "../src/storage/sqlite.ts";
import {
  BASE,
  createBenchKit,
  DATABASE_URL,
  LIST_SQL,
  PUBLIC_BASE_URL,
  providersBody,
  rowToConnection,
  sessionOrganization,
} from "./lib.ts";

export interface TargetConfig {
  readonly target: "kit" | "bare" | "hono" | "better-auth";
  readonly db: "sqlite" | "postgres" | "none";
  /** SQLite file. */
  readonly filename?: string;
  /** PostgreSQL schema. */
  readonly schema?: string;
}

const config = JSON.parse(process.argv[2] ?? "{}") as TargetConfig;

// The headers every kit JSON answer carries; the hand-written servers send the same.
const JSON_HEADERS = {
  "content-type": "application/json; charset=utf-8",
  "cache-control": "no-store",
  "x-content-type-options": "nosniff",
};

function send(res: ServerResponse, status: number, body: string): void {
  res.writeHead(status, JSON_HEADERS);
  res.end(body);
}

async function kitListener(): Promise<RequestListener> {
  const storage =
    config.db === "postgres"
      ? createPostgresStorage({ connectionString: DATABASE_URL, schema: config.schema ?? "public" })
      : createSqliteStorage({ filename: config.filename ?? ":memory:" });
  const kit = await createBenchKit(
    storage,
    { endpoints: { apiBase: "http://127.0.0.1:9/calendar/v3" } },
    { listEvents: async () => [] },
  );
  // The README's node:http recipe.
  return getRequestListener(kit.handler);
}

function bareListener(): RequestListener {
  let list: (organizationId: string) => Promise<Record<string, unknown>[]>;
  if (config.db === "postgres") {
    const pool = new pg.Pool({
      connectionString: DATABASE_URL,
      max: 10,
      options: `-c search_path=${config.schema ?? "public"}`,
    });
    const text = LIST_SQL.replace("?", "$1");
    list = async (organizationId) => (await pool.query(text, [organizationId])).rows;
  } else if (config.db === "sqlite") {
    const database = new Database(config.filename ?? ":memory:");
    database.pragma("journal_mode = WAL");
    const statement = database.prepare(LIST_SQL);
    list = async (organizationId) => statement.all(organizationId) as Record<string, unknown>[];
  } else {
    list = async () => [];
  }
  // Serialized once, as the kit does: the comparison is of the per-request work around the answer.
  const providers = JSON.stringify(providersBody());
  return (req: IncomingMessage, res: ServerResponse) => {
    const organizationId = sessionOrganization(req.headers.cookie);
    if (organizationId === null) return send(res, 401, '{"code":"unauthenticated"}');
    if (req.method === "GET" && req.url === `${BASE}/providers`) {
      return send(res, 200, providers);
    }
    if (req.method === "GET" && req.url === `${BASE}/connections`) {
      list(organizationId).then(
        (rows) => send(res, 200, JSON.stringify({ connections: rows.map(rowToConnection) })),
        () => send(res, 500, '{"code":"internal_error"}'),
      );
      return;
    }
    send(res, 404, '{"code":"not_found"}');
  };
}

function honoListener(): RequestListener {
  const providers = JSON.stringify(providersBody());
  const app = new Hono();
  app.get(`${BASE}/providers`, (c) => {
    if (sessionOrganization(c.req.header("cookie")) === null) return c.json({ code: "unauthenticated" }, 401);
    return c.body(providers, 200, JSON_HEADERS);
  });
  return getRequestListener(app.fetch);
}

function betterAuthListener(): RequestListener {
  const auth = betterAuth({
    secret: "bench-secret-bench-secret-bench-secret-0",
    baseURL: PUBLIC_BASE_URL,
    telemetry: { enabled: false },
    logger: { disabled: true },
  });
  return toNodeHandler(auth);
}

const listener =
  config.target === "kit"
    ? await kitListener()
    : config.target === "bare"
      ? bareListener()
      : config.target === "hono"
        ? honoListener()
        : betterAuthListener();

const server = createServer({ keepAliveTimeout: 30_000 }, listener);
server.listen(0, "127.0.0.1", () => {
  const address = server.address();
  const port = typeof address === "object" && address !== null ? address.port : 0;
  process.send?.({ type: "ready", url: `http://127.0.0.1:${port}` });
});
process.on("SIGTERM", () => {
  server.closeAllConnections();
  server.close(() => process.exit(0));
});
process.on("disconnect", () => process.exit(0));
