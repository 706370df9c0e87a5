import type { SyncRunResult } from "@org/calendar-connections-core";
import type { Logger } from "../../handler/logger.ts";
import { intFlag, parseCommandArgs } from "../args.ts";
import { COMMON_HELP, type Command } from "../command.ts";
import { loadKeyring, withEnvironment } from "../environment.ts";
import { CliError, EXIT } from "../errors.ts";
import type { CliIo } from "../io.ts";

const HELP = `Usage: calendar-connections sync --once [--limit <n>] [--concurrency <n>] [--time-budget <ms>] --config <module>
       calendar-connections sync [--poll-interval <ms>] [--concurrency <n>] --config <module>

Pushes pending event changes into the connected calendars. With --once: one bounded batch, then the
counts. Without: a worker that polls until SIGTERM or SIGINT, then finishes the jobs in flight and
gives back the leases of the rest.

  --once                  run one batch and exit
  --limit <n>             most jobs in the batch (default 100)
  --concurrency <n>       jobs in flight at once (default 4)
  --time-budget <ms>      stop claiming after this long (default 25000)
  --poll-interval <ms>    worker: wait between empty polls (default 2000)

The config module must provide \`getEvent(organizationId, eventId)\` (the host's current event, or null)
and the providers (\`providers: [google({…}), microsoft({…}), …]\`); keys come from
CALENDAR_TOKEN_KEYS or its \`keyring\`. Exit codes: 0 done (jobs that failed are retried later and
counted), 2 usage, 4 configuration, 1 the batch itself failed (database unreachable).

${COMMON_HELP}`;

function stderrLogger(io: CliIo): Logger {
  const line = (level: string) => (message: string, fields?: object) =>
    io.err(JSON.stringify({ level, message, ...fields }));
  return { info: line("info"), warn: line("warn"), error: line("error") };
}

function counts(result: SyncRunResult): string {
  return `claimed ${result.claimed}, succeeded ${result.succeeded}, retried ${result.retried}, parked ${result.parked}, dead-lettered ${result.deadLettered} in ${result.durationMs} ms`;
}

async function run(args: readonly string[], io: CliIo) {
  const flags = parseCommandArgs("sync", args, {
    once: { type: "boolean" },
    limit: { type: "string" },
    concurrency: { type: "string" },
    "time-budget": { type: "string" },
    "poll-interval": { type: "string" },
  });
  const limit = intFlag("sync", "limit", flags.limit, 100);
  const concurrency = intFlag("sync", "concurrency", flags.concurrency, 4);
  const timeBudgetMs = intFlag("sync", "time-budget", flags["time-budget"], 25_000);
  const pollIntervalMs = intFlag("sync", "poll-interval", flags["poll-interval"], 2_000);
  return withEnvironment("sync", flags, io, async ({ config, storage, where }) => {
    const { getEvent, organizationExists: _exists, close: _close, ...options } = config;
    if (getEvent === undefined) {
      throw new CliError(
        EXIT.config,
        "sync needs the host's getEvent(organizationId, eventId): pass --config <module> that provides it (see calendar-connections sync --help)",
      );
    }
    // Loaded here, so that --help and usage errors do not load the whole kit.
    const { createCalendarConnections } = await import("../../handler/create.ts");
    const kit = createCalendarConnections({
      providers: [],
      authorize: () => null,
      publicBaseURL: "http://localhost",
      logger: stderrLogger(io),
      ...options,
      storage,
      keyring: await loadKeyring(config, io),
      getEvent,
    });
    if (flags.once) {
      const result = await kit.sync.processPendingCalendarSyncJobs({ limit, concurrency, timeBudgetMs });
      io.out(`${where}: ${counts(result)}`);
      return EXIT.ok;
    }
    io.out(`${where}: sync worker started (concurrency ${concurrency}); SIGTERM or SIGINT stops it`);
    const worker = kit.sync.startSyncWorker({
      pollIntervalMs,
      concurrency,
      ...(io.signal === undefined ? {} : { signal: io.signal }),
      onBatch: (result) => {
        if (result.claimed > 0) io.out(counts(result));
      },
    });
    await worker.stopped;
    io.out("sync worker stopped");
    return EXIT.ok;
  });
}

export const syncCommand: Command = {
  name: "sync",
  summary: "run one sync batch (--once) or a sync worker",
  help: HELP,
  run,
};
