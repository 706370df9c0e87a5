import Database from "better-sqlite3";
import type { SQL } from "drizzle-orm";
import { getTableConfig, PgDialect, type PgTable } from "drizzle-orm/pg-core";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MIGRATIONS_TABLE } from "../storage/migrations.ts";
import { migratePostgres } from "../storage/postgres.ts";
import { migrateSqlite } from "../storage/sqlite.ts";
import { createScratchSchema, type ScratchSchema, testDatabaseUrl } from "../testing/postgres.support.ts";
import { calendarConnectionsSchema } from "./pg.ts";

const url = testDatabaseUrl(process.env);
const dialect = new PgDialect();
const render = (value: SQL): string => dialect.sqlToQuery(value).sql;

/** DDL for one drizzle table, written from its definition alone (what drizzle-kit would produce). */
function drizzleDdl(table: PgTable): string[] {
  const config = getTableConfig(table);
  const parts = config.columns.map((column) => {
    let definition = `${column.name} ${column.getSQLType()}`;
    if (column.primary) definition += " PRIMARY KEY";
    else if (column.notNull) definition += " NOT NULL";
    if (column.hasDefault && column.default !== undefined) definition += ` DEFAULT ${String(column.default)}`;
    return definition;
  });
  for (const key of config.primaryKeys)
    parts.push(`PRIMARY KEY (${key.columns.map((c) => c.name).join(", ")})`);
  for (const foreignKey of config.foreignKeys) {
    const reference = foreignKey.reference();
    parts.push(
      `FOREIGN KEY (${reference.columns.map((c) => c.name).join(", ")}) REFERENCES ${getTableConfig(reference.foreignTable).name} (${reference.foreignColumns.map((c) => c.name).join(", ")})`,
    );
  }
  for (const constraint of config.checks)
    parts.push(`CONSTRAINT ${constraint.name} CHECK (${render(constraint.value)})`);
  const statements = [`CREATE TABLE ${config.name} (${parts.join(", ")})`];
  for (const { config: index } of config.indexes) {
    const columns = index.columns.map((c) => (c && "name" in c ? c.name : "?")).join(", ");
    const where = index.where ? ` WHERE ${render(index.where)}` : "";
    statements.push(
      `CREATE ${index.unique ? "UNIQUE " : ""}INDEX ${index.name} ON ${config.name} (${columns})${where}`,
    );
  }
  return statements;
}

interface Catalog {
  readonly tables: string[];
  readonly columns: string[];
  readonly indexes: string[];
  readonly constraints: string[];
}

async function catalog(client: pg.Client, schema: string): Promise<Catalog> {
  const strip = (text: string): string => text.replaceAll(`${schema}.`, "");
  const tables = await client.query<{ table_name: string }>(
    "SELECT table_name FROM information_schema.tables WHERE table_schema = $1 AND table_name <> $2 ORDER BY 1",
    [schema, MIGRATIONS_TABLE],
  );
  const columns = await client.query<Record<string, string>>(
    `SELECT table_name, column_name, data_type, is_nullable, coalesce(column_default, '') AS column_default
     FROM information_schema.columns WHERE table_schema = $1 AND table_name <> $2 ORDER BY 1, 2`,
    [schema, MIGRATIONS_TABLE],
  );
  const indexes = await client.query<{ indexdef: string }>(
    "SELECT indexdef FROM pg_indexes WHERE schemaname = $1 AND tablename <> $2 ORDER BY indexname",
    [schema, MIGRATIONS_TABLE],
  );
  const constraints = await client.query<{ relname: string; contype: string; def: string }>(
    `SELECT c.relname, k.contype, pg_get_constraintdef(k.oid) AS def FROM pg_constraint k
     JOIN pg_class c ON c.oid = k.conrelid JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE n.nspname = $1 AND c.relname <> $2 ORDER BY 1, 2, 3`,
    [schema, MIGRATIONS_TABLE],
  );
  return {
    tables: tables.rows.map((r) => r.table_name),
    columns: columns.rows.map((r) => strip(Object.values(r).join(" | "))),
    indexes: indexes.rows.map((r) => strip(r.indexdef)),
    constraints: constraints.rows.map((r) => strip(`${r.relname} ${r.contype} ${r.def}`)),
  };
}

