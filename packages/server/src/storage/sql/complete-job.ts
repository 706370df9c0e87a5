import type { JobMethods } from "../aggregates.ts";
import type { JobCompletion, JobOutcomeWrite } from "../types.ts";
import { DELETE_LINK, LINK_COLUMNS, LINK_CONFLICT } from "./event-links.ts";
import type { SqlContext, SqlExecutor } from "./executor.ts";
import { OWNED_RUNNING } from "./jobs.ts";
import { first, readJobKey } from "./rows.ts";

/** A job flagged `rerun` becomes pending again (params: runAfter, updatedAt, id, owner) … */
const REQUEUE = `UPDATE calendar_sync_job SET status = 'pending', attempts = 0, rerun = false, run_after = ?,
  lease_owner = NULL, lease_expires_at = NULL, updated_at = ? WHERE ${OWNED_RUNNING} AND rerun = true`;
/** … any other is removed (params: id, owner). */
const REMOVE = `DELETE FROM calendar_sync_job WHERE ${OWNED_RUNNING} AND rerun = false`;
const JOB_KEY = "organization_id, connection_id, event_id";

/** How often PostgreSQL tries again the jobs an enqueue flagged `rerun` under a batch (see below). */
const RERUN_ATTEMPTS = 5;

/** Each job id once, first item first: the positions of the items that count, by job id. */
function firstPositions(items: readonly JobCompletion[]): Map<string, number> {
  const positions = new Map<string, number>();
  for (const [index, item] of items.entries())
    if (!positions.has(item.jobId)) positions.set(item.jobId, index);
  return positions;
}

/** One job's completion inside SQLite's write transaction (BEGIN IMMEDIATE: nothing flags `rerun` in between). */
async function completeOne(
  tx: SqlExecutor,
  at: Date,
  jobId: string,
  owner: string,
  outcome: JobOutcomeWrite,
): Promise<boolean> {
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
}

/** SQLite: the whole batch in one write transaction, each job through the same cached statements. */
function completeInTransaction(
  ctx: SqlContext,
  owner: string,
  items: readonly JobCompletion[],
): Promise<boolean[]> {
  const positions = firstPositions(items);
  return ctx.db.transaction(async (tx) => {
    const at = ctx.now();
    const held = items.map(() => false);
    for (const [jobId, index] of positions) {
      held[index] = await completeOne(tx, at, jobId, owner, items[index]?.outcome ?? {});
    }
    return held;
  });
}

/**
 * PostgreSQL: the batch in one statement. The inputs arrive as one JSON array read by
 * `jsonb_to_recordset`; each job leaves its lease through one of two guarded sub-statements, and the
 * outcomes are written from the rows that did, so a lost lease writes nothing. Jobs and connections are
 * found through `= ANY(ARRAY(…))`, index lookups, where a join with the input would scan the whole
 * table. The connections whose last sync moves are locked in id order first, so two workers' batches
 * never deadlock on them (FOR NO KEY UPDATE, the lock an UPDATE takes: inserts referencing them go on).
 */
