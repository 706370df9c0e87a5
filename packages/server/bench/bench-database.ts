// The database a sync bench runs on, PostgreSQL (a scratch schema) or SQLite (a file every worker process
// opens): the kit's storage plus the few direct queries the bench makes to watch the queue.
import { join } from "node:path";
import Database from "better-sqlite3";
import pg from "pg";
import { createPostgresStorage } from "../src/storage/postgres.ts";
import { createSqliteStorage } from "../src/storage/sqlite.ts";
import type { CalendarStorage } from "../src/storage/types.ts";
import { createScratchSchema } from "../src/testing/postgres.support.ts";
import { DATABASE_URL } from "./lib.ts";

/** Which storage a sync run uses. */
export type SyncDatabase = "postgres" | "sqlite";

/** How a worker process opens the same database. */
export type WorkerDatabase =
  | { readonly db: "postgres"; readonly schema: string }
  | { readonly db: "sqlite"; readonly filename: string };

export interface BenchDatabase {
  readonly storage: CalendarStorage;
  readonly workerConfig: WorkerDatabase;
  /** Fresh planner statistics after seeding (PostgreSQL's ANALYZE, SQLite's ANALYZE). */
  analyze(): Promise<void>;
  /** Jobs still pending or running, those of `exceptConnectionId` left out when given. */
  openJobs(exceptConnectionId?: string): Promise<number>;
  /** Every job row left, whatever its status. */
  queuedJobs(): Promise<{ connection_id: string; event_id: string }[]>;
  close(): Promise<void>;
}

const OPEN_JOBS = "SELECT count(*) AS n FROM calendar_sync_job WHERE status IN ('pending', 'running')";
const OPEN_JOBS_EXCEPT = `${OPEN_JOBS} AND connection_id <> $1`;
const QUEUED = "SELECT connection_id, event_id FROM calendar_sync_job";

/** Opens (and migrates) a scratch database of the given kind. */
export async function openBenchDatabase(db: SyncDatabase, tmpDir: string): Promise<BenchDatabase> {
  if (db === "postgres") {
    const schema = await createScratchSchema(DATABASE_URL, "cc_bench");
    const storage = createPostgresStorage({ connectionString: DATABASE_URL, schema: schema.name });
    await storage.migrate();
    const client = new pg.Client({
      connectionString: DATABASE_URL,
      options: `-c search_path=${schema.name}`,
    });
    await client.connect();
    return {
      storage,
      workerConfig: { db, schema: schema.name },
      analyze: async () => void (await client.query("ANALYZE")),
      openJobs: async (except) =>
        Number(
          (except === undefined
            ? await client.query<{ n: string }>(OPEN_JOBS)
            : await client.query<{ n: string }>(OPEN_JOBS_EXCEPT, [except])
          ).rows[0]?.n ?? 0,
        ),
      queuedJobs: async () => (await client.query<{ connection_id: string; event_id: string }>(QUEUED)).rows,
      close: async () => {
        await client.end();
        await storage.close();
        await schema.drop();
      },
    };
  }
  const filename = join(tmpDir, `sync-${Date.now().toString(36)}.db`);
  const storage = createSqliteStorage({ filename });
  await storage.migrate();
  const reader = new Database(filename, { readonly: true });
  return {
    storage,
    workerConfig: { db, filename },
    analyze: async () => {
      const writer = new Database(filename);
      writer.exec("ANALYZE");
      writer.close();
    },
    openJobs: async (except) =>
      Number(
        (
          (except === undefined
            ? reader.prepare(OPEN_JOBS).get()
            : reader.prepare(OPEN_JOBS_EXCEPT.replace("$1", "?")).get(except)) as { n: number }
        ).n,
      ),
    queuedJobs: async () => reader.prepare(QUEUED).all() as { connection_id: string; event_id: string }[],
    close: async () => {
      reader.close();
      await storage.close();
    },
  };
}

/** The kit's storage for a worker process, over the database the bench opened. */
export function workerStorage(config: WorkerDatabase, poolSize: number): CalendarStorage {
  return config.db === "postgres"
    ? createPostgresStorage({ connectionString: DATABASE_URL, schema: config.schema, max: poolSize })
    : createSqliteStorage({ filename: config.filename });
}