describe("schema definitions", () => {
  let fromMigrations: ScratchSchema;
  let fromDrizzle: ScratchSchema;
  let client: pg.Client;

  beforeAll(async () => {
    fromMigrations = await createScratchSchema(url, "cc_mig");
    fromDrizzle = await createScratchSchema(url, "cc_drz");
    client = new pg.Client({ connectionString: url });
    await client.connect();
    const pool = new pg.Pool({
      connectionString: url,
      max: 2,
      options: `-c search_path=${fromMigrations.name}`,
    });
    try {
      expect(await migratePostgres(pool)).toEqual([1, 2, 3, 4, 5, 6]);
      expect(await migratePostgres(pool)).toEqual([]);
    } finally {
      await pool.end();
    }
    await client.query(`SET search_path TO ${fromDrizzle.name}`);
    for (const table of Object.values(calendarConnectionsSchema)) {
      for (const statement of drizzleDdl(table)) await client.query(statement);
    }
  });

  afterAll(async () => {
    await client?.end();
    await fromMigrations?.drop();
    await fromDrizzle?.drop();
  });

  it("drizzle tables match what the PostgreSQL migrations create: tables, columns, types, indexes, constraints", async () => {
    const migrated = await catalog(client, fromMigrations.name);
    const declared = await catalog(client, fromDrizzle.name);
    expect(migrated.tables).toEqual([
      "calendar_audit_log",
      "calendar_connection",
      "calendar_event_link",
      "calendar_oauth_state",
      "calendar_outbox",
      "calendar_sync_job",
    ]);
    expect(declared.tables).toEqual(migrated.tables);
    expect(declared.columns).toEqual(migrated.columns);
    expect(declared.indexes).toEqual(migrated.indexes);
    expect(declared.constraints).toEqual(migrated.constraints);
    expect(migrated.indexes.filter((i) => i.includes(" WHERE "))).toHaveLength(4);
  });

  it("SQLite migrations create the same tables, columns, nullability and indexes as PostgreSQL's", async () => {
    const database = new Database(":memory:");
    try {
      expect(await migrateSqlite(database)).toEqual([1, 2, 3, 4, 5, 6]);
      expect(await migrateSqlite(database)).toEqual([]);
      const tables = database
        .prepare(
          "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT IN (?, 'calendar_lock') ORDER BY name",
        )
        .all(MIGRATIONS_TABLE) as { name: string }[];
      const columns: string[] = [];
      const indexes: string[] = [];
      for (const { name } of tables) {
        const info = database.prepare(`PRAGMA table_info(${name})`).all() as {
          name: string;
          notnull: number;
          pk: number;
        }[];
        for (const column of info)
          columns.push(`${name}.${column.name} ${column.notnull || column.pk ? "NOT NULL" : "NULL"}`);
        const list = database.prepare(`PRAGMA index_list(${name})`).all() as {
          name: string;
          unique: number;
          origin: string;
        }[];
        for (const index of list.filter((i) => i.origin === "c"))
          indexes.push(`${index.name}${index.unique ? " unique" : ""}`);
      }
      const pgColumns = await client.query<{ t: string; c: string; n: string }>(
        `SELECT table_name AS t, column_name AS c, is_nullable AS n FROM information_schema.columns
         WHERE table_schema = $1 AND table_name <> $2`,
        [fromMigrations.name, MIGRATIONS_TABLE],
      );
      const pgIndexes = await client.query<{ indexname: string; indexdef: string }>(
        "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = $1 AND indexname NOT LIKE '%_pkey'",
        [fromMigrations.name],
      );
      expect(tables.map((t) => t.name)).toEqual([
        "calendar_audit_log",
        "calendar_connection",
        "calendar_event_link",
        "calendar_oauth_state",
        "calendar_outbox",
        "calendar_sync_job",
      ]);
      expect(columns.sort()).toEqual(
        pgColumns.rows.map((r) => `${r.t}.${r.c} ${r.n === "YES" ? "NULL" : "NOT NULL"}`).sort(),
      );
      expect(indexes.sort()).toEqual(
        pgIndexes.rows
          .map((r) => `${r.indexname}${r.indexdef.startsWith("CREATE UNIQUE") ? " unique" : ""}`)
          .sort(),
      );
    } finally {
      database.close();
    }
  });
});
