import { MIGRATIONS, MIGRATIONS_TABLE } from "../migrations.ts";
import type { SqlExecutor } from "./executor.ts";
import { num } from "./rows.ts";

/** Options of `migrate` runs that operators and tests start by hand. */
export interface MigrateOptions {
  /** Apply migrations up to and including this version only (default: all). */
  readonly through?: number;
}

/** Applies the migrations this database lacks, in one transaction under a cross-process lock. */
export async function applyMigrations(
  db: SqlExecutor,
  at: () => Date = () => new Date(),
  options: MigrateOptions = {},
): Promise<number[]> {
  const through = options.through ?? Number.POSITIVE_INFINITY;
  return db.transaction(async (tx) => {
    await tx.lockMigrations();
    await tx.script(
      `CREATE TABLE IF NOT EXISTS ${MIGRATIONS_TABLE} (version integer PRIMARY KEY, name text NOT NULL, applied_at text NOT NULL)`,
    );
    const done = new Set(
      (await tx.query(`SELECT version FROM ${MIGRATIONS_TABLE}`)).map((r) => num(r, "version")),
    );
    const applied: number[] = [];
    for (const migration of MIGRATIONS) {
      if (done.has(migration.version) || migration.version > through) continue;
      await tx.script(tx.dialect === "postgres" ? migration.postgres : migration.sqlite);
      await tx.execute(`INSERT INTO ${MIGRATIONS_TABLE} (version, name, applied_at) VALUES (?, ?, ?)`, [
        migration.version,
        migration.name,
        at().toISOString(),
      ]);
      applied.push(migration.version);
    }
    return applied;
  });
}
