import { sqlActivity } from "./sql/activity.ts";
import { sqlAudit } from "./sql/audit.ts";
import { sqlJobCompletion } from "./sql/complete-job.ts";
import { sqlConnections } from "./sql/connections.ts";
import { sqlEventLinks } from "./sql/event-links.ts";
import { type SqlExecutor, sqlContext } from "./sql/executor.ts";
import { sqlJobs } from "./sql/jobs.ts";
import { applyMigrations } from "./sql/migrate.ts";
import { sqlOAuthStates } from "./sql/oauth-states.ts";
import { sqlOutbox } from "./sql/outbox.ts";
import type { CalendarStorage } from "./types.ts";

export type { SqlExecutor, SqlRow, SqlValue } from "./sql/executor.ts";
export { applyMigrations, type MigrateOptions } from "./sql/migrate.ts";

/**
 * The one SQL implementation of `CalendarStorage`, shared by the SQLite and PostgreSQL adapters:
 * each aggregate (connections, OAuth state, jobs, sync activity, event links, audit, outbox) lives in its own file under
 * `sql/`, written once with `?` placeholders for both dialects.
 */
export function createSqlStorage(db: SqlExecutor, now: () => Date): CalendarStorage {
  const ctx = sqlContext(db, now);
  const jobs = sqlJobs(ctx);
  return {
    migrate: () => applyMigrations(db, now),
    ...sqlConnections(ctx),
    ...sqlOAuthStates(ctx),
    ...jobs,
    ...sqlActivity(ctx, jobs.requeueDeadLetters),
    ...sqlJobCompletion(ctx),
    ...sqlEventLinks(ctx),
    ...sqlAudit(ctx),
    ...sqlOutbox(ctx),
    close: () => db.close(),
  };
}
