import pg from "pg";
import { StorageConflictError } from "./errors.ts";
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

/** Options of `createPostgresStorage`. */
export interface PostgresStorageOptions {
  /** A pool to use (the caller ends it), of at least 2 clients: a `withConnectionLock` holder keeps one while its work uses others. */
  readonly pool?: pg.Pool;
  /** Or a connection string: the storage creates a pool and ends it on `close()`. */
  readonly connectionString?: string;
  /** With `connectionString`: the schema to use (sets `search_path`); it must exist. */
  readonly schema?: string;
  /** With `connectionString`: the pool size (default 10). */
  readonly max?: number;
  /**
   * How many `withConnectionLock` holders may keep a client at once in this process (default half the
   * pool, at most the pool size less one); more wait in line without a client.
   */
  readonly lockHolders?: number;
  /** The clock (default `() => new Date()`). */
  readonly now?: () => Date;
}

/** A counting semaphore: at most `size` callers run at once, the rest wait in order. */
class Semaphore {
  #free: number;
  readonly #waiting: (() => void)[] = [];

  constructor(size: number) {
    this.#free = size;
  }

  async run<T>(fn: () => Promise<T>): Promise<T> {
    if (this.#free > 0) this.#free--;
    else await new Promise<void>((resolve) => this.#waiting.push(resolve));
    try {
      return await fn();
    } finally {
      // Hand the slot straight to the next waiter, or give it back.
      const next = this.#waiting.shift();
      if (next === undefined) this.#free++;
      else next();
    }
  }
}

const DEFAULT_POOL_SIZE = 10;

/** Lock holders one process may have at once: always fewer than the pool's clients. */
function lockHolderLimit(poolSize: number, requested: number | undefined): number {
  const most = Math.max(1, poolSize - 1);
  return Math.min(most, Math.max(1, Math.floor(requested ?? poolSize / 2)));
}

type Queryable = pg.Pool | pg.PoolClient;

/** `?` placeholders → `$1, $2, …` (the kit's SQL never has a `?` inside a literal). */
function numbered(sql: string): string {
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
}

function translate(error: unknown): unknown {
  if (error instanceof pg.DatabaseError && error.code === "23505") {
    return new StorageConflictError(error.detail ?? error.message);
  }
  return error;
}

/** An arbitrary constant: the advisory lock key that serializes migrations. */
const MIGRATION_LOCK = "7206120931";

async function send(
  target: Queryable,
  sql: string,
  params: readonly SqlValue[],
): Promise<pg.QueryResult<SqlRow>> {
  try {
    return await target.query<SqlRow>(numbered(sql), [...params]);
  } catch (error) {
    throw translate(error);
  }
}

async function inTransaction<T>(pool: pg.Pool, fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  let broken: unknown;
  try {
    await client.query("BEGIN");
    const result = await fn(client);
    await client.query("COMMIT");
    return result;
  } catch (error) {
    try {
      await client.query("ROLLBACK");
    } catch (rollbackError) {
      broken = rollbackError;
    }
    throw error;
  } finally {
    client.release(broken instanceof Error ? broken : undefined);
  }
}

function postgresExecutor(pool: pg.Pool, owned: boolean, lockHolders?: number): SqlExecutor {
  // Each lock holder keeps a client of the pool while its work needs more of them: with as many
  // holders as clients, the work waits for a client no holder gives back (a deadlock). So holders are
  // bounded below the pool size, and callers for one key queue in process without taking a client.
  const holders = new Semaphore(lockHolderLimit(pool.options.max ?? DEFAULT_POOL_SIZE, lockHolders));
  const sameKey = new KeyedMutex();
  const over = (target: Queryable): SqlExecutor => ({
    dialect: "postgres",
    async query(sql, params = []) {
      return (await send(target, sql, params)).rows;
    },
    async execute(sql, params = []) {
      return (await send(target, sql, params)).rowCount ?? 0;
    },
    async script(sql) {
      try {
        await target.query(sql);
      } catch (error) {
        throw translate(error);
      }
    },
    transaction(fn) {
      return target === pool ? inTransaction(pool, (client) => fn(over(client))) : fn(over(target));
    },
    withLock(key, fn) {
      // A transaction-scoped advisory lock on a client of its own: released by COMMIT or by the
      // connection dying, and it does not block the row writes `fn` makes through other clients
      // (which must commit whatever `fn` then throws, so they cannot share the lock's transaction).
      return sameKey.run(key, () =>
        holders.run(() =>
          inTransaction(pool, async (client) => {
            await client.query("SELECT pg_advisory_xact_lock(hashtextextended($1, 0))", [key]);
            return fn();
          }),
        ),
      );
    },
    async lockMigrations() {
      await target.query(`SELECT pg_advisory_xact_lock(${MIGRATION_LOCK})`);
    },
    async close() {
      if (owned) await pool.end();
    },
  });
  return over(pool);
}

function schemaOption(schema: string): string {
  if (!/^[A-Za-z_][A-Za-z0-9_]{0,62}$/.test(schema)) throw new TypeError(`Invalid schema name: ${schema}`);
  return `-c search_path=${schema}`;
}

/**
 * Storage on PostgreSQL through `pg`. Pass a `pool` (yours, with its own search_path) or a
 * `connectionString` (and optionally `schema`). Safe for many server and worker processes on one
 * database: claims use FOR UPDATE SKIP LOCKED, the connection lock is an advisory lock. Call
 * `migrate()` once at start (idempotent, serialized across processes).
 *
 * @example const storage = createPostgresStorage({ connectionString: process.env.DATABASE_URL }); await storage.migrate();
 */
export function createPostgresStorage(options: PostgresStorageOptions): CalendarStorage {
  let pool = options.pool;
  if (!pool) {
    if (!options.connectionString)
      throw new TypeError("createPostgresStorage needs a pool or a connectionString.");
    pool = new pg.Pool({
      connectionString: options.connectionString,
      max: options.max ?? DEFAULT_POOL_SIZE,
      ...(options.schema ? { options: schemaOption(options.schema) } : {}),
    });
  }
  return createSqlStorage(
    postgresExecutor(pool, !options.pool, options.lockHolders),
    options.now ?? (() => new Date()),
  );
}

/** Applies the kit's migrations through a pool, in its search_path (all, or `through` a version); returns the versions applied now. */
export function migratePostgres(pool: pg.Pool, options: MigrateOptions = {}): Promise<number[]> {
  return applyMigrations(postgresExecutor(pool, false), undefined, options);
}
