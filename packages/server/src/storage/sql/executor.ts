/** A value bound to a `?` placeholder. Executors convert Dates and booleans for their dialect. */
export type SqlValue = string | number | boolean | null | Date;

/** One result row, by column name. */
export type SqlRow = Record<string, unknown>;

/**
 * What the shared SQL storage needs from a driver. SQL is written once with `?` placeholders; the
 * PostgreSQL executor numbers them. Unique violations surface as `StorageConflictError`.
 */
export interface SqlExecutor {
  readonly dialect: "sqlite" | "postgres";
  /** Runs one statement; returns its rows (RETURNING or SELECT). */
  query(sql: string, params?: readonly SqlValue[]): Promise<SqlRow[]>;
  /** Runs one statement; returns how many rows it changed. */
  execute(sql: string, params?: readonly SqlValue[]): Promise<number>;
  /** Runs several statements without parameters (migrations). */
  script(sql: string): Promise<void>;
  /** Runs `fn` in one write transaction (SQLite: BEGIN IMMEDIATE), committed when it resolves. */
  transaction<T>(fn: (tx: SqlExecutor) => Promise<T>): Promise<T>;
  /** Runs `fn` under an exclusive lock on `key`, shared by every process on the database. */
  withLock<T>(key: string, fn: () => Promise<T>): Promise<T>;
  /** Takes the lock that serializes migrations (inside a `transaction`). */
  lockMigrations(): Promise<void>;
  close(): Promise<void>;
}

/** What every SQL aggregate (connections, OAuth state, jobs, event links, audit) is built from. */
export interface SqlContext {
  readonly db: SqlExecutor;
  /** The adapter's clock; the database server's is never used. */
  readonly now: () => Date;
  /** A `?` placeholder holding a time (PostgreSQL needs the type where it cannot infer it). */
  readonly tsParam: string;
}

/** The context of `db`: its dialect decides how a time placeholder is written. */
export function sqlContext(db: SqlExecutor, now: () => Date): SqlContext {
  return { db, now, tsParam: db.dialect === "postgres" ? "?::timestamptz" : "?" };
}
