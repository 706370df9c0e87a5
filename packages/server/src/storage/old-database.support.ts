// Test support for migration tests: a database migrated only up to an older version, written raw
// the way that version's code did, with the kit's current storage and CLI flags on the same data.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import pg from "pg";
import { expect } from "vitest";
import { createScratchSchema, testDatabaseUrl } from "../testing/postgres.support.ts";
import { createPostgresStorage, migratePostgres } from "./postgres.ts";
import { createSqliteStorage, migrateSqlite } from "./sqlite.ts";
import type { CalendarStorage } from "./types.ts";

/** A value an old adapter bound: SQLite got dates as ISO text and booleans as 0/1. */
export type OldValue = string | number | boolean | null | Date;

/** A database at an older migration. */
export interface OldDatabase {
  /** Runs a statement written with `?` placeholders, binding values as the old adapter did. */
  run(sql: string, params: readonly OldValue[]): Promise<void>;
  open(): CalendarStorage;
  readonly cliFlags: readonly string[];
  close(): Promise<void>;
}

const versionsThrough = (version: number): number[] => Array.from({ length: version }, (_, i) => i + 1);

/** A SQLite file migrated through `version`. */
export async function sqliteAt(version: number): Promise<OldDatabase> {
  const dir = mkdtempSync(join(tmpdir(), `cc-at-${version}-`));
  const filename = join(dir, "old.db");
  const raw = new Database(filename);
  expect(await migrateSqlite(raw, { through: version })).toEqual(versionsThrough(version));
  const bind = (value: OldValue): unknown =>
    value instanceof Date ? value.toISOString() : typeof value === "boolean" ? Number(value) : value;
  return {
    async run(sql, params) {
      raw.prepare(sql).run(...params.map(bind));
    },
    open: () => createSqliteStorage({ filename }),
    cliFlags: ["--sqlite", filename],
    async close() {
      raw.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A scratch PostgreSQL schema migrated through `version`. */
export async function postgresAt(version: number): Promise<OldDatabase> {
  const url = testDatabaseUrl(process.env);
  const schema = await createScratchSchema(url, `cc_at_${version}`);
  const pool = new pg.Pool({ connectionString: url, max: 2, options: `-c search_path=${schema.name}` });
  expect(await migratePostgres(pool, { through: version })).toEqual(versionsThrough(version));
  return {
    async run(sql, params) {
      let n = 0;
      await pool.query(
        sql.replace(/\?/g, () => `$${++n}`),
        [...params],
      );
    },
    open: () => createPostgresStorage({ connectionString: url, schema: schema.name, max: 2 }),
    cliFlags: ["--database-url", url, "--schema", schema.name],
    async close() {
      await pool.end();
      await schema.drop();
    },
  };
}
