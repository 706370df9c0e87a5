import { existsSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { parseTokenKeys, TOKEN_KEYS_ENV, TokenKeyError, type TokenKeyring } from "../crypto/keyring.ts";
import type { CalendarStorage } from "../storage/types.ts";
import { type CalendarConnectionsCliConfig, loadConfig } from "./config.ts";
import { CliError, EXIT } from "./errors.ts";
import type { CliIo } from "./io.ts";

/** The flags that choose where the data is (see `COMMON_OPTIONS`). */
export interface StorageFlags {
  readonly config?: string | undefined;
  readonly sqlite?: string | undefined;
  readonly "database-url"?: string | undefined;
  readonly schema?: string | undefined;
}

/** An opened storage, the config it came with, and how to describe where it is. */
export interface CommandEnvironment {
  readonly config: CalendarConnectionsCliConfig;
  readonly storage: CalendarStorage;
  /** `SQLite ./data/calendar.db` or `PostgreSQL 127.0.0.1:5432/app (schema calendar)`; never a password. */
  readonly where: string;
}

function describePostgres(url: string, schema: string | undefined): string {
  let where = "PostgreSQL";
  try {
    const parsed = new URL(url);
    where = `PostgreSQL ${parsed.host}${parsed.pathname}`;
  } catch {
    // Not a URL (a libpq key=value string): say nothing more than the kind.
  }
  return schema === undefined ? where : `${where} (schema ${schema})`;
}

async function openPostgres(url: string, schema: string | undefined): Promise<CalendarStorage> {
  const { createPostgresStorage } = await import("../storage/postgres.ts");
  return createPostgresStorage({
    connectionString: url,
    max: 4,
    ...(schema === undefined ? {} : { schema }),
  });
}

async function openSqlite(filename: string, mustExist: boolean): Promise<CalendarStorage> {
  if (mustExist && !existsSync(filename)) {
    throw new CliError(
      EXIT.config,
      `SQLite database not found: ${filename} (run \`calendar-connections migrate\` first)`,
    );
  }
  if (!existsSync(dirname(filename))) {
    throw new CliError(
      EXIT.config,
      `the directory of the SQLite database does not exist: ${dirname(filename)}`,
    );
  }
  const { createSqliteStorage } = await import("../storage/sqlite.ts");
  return createSqliteStorage({ filename });
}

/**
 * Loads the config module (if any) and opens the storage: `--sqlite` or `--database-url` first, then
 * the config's `storage`, then `DATABASE_URL` (PostgreSQL) or `CALENDAR_SQLITE_PATH` (SQLite).
 */
export async function openEnvironment(
  command: string,
  flags: StorageFlags,
  io: CliIo,
  options: { readonly create?: boolean } = {},
): Promise<CommandEnvironment> {
  const config =
    flags.config === undefined ? {} : await loadConfig(flags.config, io.cwd, { command, env: io.env });
  try {
    return await openStorage(command, flags, io, config, options.create !== true);
  } catch (error) {
    await config.close?.();
    throw error;
  }
}

async function openStorage(
  command: string,
  flags: StorageFlags,
  io: CliIo,
  config: CalendarConnectionsCliConfig,
  mustExist: boolean,
): Promise<CommandEnvironment> {
  const schema = flags.schema ?? io.env.CALENDAR_PG_SCHEMA;
  if (flags.sqlite !== undefined && flags["database-url"] !== undefined) {
    throw new CliError(
      EXIT.usage,
      `pass --sqlite or --database-url, not both (see calendar-connections ${command} --help)`,
    );
  }
  if (flags.sqlite !== undefined) {
    const file = resolve(io.cwd, flags.sqlite);
    return { config, storage: await openSqlite(file, mustExist), where: `SQLite ${file}` };
  }
  const flagUrl = flags["database-url"];
  if (flagUrl !== undefined) {
    return { config, storage: await openPostgres(flagUrl, schema), where: describePostgres(flagUrl, schema) };
  }
  if (config.storage !== undefined) return { config, storage: config.storage, where: "the config's storage" };
  const url = io.env.DATABASE_URL;
  const sqlitePath = io.env.CALENDAR_SQLITE_PATH;
  if (url && sqlitePath) {
    throw new CliError(
      EXIT.config,
      "both DATABASE_URL and CALENDAR_SQLITE_PATH are set: unset one, or choose with --database-url or --sqlite",
    );
  }
  if (url) return { config, storage: await openPostgres(url, schema), where: describePostgres(url, schema) };
  if (sqlitePath) {
    const file = resolve(io.cwd, sqlitePath);
    return { config, storage: await openSqlite(file, mustExist), where: `SQLite ${file}` };
  }
  throw new CliError(
    EXIT.config,
    "no storage: set DATABASE_URL (PostgreSQL) or CALENDAR_SQLITE_PATH (SQLite), pass --sqlite <file> or --database-url <url>, or export `storage` from --config",
  );
}

/** Closes the storage and lets the config module release what it opened. */
export async function closeEnvironment(environment: CommandEnvironment): Promise<void> {
  await environment.storage.close();
  await environment.config.close?.();
}

/** The config's keyring, else `CALENDAR_TOKEN_KEYS`; a bad value is a configuration error. */
export async function loadKeyring(config: CalendarConnectionsCliConfig, io: CliIo): Promise<TokenKeyring> {
  if (config.keyring !== undefined) return config.keyring;
  try {
    return await parseTokenKeys(io.env[TOKEN_KEYS_ENV]);
  } catch (error) {
    if (error instanceof TokenKeyError) throw new CliError(EXIT.config, error.message);
    throw error;
  }
}

/** Runs `fn` with an open environment, closing it afterwards whatever happens. */
export async function withEnvironment<T>(
  command: string,
  flags: StorageFlags,
  io: CliIo,
  fn: (environment: CommandEnvironment) => Promise<T>,
  options: { readonly create?: boolean } = {},
): Promise<T> {
  const environment = await openEnvironment(command, flags, io, options);
  try {
    return await fn(environment);
  } finally {
    await closeEnvironment(environment);
  }
}
