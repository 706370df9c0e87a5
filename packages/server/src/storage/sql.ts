import {
  type AuditAction,
  type AuditEntry,
  type ConnectionStatus,
  type HealthReason,
  PROVIDER_CATALOG,
  type ProviderId,
  type Scalar,
} from "@org/calendar-connections-core";
import { newId } from "./ids.ts";
import { MIGRATIONS, MIGRATIONS_TABLE } from "./migrations.ts";
import type {
  AttachedAudit,
  AuditInput,
  CalendarStorage,
  ConnectionPatch,
  ConnectionRecord,
  EventLink,
  JobFilter,
  OAuthStateRecord,
  SyncJob,
  SyncJobStatus,
} from "./types.ts";

/** A value bound to a `?` placeholder. Executors convert Dates and booleans for their dialect. */
export type SqlValue = string | number | boolean | null | Date;
export type SqlRow = Record<string, unknown>;

/**
 * What the shared SQL storage needs from a driver. SQL is written once with `?` placeholders; the
 * PostgreSQL executor numbers them. Unique violations surface as `StorageConflictError`.
 */
export interface SqlExecutor {
  readonly dialect: "sqlite" | "postgres";
  /** Runs one statement; returns its rows (RETURNING or SELECT). */
  query(sql: string, params?: readonly SqlValue[]): Promise<SqlRow[]>;
  /** Runs one statement; returns how many rows it changed. */
  execute(sql: string, params?: readonly SqlValue[]): Promise<number>;
  /** Runs several statements without parameters (migrations). */
  script(sql: string): Promise<void>;
  /** Runs `fn` in one write transaction (SQLite: BEGIN IMMEDIATE), committed when it resolves. */
  transaction<T>(fn: (tx: SqlExecutor) => Promise<T>): Promise<T>;
  /** Runs `fn` under an exclusive lock on `key`, shared by every process on the database. */
  withLock<T>(key: string, fn: () => Promise<T>): Promise<T>;
  /** Takes the lock that serializes migrations (inside a `transaction`). */
  lockMigrations(): Promise<void>;
  close(): Promise<void>;
}

// --- reading rows ----------------------------------------------------------------------------

function str(row: SqlRow, key: string): string {
  const value = row[key];
  if (typeof value !== "string") throw new TypeError(`Column ${key} is not text.`);
  return value;
}

function strOrNull(row: SqlRow, key: string): string | null {
  const value = row[key];
  return value === null || value === undefined ? null : String(value);
}

function num(row: SqlRow, key: string): number {
  return Number(row[key]);
}

function bool(row: SqlRow, key: string): boolean {
  const value = row[key];
  return value === true || value === 1 || value === "1";
}

function dateOrNull(row: SqlRow, key: string): Date | null {
  const value = row[key];
  if (value === null || value === undefined) return null;
  return value instanceof Date ? value : new Date(String(value));
}

function date(row: SqlRow, key: string): Date {
  const value = dateOrNull(row, key);
  if (!value) throw new TypeError(`Column ${key} is null.`);
  return value;
}

function json(row: SqlRow, key: string): unknown {
  const value = row[key];
  return typeof value === "string" ? JSON.parse(value) : value;
}

function readConnection(row: SqlRow): ConnectionRecord {
  const reason = strOrNull(row, "health_reason");
  const scopes = json(row, "scopes");
  return {
    id: str(row, "id"),
    organizationId: str(row, "organization_id"),
    userId: strOrNull(row, "user_id"),
    provider: str(row, "provider") as ProviderId,
    externalAccountId: strOrNull(row, "external_account_id"),
    accountEmail: strOrNull(row, "account_email"),
    calendarId: strOrNull(row, "calendar_id"),
    calendarName: strOrNull(row, "calendar_name"),
    status: str(row, "status") as ConnectionStatus,
    health: reason
      ? {
          reason: reason as HealthReason,
          message: strOrNull(row, "health_message") ?? "",
          retryAt: dateOrNull(row, "health_retry_at"),
        }
      : null,
    accessTokenCiphertext: strOrNull(row, "access_token_ciphertext"),
    refreshTokenCiphertext: strOrNull(row, "refresh_token_ciphertext"),
    tokenExpiresAt: dateOrNull(row, "token_expires_at"),
    keyId: strOrNull(row, "key_id"),
    tokenVersion: num(row, "token_version"),
    scopes: Array.isArray(scopes) ? scopes.map(String) : [],
    feedTokenHash: strOrNull(row, "feed_token_hash"),
    lastSyncedAt: dateOrNull(row, "last_synced_at"),
    createdAt: date(row, "created_at"),
    updatedAt: date(row, "updated_at"),
    createdBy: strOrNull(row, "created_by"),
    disconnectedAt: dateOrNull(row, "disconnected_at"),
  };
}

