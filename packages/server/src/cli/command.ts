import type { ExitCode } from "./errors.ts";
import type { CliIo } from "./io.ts";

/** One subcommand of `calendar-connections`. */
export interface Command {
  readonly name: string;
  /** One line for the command list. */
  readonly summary: string;
  /** The full `--help` text. */
  readonly help: string;
  /** Runs the subcommand with its arguments (after the name) and says how it ended. */
  run(args: readonly string[], io: CliIo): Promise<ExitCode>;
}

/** The flags every command's help lists. */
export const COMMON_HELP = `Storage (the first that applies):
  --sqlite <file>         SQLite database file
  --database-url <url>    PostgreSQL connection string
  --schema <name>         PostgreSQL schema (default: the server's search_path; env CALENDAR_PG_SCHEMA)
  --config, -c <module>   config module (its \`storage\`, then DATABASE_URL, then CALENDAR_SQLITE_PATH)
  --help, -h              show this help`;
