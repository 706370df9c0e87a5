import type { JobMethods } from "../aggregates.ts";
import type { JobOutcomeWrite } from "../types.ts";
import { DELETE_LINK, LINK_COLUMNS, LINK_CONFLICT } from "./event-links.ts";
import type { SqlContext, SqlExecutor, SqlValue } from "./executor.ts";
import { OWNED_RUNNING } from "./jobs.ts";
import { first, readJobKey } from "./rows.ts";

/** A job flagged `rerun` becomes pending again (params: runAfter, updatedAt, id, owner) … */
const REQUEUE = `UPDATE calendar_sync_job SET status = 'pending', attempts = 0, rerun = false, run_after = ?,
  lease_owner = NULL, lease_expires_at = NULL, updated_at = ? WHERE ${OWNED_RUNNING} AND rerun = true`;
/** … any other is removed (params: id, owner). */
const REMOVE = `DELETE FROM calendar_sync_job WHERE ${OWNED_RUNNING} AND rerun = false`;
const JOB_KEY = "organization_id, connection_id, event_id";

/** SQLite: one write transaction (BEGIN IMMEDIATE), so nothing can flag `rerun` in between. */
function completeInTransaction(
  ctx: SqlContext,
  jobId: string,
  owner: string,
  outcome: JobOutcomeWrite,
): Promise<boolean> {
  return ctx.db.transaction(async (tx: SqlExecutor) => {
    const at = ctx.now();
    const job =
      first(await tx.query(`${REQUEUE} RETURNING ${JOB_KEY}`, [at, at, jobId, owner]), readJobKey) ??
      first(await tx.query(`${REMOVE} RETURNING ${JOB_KEY}`, [jobId, owner]), readJobKey);
    if (!job) return false;
    if (outcome.link === null) {
      await tx.execute(DELETE_LINK, [job.organizationId, job.connectionId, job.eventId]);
    } else if (outcome.link !== undefined) {
      const { calendarId, externalId, etag, lastSyncedHash } = outcome.link;
      await tx.execute(
        `INSERT INTO calendar_event_link (${LINK_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, NULL, ?, ?) ${LINK_CONFLICT}`,
        [
          job.organizationId,
          job.connectionId,
          job.eventId,
          calendarId,
          externalId,
          etag,
          lastSyncedHash,
          at,
          at,
        ],
      );
    }
    if (outcome.lastSyncedAt !== undefined) {
      await tx.execute(
        `UPDATE calendar_connection SET last_synced_at = ?, updated_at = ?
         WHERE organization_id = ? AND id = ? AND status <> 'disconnected'`,
        [outcome.lastSyncedAt, at, job.organizationId, job.connectionId],
      );
    }
    return true;
  });
}

/**
 * PostgreSQL: one statement (one round trip). The job leaves its lease through one of two guarded
 * sub-statements; the outcome is written from the row that did, so a lost lease writes nothing. An
 * enqueue committing `rerun` meanwhile makes both miss: retry while the lease is still held.
 */
async function completeInOneStatement(
  ctx: SqlContext,
  jobId: string,
  owner: string,
  outcome: JobOutcomeWrite,
): Promise<boolean> {
  const { db, tsParam } = ctx;
  for (let attempt = 0; attempt < 5; attempt++) {
    const at = ctx.now();
    const params: SqlValue[] = [at, at, jobId, owner, jobId, owner];
    let sql = `WITH requeued AS (${REQUEUE} RETURNING ${JOB_KEY}),
      removed AS (${REMOVE} RETURNING ${JOB_KEY}),
      done AS (SELECT * FROM requeued UNION ALL SELECT * FROM removed)`;
    if (outcome.link === null) {
      sql += `, unlinked AS (DELETE FROM calendar_event_link l USING done d WHERE l.organization_id = d.organization_id
        AND l.connection_id = d.connection_id AND l.event_id = d.event_id)`;
    } else if (outcome.link !== undefined) {
      sql += `, linked AS (INSERT INTO calendar_event_link (${LINK_COLUMNS})
        SELECT organization_id, connection_id, event_id, ?, ?, ?, ?, NULL, ${tsParam}, ${tsParam} FROM done WHERE true
        ${LINK_CONFLICT})`;
      const { calendarId, externalId, etag, lastSyncedHash } = outcome.link;
      params.push(calendarId, externalId, etag, lastSyncedHash, at, at);
    }
    if (outcome.lastSyncedAt !== undefined) {
      sql += `, synced AS (UPDATE calendar_connection c SET last_synced_at = ?, updated_at = ? FROM done d
        WHERE c.organization_id = d.organization_id AND c.id = d.connection_id AND c.status <> 'disconnected')`;
      params.push(outcome.lastSyncedAt, at);
    }
    if ((await db.query(`${sql} SELECT event_id FROM done`, params)).length === 1) return true;
    const held = await db.query(`SELECT id FROM calendar_sync_job WHERE ${OWNED_RUNNING}`, [jobId, owner]);
    if (held.length === 0) return false;
  }
  return false;
}

/** `completeJob` of `CalendarStorage` on SQL: the job leaves its lease and its outcome is recorded atomically. */
export function sqlJobCompletion(ctx: SqlContext): Pick<JobMethods, "completeJob"> {
  return {
    completeJob(jobId, owner, outcome = {}) {
      return ctx.db.dialect === "sqlite"
        ? completeInTransaction(ctx, jobId, owner, outcome)
        : completeInOneStatement(ctx, jobId, owner, outcome);
    },
  };
}
