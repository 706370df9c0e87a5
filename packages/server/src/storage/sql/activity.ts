import type { ActivityMethods, ActivityRequeue } from "../aggregates.ts";
import { INTERNAL_JOB_PREFIX } from "../types.ts";
import type { SqlContext } from "./executor.ts";
import { date, num, readJob } from "./rows.ts";

/** A job that failed: it gave up, or it waits for a retry with an error recorded. */
const FAILING = "(status = 'dead' OR last_error IS NOT NULL)";

/** A host event's job of the connection (params: organization, connection); the kit's own jobs are left out. */
const OF_CONNECTION = `organization_id = ? AND connection_id = ? AND event_id NOT LIKE '${INTERNAL_JOB_PREFIX}%'`;

/** What an admin sees of a connection's sync, on SQL. */
export function sqlActivity(ctx: SqlContext, requeue: ActivityRequeue): ActivityMethods {
  const { db, now, tsParam } = ctx;
  return {
    async syncActivity(organizationId, connectionId) {
      const key = [organizationId, connectionId];
      const [synced] = await db.query(
        `SELECT coalesce(sum(CASE WHEN external_id IS NOT NULL THEN 1 ELSE 0 END), 0) AS n,
           coalesce(sum(CASE WHEN pending = 'move' THEN 1 ELSE 0 END), 0) AS moving
         FROM calendar_event_link WHERE ${OF_CONNECTION}`,
        key,
      );
      const [jobs] = await db.query(
        `SELECT count(*) AS total, coalesce(sum(CASE WHEN ${FAILING} THEN 1 ELSE 0 END), 0) AS failing
         FROM calendar_sync_job WHERE ${OF_CONNECTION}`,
        key,
      );
      const [latest] = await db.query(
        `SELECT last_error, updated_at FROM calendar_sync_job WHERE ${OF_CONNECTION} AND last_error IS NOT NULL
         ORDER BY updated_at DESC, id DESC LIMIT 1`,
        key,
      );
      const failing = jobs === undefined ? 0 : num(jobs, "failing");
      return {
        synced: synced === undefined ? 0 : num(synced, "n"),
        failing,
        moving: synced === undefined ? 0 : num(synced, "moving"),
        waiting: (jobs === undefined ? 0 : num(jobs, "total")) - failing,
        lastError:
          latest === undefined
            ? null
            : { message: String(latest.last_error), at: date(latest, "updated_at") },
      };
    },

    async listFailingJobs(organizationId, connectionId, options) {
      const after =
        options.after === undefined
          ? ""
          : ` AND (updated_at < ${tsParam} OR (updated_at = ${tsParam} AND id < ?))`;
      const rows = await db.query(
        `SELECT * FROM calendar_sync_job WHERE ${OF_CONNECTION} AND ${FAILING}${after}
         ORDER BY updated_at DESC, id DESC LIMIT ?`,
        [
          organizationId,
          connectionId,
          ...(options.after === undefined
            ? []
            : [options.after.updatedAt, options.after.updatedAt, options.after.id]),
          options.limit,
        ],
      );
      return rows.map(readJob);
    },

    async retryEventNow(organizationId, connectionId, eventId) {
      const requeued = await requeue(organizationId, connectionId, { eventId });
      const due = await db.execute(
        `UPDATE calendar_sync_job SET run_after = ${tsParam}, updated_at = ${tsParam}
         WHERE ${OF_CONNECTION} AND event_id = ? AND status = 'pending'
           AND EXISTS (SELECT 1 FROM calendar_connection c
             WHERE c.id = calendar_sync_job.connection_id AND c.status <> 'disconnected')`,
        [now(), now(), organizationId, connectionId, eventId],
      );
      return requeued + due > 0;
    },
  };
}
