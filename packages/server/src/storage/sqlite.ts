import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import Database from "better-sqlite3";
import { StorageConflictError } from "./errors.ts";
import { newId } from "./ids.ts";
import { KeyedMutex } from "./mutex.ts";
import {
  applyMigrations,
  createSqlStorage,
  type MigrateOptions,
  type SqlExecutor,
  type SqlRow,
  type SqlValue,
} from "./sql.ts";
import type { CalendarStorage } from "./types.ts";

/** Options of `createSqliteStorage`. */
export interface SqliteStorageOptions {
  /**
   * A database file path, or `:memory:`. The file and its folder are created when missing, on first use
   * (creating the storage opens nothing). Ignored when `database` is given.
   */
  readonly filename?: string;
  /** An open better-sqlite3 database to use instead (the caller closes it). */
  readonly database?: Database.Database;
  /** How long a statement waits for another connection's write lock, in ms (default 5000). */
  readonly busyTimeoutMs?: number;
  /** How long a `withConnectionLock` lock row lives without renewal, in ms (default 30000). */
  readonly lockLeaseMs?: number;
  /** How long `withConnectionLock` waits for the lock before failing, in ms (default 60000). */
  readonly lockWaitMs?: number;
  /** The clock (default `() => new Date()`). */
  readonly now?: () => Date;
}

type SqliteDatabase = Database.Database;

function bind(params: readonly SqlValue[]): unknown[] {
  return params.map((value) => {
    if (value instanceof Date) return value.toISOString();
    if (typeof value === "boolean") return value ? 1 : 0;
    return value;
  });
}

