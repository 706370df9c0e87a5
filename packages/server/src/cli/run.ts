import { importServiceAccountCommand } from "../providers/google-service-account/cli-import.ts";
import type { Command } from "./command.ts";
import { migrateCommand } from "./commands/migrate.ts";
import { rotateKeysCommand } from "./commands/rotate-keys.ts";
import { syncCommand } from "./commands/sync.ts";
import { CliError, EXIT, type ExitCode } from "./errors.ts";
import type { CliIo } from "./io.ts";

const COMMANDS: readonly Command[] = [
  migrateCommand,
  importServiceAccountCommand,
  rotateKeysCommand,
  syncCommand,
];

const HELP = `Usage: calendar-connections <command> [options]

Commands:
${COMMANDS.map((command) => `  ${command.name.padEnd(24)}${command.summary}`).join("\n")}

Run \`calendar-connections <command> --help\` for a command's options.

Environment:
  DATABASE_URL            PostgreSQL connection string (CALENDAR_PG_SCHEMA: its schema)
  CALENDAR_SQLITE_PATH    SQLite database file (when DATABASE_URL is not set)
  CALENDAR_TOKEN_KEYS     token keys, "k1:<base64 32 bytes>[,k0:<older>]" (rotate-keys, sync)

Exit codes: 0 done, 1 failed, 2 usage, 3 bad input file, 4 configuration.`;

/** Messages that must not reach a terminal verbatim: a connection string may carry a password. */
function redact(message: string): string {
  return message.replace(/(\w+:\/\/)[^@\s/]*@/g, "$1***@");
}

/** Runs the CLI with `argv` (without node and the script); resolves with the exit code. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<ExitCode> {
  const [name, ...args] = argv;
  if (name === undefined || name === "--help" || name === "-h" || name === "help") {
    io.out(HELP);
    return name === undefined ? EXIT.usage : EXIT.ok;
  }
  const command = COMMANDS.find((candidate) => candidate.name === name);
  if (command === undefined) {
    io.err(`calendar-connections: unknown command "${name}"\n\n${HELP}`);
    return EXIT.usage;
  }
  if (args.includes("--help") || args.includes("-h")) {
    io.out(command.help);
    return EXIT.ok;
  }
  try {
    return await command.run(args, io);
  } catch (error) {
    if (error instanceof CliError) {
      io.err(`calendar-connections ${name}: ${redact(error.message)}`);
      return error.exitCode;
    }
    const reason = error instanceof Error ? `${error.message}` : String(error);
    io.err(`calendar-connections ${name}: failed: ${redact(reason)}`);
    return EXIT.failed;
  }
}