function readJob(row: SqlRow): SyncJob {
  return {
    id: str(row, "id"),
    organizationId: str(row, "organization_id"),
    connectionId: str(row, "connection_id"),
    eventId: str(row, "event_id"),
    status: str(row, "status") as SyncJobStatus,
    attempts: num(row, "attempts"),
    runAfter: date(row, "run_after"),
    leaseOwner: strOrNull(row, "lease_owner"),
    leaseExpiresAt: dateOrNull(row, "lease_expires_at"),
    rerun: bool(row, "rerun"),
    lastError: strOrNull(row, "last_error"),
    createdAt: date(row, "created_at"),
    updatedAt: date(row, "updated_at"),
  };
}

function readLink(row: SqlRow): EventLink {
  return {
    organizationId: str(row, "organization_id"),
    connectionId: str(row, "connection_id"),
    eventId: str(row, "event_id"),
    externalId: str(row, "external_id"),
    etag: strOrNull(row, "etag"),
    lastSyncedHash: strOrNull(row, "last_synced_hash"),
    createdAt: date(row, "created_at"),
    updatedAt: date(row, "updated_at"),
  };
}

function readAudit(row: SqlRow): AuditEntry {
  return {
    id: str(row, "id"),
    organizationId: str(row, "organization_id"),
    connectionId: strOrNull(row, "connection_id"),
    actorId: strOrNull(row, "actor_id"),
    action: str(row, "action") as AuditAction,
    at: date(row, "created_at").toISOString(),
    details: json(row, "details") as Record<string, Scalar>,
  };
}

function readOAuthState(row: SqlRow): OAuthStateRecord {
  return {
    idHash: str(row, "id_hash"),
    organizationId: str(row, "organization_id"),
    userId: str(row, "user_id"),
    sessionBinding: strOrNull(row, "session_binding"),
    provider: str(row, "provider") as ProviderId,
    codeVerifier: str(row, "code_verifier"),
    returnTo: strOrNull(row, "return_to"),
    connectionId: strOrNull(row, "connection_id"),
    createdAt: date(row, "created_at"),
    expiresAt: date(row, "expires_at"),
  };
}

const first = <T>(rows: SqlRow[], read: (row: SqlRow) => T): T | null => {
  const row = rows[0];
  return row ? read(row) : null;
};

/** Applies the migrations this database lacks, in one transaction under a cross-process lock. */
export async function applyMigrations(db: SqlExecutor, at: () => Date = () => new Date()): Promise<number[]> {
  return db.transaction(async (tx) => {
    await tx.lockMigrations();
    await tx.script(
      `CREATE TABLE IF NOT EXISTS ${MIGRATIONS_TABLE} (version integer PRIMARY KEY, name text NOT NULL, applied_at text NOT NULL)`,
    );
    const done = new Set(
      (await tx.query(`SELECT version FROM ${MIGRATIONS_TABLE}`)).map((r) => num(r, "version")),
    );
    const applied: number[] = [];
    for (const migration of MIGRATIONS) {
      if (done.has(migration.version)) continue;
      await tx.script(tx.dialect === "postgres" ? migration.postgres : migration.sqlite);
      await tx.execute(`INSERT INTO ${MIGRATIONS_TABLE} (version, name, applied_at) VALUES (?, ?, ?)`, [
        migration.version,
        migration.name,
        at().toISOString(),
      ]);
      applied.push(migration.version);
    }
    return applied;
  });
}

const OWNED_RUNNING = "id = ? AND status = 'running' AND lease_owner = ?";
/** `completeJob`: a job flagged `rerun` becomes pending again (params: runAfter, updatedAt, id, owner) … */
const REQUEUE = `UPDATE calendar_sync_job SET status = 'pending', attempts = 0, rerun = false, run_after = ?,
  lease_owner = NULL, lease_expires_at = NULL, updated_at = ? WHERE ${OWNED_RUNNING} AND rerun = true`;
