import { rmSync } from "node:fs";
import { join } from "node:path";
import type { CalendarStorage } from "@org/calendar-connections-server";
import { createSqliteStorage } from "@org/calendar-connections-server/sqlite";
import type { DemoConfig } from "./config.ts";

const SQLITE_FILE = "calendar.db";

/** PostgreSQL when DATABASE_URL is set, else the SQLite file in DATA_DIR; migrated and ready. */
export async function openStorage(config: DemoConfig): Promise<CalendarStorage> {
  // PostgreSQL's driver loads only when it is asked for.
  const storage = config.databaseURL
    ? (await import("@org/calendar-connections-server/postgres")).createPostgresStorage({
        connectionString: config.databaseURL,
      })
    : createSqliteStorage({ filename: join(config.dataDir, SQLITE_FILE) });
  await storage.migrate();
  return storage;
}

/** Deletes the SQLite file (closed first by the caller); PostgreSQL data cannot be wiped this way. */
export function wipeSqlite(config: DemoConfig): void {
  if (config.databaseURL) throw new Error("Reset needs the SQLite storage (unset DATABASE_URL).");
  for (const suffix of ["", "-wal", "-shm"])
    rmSync(join(config.dataDir, `${SQLITE_FILE}${suffix}`), { force: true });
}