function translate(error: unknown): unknown {
  if (error instanceof Database.SqliteError && /^SQLITE_CONSTRAINT_(UNIQUE|PRIMARYKEY)$/.test(error.code)) {
    return new StorageConflictError(error.message);
  }
  return error;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Opens a better-sqlite3 database the way the kit expects it: WAL, a busy timeout, foreign keys on.
 * Creates the file's folder when missing.
 */
export function openSqliteDatabase(filename: string, busyTimeoutMs = 5000): SqliteDatabase {
  if (filename !== ":memory:" && filename !== "" && !filename.startsWith("file:")) {
    mkdirSync(dirname(filename), { recursive: true });
  }
  const database = new Database(filename);
  configure(database, busyTimeoutMs);
  return database;
}

function configure(database: SqliteDatabase, busyTimeoutMs: number): void {
  database.pragma(`busy_timeout = ${Math.max(0, Math.floor(busyTimeoutMs))}`);
  database.pragma("journal_mode = WAL");
  database.pragma("synchronous = NORMAL");
  database.pragma("foreign_keys = ON");
}

function sqliteExecutor(
  database: SqliteDatabase,
  options: SqliteStorageOptions,
  owned: boolean,
): SqlExecutor {
  // better-sqlite3 is synchronous, so a statement never interleaves with another; an async
  // transaction, though, must keep this process's other statements out until it commits.
  const gate = new KeyedMutex();
  const leaseMs = options.lockLeaseMs ?? 30_000;
  const waitMs = options.lockWaitMs ?? 60_000;

  // Compiling a statement costs about as much as running a simple one: keep them (SQLite re-prepares a
  // cached statement by itself after a schema change). Bounded, for SQL built with variable IN lists.
  const statements = new Map<string, Database.Statement>();
  const prepare = (sql: string): Database.Statement => {
    let statement = statements.get(sql);
    if (statement === undefined) {
      if (statements.size >= 256) statements.clear();
      statement = database.prepare(sql);
      statements.set(sql, statement);
    }
    return statement;
  };

  const run = <T>(fn: () => T): T => {
    try {
      return fn();
    } catch (error) {
      throw translate(error);
    }
  };

  const direct = (inTransaction: boolean): SqlExecutor => ({
    dialect: "sqlite",
    async query(sql, params = []) {
      const go = (): SqlRow[] => run(() => prepare(sql).all(...bind(params)) as SqlRow[]);
      return inTransaction ? go() : gate.run("db", async () => go());
    },
    async execute(sql, params = []) {
      const go = (): number => run(() => prepare(sql).run(...bind(params)).changes);
      return inTransaction ? go() : gate.run("db", async () => go());
    },
    async script(sql) {
      const go = (): void => run(() => void database.exec(sql));
      return inTransaction ? go() : gate.run("db", async () => go());
    },
    async transaction(fn) {
      if (inTransaction) return fn(direct(true));
      return gate.run("db", async () => {
        run(() => database.exec("BEGIN IMMEDIATE"));
        try {
          const result = await fn(direct(true));
          run(() => database.exec("COMMIT"));
          return result;
        } catch (error) {
          if (database.inTransaction) database.exec("ROLLBACK");
          throw error;
        }
      });
    },
    async withLock(key, fn) {
      const owner = newId();
      const deadline = Date.now() + waitMs;
      const acquire = (): number =>
        run(
          () =>
            database
              .prepare(
                `INSERT INTO calendar_lock (name, owner, expires_at) VALUES (?, ?, ?)
                 ON CONFLICT (name) DO UPDATE SET owner = excluded.owner, expires_at = excluded.expires_at
                 WHERE calendar_lock.expires_at <= ?`,
              )
              .run(key, owner, new Date(Date.now() + leaseMs).toISOString(), new Date().toISOString())
              .changes,
        );
      let delay = 2;
      while ((await gate.run("db", async () => acquire())) !== 1) {
        if (Date.now() > deadline) throw new Error(`Timed out waiting for the lock on ${key}.`);
        await sleep(delay);
        delay = Math.min(delay * 2, 50);
      }
      const renew = setInterval(
        () => {
          void gate.run("db", async () =>
            database
              .prepare("UPDATE calendar_lock SET expires_at = ? WHERE name = ? AND owner = ?")
              .run(new Date(Date.now() + leaseMs).toISOString(), key, owner),
          );
        },
        Math.max(10, Math.floor(leaseMs / 3)),
      );
      try {
        return await fn();
      } finally {
        clearInterval(renew);
        await gate.run("db", async () =>
          database.prepare("DELETE FROM calendar_lock WHERE name = ? AND owner = ?").run(key, owner),
        );
      }
    },
    async lockMigrations() {
      // BEGIN IMMEDIATE already holds the database's write lock.
    },
    async close() {
      if (owned && database.open) database.close();
    },
  });

  return direct(false);
}

/**
 * An executor that opens its database on the first statement: a module that creates the storage at
 * import time (a Next.js route file read by `next build`) writes no file.
 */
function openedOnFirstUse(open: () => SqlExecutor): SqlExecutor {
  let executor: SqlExecutor | null = null;
  const opened = (): SqlExecutor => {
    executor ??= open();
    return executor;
  };
  return {
    dialect: "sqlite",
    query: (sql, params) => opened().query(sql, params),
    execute: (sql, params) => opened().execute(sql, params),
    script: (sql) => opened().script(sql),
    transaction: (fn) => opened().transaction(fn),
    withLock: (key, fn) => opened().withLock(key, fn),
    lockMigrations: () => opened().lockMigrations(),
    close: async () => executor?.close(),
  };
}

/**
 * Storage on SQLite through better-sqlite3, the embedded default. Opens `filename` (creating it and its
 * folder) in WAL mode with a busy timeout on first use, or uses `database`. Several processes may share
 * one file. `createCalendarConnections` applies the migrations on first use; elsewhere call `migrate()`
 * (idempotent).
 *
 * @example const storage = createSqliteStorage({ filename: "./data/calendar.db" });
 */
export function createSqliteStorage(options: SqliteStorageOptions): CalendarStorage {
  const busyTimeoutMs = options.busyTimeoutMs ?? 5000;
  const now = options.now ?? (() => new Date());
  const given = options.database;
  if (given) {
    configure(given, busyTimeoutMs);
    return createSqlStorage(sqliteExecutor(given, options, false), now);
  }
  const filename = options.filename;
  if (!filename) throw new TypeError("createSqliteStorage needs a filename or a database.");
  return createSqlStorage(
    openedOnFirstUse(() => sqliteExecutor(openSqliteDatabase(filename, busyTimeoutMs), options, true)),
    now,
  );
}

/** Applies the kit's migrations to a better-sqlite3 database (all, or `through` a version); returns the versions applied now. */
export function migrateSqlite(database: SqliteDatabase, options: MigrateOptions = {}): Promise<number[]> {
  return applyMigrations(sqliteExecutor(database, {}, false), undefined, options);
}