const COMPLETE_BATCH = `WITH input AS (
    SELECT * FROM jsonb_to_recordset(?::jsonb) AS i(id text, link text, calendar_id text, external_id text,
      etag text, hash text, synced_at timestamptz)
  ),
  requeued AS (UPDATE calendar_sync_job j SET status = 'pending', attempts = 0, rerun = false, run_after = ?::timestamptz,
      lease_owner = NULL, lease_expires_at = NULL, updated_at = ?::timestamptz
    WHERE j.id = ANY(ARRAY(SELECT id FROM input)) AND j.status = 'running' AND j.lease_owner = ? AND j.rerun = true
    RETURNING j.id, j.organization_id, j.connection_id, j.event_id),
  removed AS (DELETE FROM calendar_sync_job j
    WHERE j.id = ANY(ARRAY(SELECT id FROM input)) AND j.status = 'running' AND j.lease_owner = ? AND j.rerun = false
    RETURNING j.id, j.organization_id, j.connection_id, j.event_id),
  done AS (SELECT d.id, d.organization_id, d.connection_id, d.event_id, i.link, i.calendar_id, i.external_id,
      i.etag, i.hash, i.synced_at
    FROM (SELECT * FROM requeued UNION ALL SELECT * FROM removed) d JOIN input i ON i.id = d.id),
  unlinked AS (DELETE FROM calendar_event_link l USING done d WHERE d.link = 'remove'
    AND l.organization_id = d.organization_id AND l.connection_id = d.connection_id AND l.event_id = d.event_id),
  linked AS (INSERT INTO calendar_event_link (${LINK_COLUMNS})
    SELECT organization_id, connection_id, event_id, calendar_id, external_id, etag, hash, NULL,
      ?::timestamptz, ?::timestamptz
    FROM done WHERE link = 'upsert'
    ${LINK_CONFLICT}),
  last_sync AS (SELECT organization_id, connection_id, max(synced_at) AS synced_at FROM done
    WHERE synced_at IS NOT NULL GROUP BY organization_id, connection_id),
  locked AS (SELECT c.id FROM calendar_connection c
    WHERE c.id = ANY(ARRAY(SELECT connection_id FROM last_sync)) AND c.status <> 'disconnected'
    ORDER BY c.id FOR NO KEY UPDATE),
  synced AS (UPDATE calendar_connection c SET last_synced_at = s.synced_at, updated_at = ?::timestamptz
    FROM last_sync s WHERE c.id = ANY(ARRAY(SELECT id FROM locked))
      AND c.organization_id = s.organization_id AND c.id = s.connection_id)
  SELECT id FROM done`;

/** The jobs among `ids` that `owner` still holds (params: ids as a JSON array, owner). */
const STILL_HELD = `SELECT id FROM calendar_sync_job
  WHERE id IN (SELECT jsonb_array_elements_text(?::jsonb)) AND status = 'running' AND lease_owner = ?`;

/** One input row of `COMPLETE_BATCH`. */
function batchRow(jobId: string, outcome: JobOutcomeWrite = {}): Record<string, string | null> {
  const link = outcome.link;
  return {
    id: jobId,
    link: link === null ? "remove" : link === undefined ? null : "upsert",
    calendar_id: link?.calendarId ?? null,
    external_id: link?.externalId ?? null,
    etag: link?.etag ?? null,
    hash: link?.lastSyncedHash ?? null,
    synced_at: outcome.lastSyncedAt?.toISOString() ?? null,
  };
}

/**
 * PostgreSQL: one statement per batch (one round trip). An enqueue committing `rerun` on a job while
 * the statement runs makes both of its guarded sub-statements miss; such jobs, still leased, go again.
 */
async function completeInOneStatement(
  ctx: SqlContext,
  owner: string,
  items: readonly JobCompletion[],
): Promise<boolean[]> {
  const positions = firstPositions(items);
  const held = items.map(() => false);
  let pending = [...positions.keys()];
  for (let attempt = 0; attempt < RERUN_ATTEMPTS && pending.length > 0; attempt++) {
    const at = ctx.now();
    const rows = pending.map((jobId) => batchRow(jobId, items[positions.get(jobId) ?? 0]?.outcome));
    const done = await ctx.db.query(COMPLETE_BATCH, [JSON.stringify(rows), at, at, owner, owner, at, at, at]);
    for (const row of done) {
      const index = positions.get(String(row.id));
      if (index !== undefined) held[index] = true;
    }
    const missed = pending.filter((jobId) => !held[positions.get(jobId) ?? 0]);
    if (missed.length === 0) break;
    const still = await ctx.db.query(STILL_HELD, [JSON.stringify(missed), owner]);
    pending = still.map((row) => String(row.id));
  }
  return held;
}

/** `completeJob` and `completeJobs` of `CalendarStorage` on SQL: jobs leave their lease with their outcome, atomically. */
export function sqlJobCompletion(ctx: SqlContext): Pick<JobMethods, "completeJob" | "completeJobs"> {
  const completeJobs = (owner: string, items: readonly JobCompletion[]): Promise<boolean[]> => {
    if (items.length === 0) return Promise.resolve([]);
    return ctx.db.dialect === "sqlite"
      ? completeInTransaction(ctx, owner, items)
      : completeInOneStatement(ctx, owner, items);
  };
  return {
    completeJobs,
    async completeJob(jobId, owner, outcome = {}) {
      const [held] = await completeJobs(owner, [{ jobId, outcome }]);
      return held === true;
    },
  };
}
