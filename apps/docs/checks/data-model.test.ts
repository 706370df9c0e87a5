import { MIGRATIONS } from "@org/calendar-connections-server";
import { migrateSqlite } from "@org/calendar-connections-server/sqlite";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { readGuide, section } from "./guides.ts";

/** The kit's tables after every migration, with their columns, read back from a real SQLite database. */
async function migratedTables(): Promise<Map<string, string[]>> {
  const database = new Database(":memory:");
  try {
    await migrateSqlite(database);
    const names = database
      .prepare(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
      )
      .all() as { name: string }[];
    return new Map(
      names.map(({ name }) => [
        name,
        (database.prepare(`PRAGMA table_info(${name})`).all() as { name: string }[]).map(
          (column) => column.name,
        ),
      ]),
    );
  } finally {
    database.close();
  }
}

describe("the data model guide", () => {
  const guide = readGuide("data-model.md");

  it("has a section for every table the migrations create, naming each of its columns", async () => {
    const tables = await migratedTables();
    expect(tables.size).toBeGreaterThanOrEqual(7);
    const missing: string[] = [];
    for (const [table, columns] of tables) {
      // The table's heading may say more after its name: "## `calendar_lock` (SQLite only)".
      const text = [...guide.matchAll(/^## (`([a-z_]+)`.*)$/gm)]
        .filter((m) => m[2] === table)
        .map((m) => section(guide, m[1] ?? "") ?? "")
        .join("\n");
      if (text === "") missing.push(`table ${table}`);
      else
        for (const column of columns) if (!text.includes(`\`${column}\``)) missing.push(`${table}.${column}`);
    }
    expect(missing).toEqual([]);
  });

  it("lists every migration", () => {
    const rows = section(guide, "Migrations") ?? "";
    expect(
      MIGRATIONS.filter((migration) => !new RegExp(`^\\| ${migration.version} `, "m").test(rows)),
    ).toEqual([]);
  });
});
