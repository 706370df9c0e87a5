import type { JobMethods } from "../aggregates.ts";
import { StorageConflictError } from "../errors.ts";
import { newId } from "../ids.ts";
import { ENQUEUE_CHUNK_SIZE, type JobFilter, type SyncJobStatus, skippedConnections } from "../types.ts";
import type { SqlContext, SqlValue } from "./executor.ts";
import { first, readJob } from "./rows.ts";

/** The job is `id` and still leased to `owner` (params: id, owner). */
export const OWNED_RUNNING = "id = ? AND status = 'running' AND lease_owner = ?";

/** A job leaving its lease for good (dead) or until a reconnect (parked): status, then error. */
const SETTLE = "status = ?, rerun = false, last_error = ?, lease_owner = NULL, lease_expires_at = NULL";

/** The sync job queue of `CalendarStorage` on SQL, but `completeJob` and `completeJobs` (see `complete-job.ts`). */
export function sqlJobs(ctx: SqlContext): Omit<JobMethods, "completeJob" | "completeJobs"> {
  const { db, now, tsParam } = ctx;

  /**
   * Enqueues `count` events (params: `enqueueParams`) in one statement:
   * the insert is selected from the live connection (scoping), and the partial unique index over
   * open jobs turns a second change of an event into the coalescing update.
   */
  function enqueueSql(count: number): string {
    const values = Array.from({ length: count }, () => "(?, ?)").join(", ");
    return `INSERT INTO calendar_sync_job (id, organization_id, connection_id, event_id, status, attempts, run_after,
             rerun, created_at, updated_at)
           SELECT v.column1, c.organization_id, c.id, v.column2,
             CASE WHEN c.status = 'needs_reauth' THEN 'parked' ELSE 'pending' END,
             0, ${tsParam}, false, ${tsParam}, ${tsParam}
           FROM calendar_connection c CROSS JOIN (VALUES ${values}) AS v
           WHERE c.id = ? AND c.organization_id = ? AND c.status <> 'disconnected'
           ON CONFLICT (connection_id, event_id) WHERE status <> 'dead' DO UPDATE SET
             run_after = CASE WHEN calendar_sync_job.status = 'pending' AND excluded.run_after < calendar_sync_job.run_after
               THEN excluded.run_after ELSE calendar_sync_job.run_after END,
             rerun = CASE WHEN calendar_sync_job.status = 'running' THEN true ELSE calendar_sync_job.rerun END,
             updated_at = excluded.updated_at`;
  }

  /** The parameters of `enqueueSql`, in the order they appear in it; `rows` holds id, event id per row. */
  const enqueueParams = (
    input: { organizationId: string; connectionId: string; runAfter?: Date },
    at: Date,
    rows: readonly string[],
  ): SqlValue[] => [input.runAfter ?? at, at, at, ...rows, input.connectionId, input.organizationId];

  async function transition(jobId: string, owner: string, set: string, params: SqlValue[]): Promise<boolean> {
    const changed = await db.execute(
      `UPDATE calendar_sync_job SET ${set}, updated_at = ? WHERE ${OWNED_RUNNING}`,
      [...params, now(), jobId, owner],
    );
    return changed === 1;
  }

  async function changeConnectionJobs(
    organizationId: string,
    connectionId: string,
    from: SyncJobStatus,
    to: SyncJobStatus,
  ): Promise<number> {
    const at = now();
    const runAfter = to === "pending" ? ", run_after = ?" : "";
    return db.execute(
      `UPDATE calendar_sync_job SET status = ?, updated_at = ?${runAfter}
       WHERE organization_id = ? AND connection_id = ? AND status = ?`,
      [to, at, ...(to === "pending" ? [at] : []), organizationId, connectionId, from],
    );
  }

  return {
    async enqueueJob(input) {
      const at = now();
      return first(
        await db.query(
          `${enqueueSql(1)} RETURNING *`,
          enqueueParams(input, at, [newId(at.getTime()), input.eventId]),
        ),
        readJob,
      );
    },

    async enqueueJobs(input) {
      // Postgres refuses to upsert one row twice in a statement: each id once.
      const eventIds = [...new Set(input.eventIds)];
      let written = 0;
      for (let start = 0; start < eventIds.length; start += ENQUEUE_CHUNK_SIZE) {
        const chunk = eventIds.slice(start, start + ENQUEUE_CHUNK_SIZE);
        const at = now();
        written += await db.execute(
          enqueueSql(chunk.length),
          enqueueParams(
            input,
            at,
            chunk.flatMap((eventId) => [newId(at.getTime()), eventId]),
          ),
        );
      }
      return written;
    },

    async claimJobs(options) {
      if (options.limit <= 0) return [];
      const at = now();
      const byConnection = options.connectionId === undefined ? "" : " AND connection_id = ?";
      const skip = skippedConnections(options);
      const skipping =
        skip.length === 0 ? "" : ` AND connection_id NOT IN (${skip.map(() => "?").join(", ")})`;
      const skipLocked = db.dialect === "postgres" ? " FOR UPDATE SKIP LOCKED" : "";
      const rows = await db.query(
        `UPDATE calendar_sync_job
         SET status = 'running', attempts = attempts + 1, lease_owner = ?, lease_expires_at = ?, updated_at = ?
         WHERE id IN (
           SELECT id FROM calendar_sync_job
           WHERE ((status = 'pending' AND run_after <= ?) OR (status = 'running' AND lease_expires_at <= ?))${byConnection}
             AND NOT EXISTS (SELECT 1 FROM calendar_connection c
               WHERE c.id = calendar_sync_job.connection_id AND c.health_retry_at > ?)${skipping}
           ORDER BY run_after, id LIMIT ?${skipLocked}
         )
         RETURNING *`,
        [
          options.owner,
          new Date(at.getTime() + options.leaseMs),
          at,
          at,
          at,
          ...(options.connectionId === undefined ? [] : [options.connectionId]),
          at,
          ...skip,
          options.limit,
        ],
      );
      // RETURNING keeps no order.
      return rows
        .map(readJob)
        .sort((a, b) => a.runAfter.getTime() - b.runAfter.getTime() || (a.id < b.id ? -1 : 1));
    },

    extendLease(jobId, owner, leaseMs) {
      return transition(jobId, owner, "lease_expires_at = ?", [new Date(now().getTime() + leaseMs)]);
    },

    failJob(jobId, owner, failure) {
      return transition(
        jobId,
        owner,
        "status = 'pending', rerun = false, run_after = ?, last_error = ?, lease_owner = NULL, lease_expires_at = NULL",
        [failure.runAfter, failure.error],
      );
    },

    releaseJob(jobId, owner) {
      return transition(
        jobId,
        owner,
        `status = 'pending', attempts = CASE WHEN attempts > 0 THEN attempts - 1 ELSE 0 END, run_after = ?,
         lease_owner = NULL, lease_expires_at = NULL`,
        [now()],
      );
    },

    deadLetterJob(jobId, owner, error) {
      return transition(jobId, owner, SETTLE, ["dead", error]);
    },

    parkJob(jobId, owner, error) {
      return transition(jobId, owner, SETTLE, ["parked", error]);
    },

    parkConnectionJobs(organizationId, connectionId) {
      return changeConnectionJobs(organizationId, connectionId, "pending", "parked");
    },

    resumeConnectionJobs(organizationId, connectionId) {
      return changeConnectionJobs(organizationId, connectionId, "parked", "pending");
    },

    async requeueDeadLetters(organizationId, connectionId, options = {}) {
      const byEvent = options.eventId === undefined ? "" : " AND event_id = ?";
      const eventParam = options.eventId === undefined ? [] : [options.eventId];
      const requeue = (): Promise<number> =>
        db.transaction(async (tx) => {
          const [connection] = await tx.query(
            "SELECT status FROM calendar_connection WHERE id = ? AND organization_id = ? AND status <> 'disconnected'",
            [connectionId, organizationId],
          );
          if (connection === undefined) return 0;
          const at = now();
          // Covered by an open job of the event, or by a newer dead letter of it: removed.
          const removed = await tx.execute(
            `DELETE FROM calendar_sync_job
             WHERE organization_id = ? AND connection_id = ? AND status = 'dead'${byEvent} AND EXISTS (
               SELECT 1 FROM calendar_sync_job o
               WHERE o.connection_id = calendar_sync_job.connection_id AND o.event_id = calendar_sync_job.event_id
                 AND (o.status <> 'dead' OR o.id > calendar_sync_job.id))`,
            [organizationId, connectionId, ...eventParam],
          );
          const requeued = await tx.execute(
            `UPDATE calendar_sync_job SET status = ?, attempts = 0, rerun = false, run_after = ?, created_at = ?,
               updated_at = ?
             WHERE organization_id = ? AND connection_id = ? AND status = 'dead'${byEvent}`,
            [
              connection.status === "needs_reauth" ? "parked" : "pending",
              at,
              at,
              at,
              organizationId,
              connectionId,
              ...eventParam,
            ],
          );
          return removed + requeued;
        });
      // PostgreSQL: an event enqueued between the two statements makes the update a unique violation; again.
      for (let attempt = 1; ; attempt += 1) {
        try {
          return await requeue();
        } catch (error) {
          if (!(error instanceof StorageConflictError) || attempt >= 3) throw error;
        }
      }
    },

    async listDeadLetters(organizationId, options = {}) {
      const byConnection = options.connectionId === undefined ? "" : " AND connection_id = ?";
      const rows = await db.query(
        `SELECT * FROM calendar_sync_job WHERE organization_id = ? AND status = 'dead'${byConnection}
         ORDER BY updated_at DESC, id DESC LIMIT ?`,
        [
          organizationId,
          ...(options.connectionId === undefined ? [] : [options.connectionId]),
          options.limit ?? 100,
        ],
      );
      return rows.map(readJob);
    },

    async listJobs(filter: JobFilter = {}) {
      const where: string[] = [];
      const params: SqlValue[] = [];
      for (const [column, value] of [
        ["organization_id", filter.organizationId],
        ["connection_id", filter.connectionId],
        ["status", filter.status],
      ] as const) {
        if (value === undefined) continue;
        where.push(`${column} = ?`);
        params.push(value);
      }
      const rows = await db.query(
        `SELECT * FROM calendar_sync_job${where.length ? ` WHERE ${where.join(" AND ")}` : ""}
         ORDER BY created_at, id LIMIT ?`,
        [...params, filter.limit ?? 1000],
      );
      return rows.map(readJob);
    },
  };
}
