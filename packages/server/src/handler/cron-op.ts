import type { SyncRunResult } from "@org/calendar-connections-core";
import { ApiError } from "../http/api-error.ts";
import { secretsMatch } from "./encoding.ts";
import type { Kit } from "./kit.ts";
import { describeError } from "./logger.ts";

/**
 * `POST /cron/sync`: one bounded batch of sync jobs for a scheduler (Vercel Cron, a Kubernetes CronJob,
 * curl in crontab). Guarded by `Authorization: Bearer <cronSecret>`, compared in constant time.
 */
export async function runCron(kit: Kit, request: Request): Promise<SyncRunResult> {
  const expected = kit.options.cronSecret;
  const header = request.headers.get("authorization") ?? "";
  const presented = header.startsWith("Bearer ") ? header.slice("Bearer ".length).trim() : "";
  if (expected === undefined || expected === "" || presented === "" || !secretsMatch(presented, expected)) {
    throw new ApiError("cron_unauthorized", {
      headers: { "www-authenticate": 'Bearer realm="calendar-connections"' },
    });
  }
  const result = await kit.sync.processPendingCalendarSyncJobs({
    limit: 100,
    concurrency: 4,
    timeBudgetMs: 25_000,
  });
  // The batch's result stands whatever the outbox does; a failed delivery is tried again next run.
  try {
    await kit.sync.deliverConnectionEvents();
  } catch (error) {
    kit.logger.error("delivering connection events failed", { reason: describeError(error) });
  }
  return result;
}
