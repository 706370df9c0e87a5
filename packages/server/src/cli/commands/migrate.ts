import { parseCommandArgs } from "../args.ts";
import { COMMON_HELP, type Command } from "../command.ts";
import { withEnvironment } from "../environment.ts";
import { EXIT } from "../errors.ts";

const HELP = `Usage: calendar-connections migrate [options]

Creates or upgrades the kit's tables (calendar_connection, calendar_sync_job, calendar_event_link,
calendar_audit_log, …). Idempotent, and safe to run from several processes at once. A SQLite file is
created when missing.

${COMMON_HELP}`;

export const migrateCommand: Command = {
  name: "migrate",
  summary: "create or upgrade the kit's tables",
  help: HELP,
  async run(args, io) {
    const flags = parseCommandArgs("migrate", args, {});
    return withEnvironment(
      "migrate",
      flags,
      io,
      async ({ storage, where }) => {
        const applied = await storage.migrate();
        io.out(
          applied.length === 0
            ? `${where}: schema up to date`
            : `${where}: applied migration${applied.length === 1 ? "" : "s"} ${applied.join(", ")}`,
        );
        return EXIT.ok;
      },
      { create: true },
    );
  },
};