/** … any other is removed (params: id, owner). */
const REMOVE = `DELETE FROM calendar_sync_job WHERE ${OWNED_RUNNING} AND rerun = false`;
const JOB_KEY = "organization_id, connection_id, event_id";
const LINK_CONFLICT = `ON CONFLICT (connection_id, event_id) DO UPDATE SET external_id = excluded.external_id,
  etag = excluded.etag, last_synced_hash = excluded.last_synced_hash, updated_at = excluded.updated_at`;

function readJobKey(row: SqlRow): { organizationId: string; connectionId: string; eventId: string } {
  return {
    organizationId: str(row, "organization_id"),
    connectionId: str(row, "connection_id"),
    eventId: str(row, "event_id"),
  };
}
/** A job leaving its lease for good (dead) or until a reconnect (parked): status, then error. */
const SETTLE = "status = ?, rerun = false, last_error = ?, lease_owner = NULL, lease_expires_at = NULL";

/** The one SQL implementation of `CalendarStorage`, shared by the SQLite and PostgreSQL adapters. */
export function createSqlStorage(db: SqlExecutor, now: () => Date): CalendarStorage {
  /** A `?` placeholder holding a time (PostgreSQL needs the type where it cannot infer it). */
  const tsParam = db.dialect === "postgres" ? "?::timestamptz" : "?";

  async function insertAudit(tx: SqlExecutor, entry: AuditInput): Promise<AuditEntry> {
    const at = now();
    const rows = await tx.query(
      `INSERT INTO calendar_audit_log (id, organization_id, connection_id, actor_id, action, details, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING *`,
      [
        newId(at.getTime()),
        entry.organizationId,
        entry.connectionId,
        entry.actorId,
        entry.action,
        JSON.stringify(entry.details ?? {}),
        at,
      ],
    );
    const row = first(rows, readAudit);
    if (!row) throw new Error("The audit entry was not written.");
    return row;
  }

  /** Runs a connection change and its attached audit entry in one transaction. */
  async function withAudit(
    audit: AttachedAudit | undefined,
    change: (tx: SqlExecutor) => Promise<ConnectionRecord | null>,
  ): Promise<ConnectionRecord | null> {
    if (!audit) return change(db);
    return db.transaction(async (tx) => {
      const record = await change(tx);
      if (record)
        await insertAudit(tx, { ...audit, organizationId: record.organizationId, connectionId: record.id });
      return record;
    });
  }

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
    migrate() {
      return applyMigrations(db, now);
    },

    async createConnection(input) {
      const at = now();
      const record = await withAudit(input.audit, async (tx) =>
        first(
          await tx.query(
            `INSERT INTO calendar_connection (id, organization_id, user_id, provider, exclusive, external_account_id,
               account_email, calendar_id, calendar_name, status, health_reason, health_message, health_retry_at,
               access_token_ciphertext, refresh_token_ciphertext, token_expires_at, key_id, token_version, scopes,
               feed_token_hash, created_at, updated_at, created_by)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING *`,
            [
              input.id,
              input.organizationId,
              input.userId ?? null,
              input.provider,
              !PROVIDER_CATALOG[input.provider].capabilities.multiplePerOrganization,
              input.externalAccountId ?? null,
              input.accountEmail ?? null,
              input.calendarId ?? null,
              input.calendarName ?? null,
              input.status ?? "active",
              input.health?.reason ?? null,
              input.health?.message ?? null,
              input.health?.retryAt ?? null,
              input.tokens?.accessTokenCiphertext ?? null,
              input.tokens?.refreshTokenCiphertext ?? null,
              input.tokens?.tokenExpiresAt ?? null,
              input.tokens?.keyId ?? null,
              input.tokens ? 1 : 0,
              JSON.stringify(input.scopes ?? []),
              input.feedTokenHash ?? null,
              at,
              at,
              input.createdBy ?? null,
            ],
          ),
          readConnection,
        ),
      );
      if (!record) throw new Error("The connection was not written.");
      return record;
    },

    async getConnection(organizationId, id) {
      return first(
        await db.query("SELECT * FROM calendar_connection WHERE organization_id = ? AND id = ?", [
          organizationId,
          id,
        ]),
        readConnection,
      );
    },

    async listConnections(organizationId, options = {}) {
      const live = options.includeDisconnected ? "" : " AND status <> 'disconnected'";
      const rows = await db.query(
        `SELECT * FROM calendar_connection WHERE organization_id = ?${live} ORDER BY created_at, id`,
        [organizationId],
      );
      return rows.map(readConnection);
    },

    async findConnectionByAccount(organizationId, provider, externalAccountId) {
      return first(
        await db.query(
          `SELECT * FROM calendar_connection WHERE organization_id = ? AND provider = ? AND external_account_id = ?
             AND status <> 'disconnected'`,
          [organizationId, provider, externalAccountId],
        ),
        readConnection,
      );
    },

    async findConnectionByFeedTokenHash(feedTokenHash) {
      return first(
        await db.query(
          "SELECT * FROM calendar_connection WHERE feed_token_hash = ? AND status <> 'disconnected'",
          [feedTokenHash],
        ),
        readConnection,
      );
    },

    async updateConnection(organizationId, id, patch: ConnectionPatch) {
      const sets: string[] = [];
      const params: SqlValue[] = [];
      const set = (column: string, value: SqlValue): void => {
        sets.push(`${column} = ?`);
        params.push(value);
      };
      if (patch.userId !== undefined) set("user_id", patch.userId);
      if (patch.externalAccountId !== undefined) set("external_account_id", patch.externalAccountId);
      if (patch.accountEmail !== undefined) set("account_email", patch.accountEmail);
      if (patch.calendarId !== undefined) set("calendar_id", patch.calendarId);
      if (patch.calendarName !== undefined) set("calendar_name", patch.calendarName);
      if (patch.status !== undefined) set("status", patch.status);
      if (patch.health !== undefined) {
        set("health_reason", patch.health?.reason ?? null);
        set("health_message", patch.health?.message ?? null);
        set("health_retry_at", patch.health?.retryAt ?? null);
      }
      if (patch.scopes !== undefined) set("scopes", JSON.stringify(patch.scopes));
      if (patch.feedTokenHash !== undefined) set("feed_token_hash", patch.feedTokenHash);
      if (patch.lastSyncedAt !== undefined) set("last_synced_at", patch.lastSyncedAt);
      if (patch.tokens) {
        set("access_token_ciphertext", patch.tokens.accessTokenCiphertext);
        set("refresh_token_ciphertext", patch.tokens.refreshTokenCiphertext);
        set("token_expires_at", patch.tokens.tokenExpiresAt);
        set("key_id", patch.tokens.keyId);
        sets.push("token_version = token_version + 1");
      }
      set("updated_at", now());
      const guard = patch.expectedTokenVersion === undefined ? "" : " AND token_version = ?";
      const where = [
        organizationId,
        id,
        ...(patch.expectedTokenVersion === undefined ? [] : [patch.expectedTokenVersion]),
      ];
      return withAudit(patch.audit, async (tx) =>
        first(
          await tx.query(
            `UPDATE calendar_connection SET ${sets.join(", ")}
             WHERE organization_id = ? AND id = ? AND status <> 'disconnected'${guard} RETURNING *`,
            [...params, ...where],
          ),
          readConnection,
        ),
      );
    },

    async disconnectConnection(organizationId, id, audit) {
      return db.transaction(async (tx) => {
        const at = now();
        const record = first(
          await tx.query(
            `UPDATE calendar_connection SET status = 'disconnected', disconnected_at = ?, updated_at = ?,
               health_reason = NULL, health_message = NULL, health_retry_at = NULL,
               access_token_ciphertext = NULL, refresh_token_ciphertext = NULL, token_expires_at = NULL,
               key_id = NULL, token_version = token_version + 1, feed_token_hash = NULL
             WHERE organization_id = ? AND id = ? AND status <> 'disconnected' RETURNING *`,
            [at, at, organizationId, id],
          ),
          readConnection,
        );
        if (!record) return null;
        await tx.execute(
          "DELETE FROM calendar_sync_job WHERE connection_id = ? AND status IN ('pending', 'parked')",
          [id],
        );
        if (audit) await insertAudit(tx, { ...audit, organizationId, connectionId: id });
        return record;
      });
    },

    withConnectionLock(connectionId, fn) {
      return db.withLock(`calendar_connection:${connectionId}`, fn);
    },

    async listConnectionsNotOnKey(keyId, options = {}) {
      const after = options.afterId === undefined ? "" : " AND id > ?";
      const rows = await db.query(
        `SELECT * FROM calendar_connection WHERE key_id IS NOT NULL AND key_id <> ?${after} ORDER BY id LIMIT ?`,
        [keyId, ...(options.afterId === undefined ? [] : [options.afterId]), options.limit ?? 100],
      );
      return rows.map(readConnection);
    },

    async createOAuthState(input) {
      await db.execute(
        `INSERT INTO calendar_oauth_state (id_hash, organization_id, user_id, session_binding, provider, code_verifier,
           return_to, connection_id, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        [
          input.idHash,
          input.organizationId,
          input.userId,
          input.sessionBinding,
          input.provider,
          input.codeVerifier,
          input.returnTo,
          input.connectionId,
          now(),
          input.expiresAt,
        ],
      );
    },

    async consumeOAuthState(idHash) {
      const state = first(
        await db.query("DELETE FROM calendar_oauth_state WHERE id_hash = ? RETURNING *", [idHash]),
        readOAuthState,
      );
      return state && state.expiresAt > now() ? state : null;
    },

    deleteExpiredOAuthStates() {
      return db.execute("DELETE FROM calendar_oauth_state WHERE expires_at <= ?", [now()]);
    },

    async enqueueJob(input) {
      const at = now();
      return first(
        await db.query(
          `INSERT INTO calendar_sync_job (id, organization_id, connection_id, event_id, status, attempts, run_after,
             rerun, created_at, updated_at)
           SELECT ?, c.organization_id, c.id, ?, CASE WHEN c.status = 'needs_reauth' THEN 'parked' ELSE 'pending' END,
             0, ${tsParam}, false, ${tsParam}, ${tsParam}
           FROM calendar_connection c WHERE c.id = ? AND c.organization_id = ? AND c.status <> 'disconnected'
           ON CONFLICT (connection_id, event_id) WHERE status <> 'dead' DO UPDATE SET
             run_after = CASE WHEN calendar_sync_job.status = 'pending' AND excluded.run_after < calendar_sync_job.run_after
               THEN excluded.run_after ELSE calendar_sync_job.run_after END,
             rerun = CASE WHEN calendar_sync_job.status = 'running' THEN true ELSE calendar_sync_job.rerun END,
             updated_at = excluded.updated_at
           RETURNING *`,
          [
            newId(at.getTime()),
            input.eventId,
            input.runAfter ?? at,
            at,
            at,
            input.connectionId,
            input.organizationId,
          ],
        ),
        readJob,
      );
    },

    async claimJobs(options) {
      if (options.limit <= 0) return [];
      const at = now();
      const byConnection = options.connectionId === undefined ? "" : " AND connection_id = ?";
      const skipLocked = db.dialect === "postgres" ? " FOR UPDATE SKIP LOCKED" : "";
      const rows = await db.query(
        `UPDATE calendar_sync_job
         SET status = 'running', attempts = attempts + 1, lease_owner = ?, lease_expires_at = ?, updated_at = ?
         WHERE id IN (
           SELECT id FROM calendar_sync_job
           WHERE ((status = 'pending' AND run_after <= ?) OR (status = 'running' AND lease_expires_at <= ?))${byConnection}
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
          options.limit,
        ],
      );
      return rows
        .map(readJob)
        .sort((a, b) => a.runAfter.getTime() - b.runAfter.getTime() || (a.id < b.id ? -1 : 1));
    },

    extendLease(jobId, owner, leaseMs) {
      return transition(jobId, owner, "lease_expires_at = ?", [new Date(now().getTime() + leaseMs)]);
    },

    async completeJob(jobId, owner, outcome = {}) {
      if (db.dialect === "sqlite") {
        // One write transaction (BEGIN IMMEDIATE): nothing can flag `rerun` in between.
        return db.transaction(async (tx) => {
          const at = now();
          const job =
            first(await tx.query(`${REQUEUE} RETURNING ${JOB_KEY}`, [at, at, jobId, owner]), readJobKey) ??
            first(await tx.query(`${REMOVE} RETURNING ${JOB_KEY}`, [jobId, owner]), readJobKey);
          if (!job) return false;
          if (outcome.link === null) {
            await tx.execute(
              "DELETE FROM calendar_event_link WHERE organization_id = ? AND connection_id = ? AND event_id = ?",
              [job.organizationId, job.connectionId, job.eventId],
            );
          } else if (outcome.link !== undefined) {
            const { externalId, etag, lastSyncedHash } = outcome.link;
            await tx.execute(
              `INSERT INTO calendar_event_link (organization_id, connection_id, event_id, external_id, etag,
                 last_synced_hash, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ${LINK_CONFLICT}`,
              [job.organizationId, job.connectionId, job.eventId, externalId, etag, lastSyncedHash, at, at],
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
      // PostgreSQL: one statement (one round trip). The job leaves its lease through one of two
      // guarded sub-statements; the outcome is written from the row that did, so a lost lease writes
      // nothing. An enqueue committing `rerun` meanwhile makes both miss: retry while still held.
      for (let attempt = 0; attempt < 5; attempt++) {
        const at = now();
        const params: SqlValue[] = [at, at, jobId, owner, jobId, owner];
        let sql = `WITH requeued AS (${REQUEUE} RETURNING ${JOB_KEY}),
          removed AS (${REMOVE} RETURNING ${JOB_KEY}),
          done AS (SELECT * FROM requeued UNION ALL SELECT * FROM removed)`;
        if (outcome.link === null) {
          sql += `, unlinked AS (DELETE FROM calendar_event_link l USING done d WHERE l.organization_id = d.organization_id
            AND l.connection_id = d.connection_id AND l.event_id = d.event_id)`;
        } else if (outcome.link !== undefined) {
          sql += `, linked AS (INSERT INTO calendar_event_link (organization_id, connection_id, event_id, external_id,
              etag, last_synced_hash, created_at, updated_at)
            SELECT organization_id, connection_id, event_id, ?, ?, ?, ${tsParam}, ${tsParam} FROM done WHERE true
            ${LINK_CONFLICT})`;
          params.push(outcome.link.externalId, outcome.link.etag, outcome.link.lastSyncedHash, at, at);
        }
        if (outcome.lastSyncedAt !== undefined) {
          sql += `, synced AS (UPDATE calendar_connection c SET last_synced_at = ?, updated_at = ? FROM done d
            WHERE c.organization_id = d.organization_id AND c.id = d.connection_id AND c.status <> 'disconnected')`;
          params.push(outcome.lastSyncedAt, at);
        }
        if ((await db.query(`${sql} SELECT event_id FROM done`, params)).length === 1) return true;
        const held = await db.query(`SELECT id FROM calendar_sync_job WHERE ${OWNED_RUNNING}`, [
          jobId,
          owner,
        ]);
        if (held.length === 0) return false;
      }
      return false;
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
      if (filter.organizationId !== undefined) {
        where.push("organization_id = ?");
        params.push(filter.organizationId);
      }
      if (filter.connectionId !== undefined) {
        where.push("connection_id = ?");
        params.push(filter.connectionId);
      }
      if (filter.status !== undefined) {
        where.push("status = ?");
        params.push(filter.status);
      }
      const rows = await db.query(
        `SELECT * FROM calendar_sync_job${where.length ? ` WHERE ${where.join(" AND ")}` : ""}
         ORDER BY created_at, id LIMIT ?`,
        [...params, filter.limit ?? 1000],
      );
      return rows.map(readJob);
    },

    async getEventLink(organizationId, connectionId, eventId) {
      return first(
        await db.query(
          "SELECT * FROM calendar_event_link WHERE organization_id = ? AND connection_id = ? AND event_id = ?",
          [organizationId, connectionId, eventId],
        ),
        readLink,
      );
    },

    async upsertEventLink(link) {
      const at = now();
      return first(
        await db.query(
          `INSERT INTO calendar_event_link (organization_id, connection_id, event_id, external_id, etag, last_synced_hash,
             created_at, updated_at)
           SELECT c.organization_id, c.id, ?, ?, ?, ?, ${tsParam}, ${tsParam}
           FROM calendar_connection c WHERE c.id = ? AND c.organization_id = ?
           ${LINK_CONFLICT}
           RETURNING *`,
          [
            link.eventId,
            link.externalId,
            link.etag,
            link.lastSyncedHash,
            at,
            at,
            link.connectionId,
            link.organizationId,
          ],
        ),
        readLink,
      );
    },

    async deleteEventLink(organizationId, connectionId, eventId) {
      const deleted = await db.execute(
        "DELETE FROM calendar_event_link WHERE organization_id = ? AND connection_id = ? AND event_id = ?",
        [organizationId, connectionId, eventId],
      );
      return deleted === 1;
    },

    appendAudit(entry) {
      return insertAudit(db, entry);
    },

    async listAudit(organizationId, options = {}) {
      const byConnection = options.connectionId === undefined ? "" : " AND connection_id = ?";
      const rows = await db.query(
        `SELECT * FROM calendar_audit_log WHERE organization_id = ?${byConnection} ORDER BY created_at DESC, id DESC LIMIT ?`,
        [
          organizationId,
          ...(options.connectionId === undefined ? [] : [options.connectionId]),
          options.limit ?? 100,
        ],
      );
      return rows.map(readAudit);
    },

    close() {
      return db.close();
    },
  };
}
