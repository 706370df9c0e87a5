import type {
  AuditAction,
  AuditEntry,
  ConnectionStatus,
  HealthReason,
  Scalar,
} from "@org/calendar-connections-core";
import type {
  ConnectionEventKind,
  ConnectionRecord,
  EventLink,
  OAuthStateRecord,
  OutboxEntry,
  SyncJob,
  SyncJobStatus,
} from "../types.ts";
import type { SqlRow } from "./executor.ts";

// Drivers answer in their own types (SQLite: text and integers; PostgreSQL: Date, boolean, jsonb),
// so every column is read through one of these.

function str(row: SqlRow, key: string): string {
  const value = row[key];
  if (typeof value !== "string") throw new TypeError(`Column ${key} is not text.`);
  return value;
}

function strOrNull(row: SqlRow, key: string): string | null {
  const value = row[key];
  return value === null || value === undefined ? null : String(value);
}

/** A numeric column (SQLite integers and PostgreSQL bigint strings alike). */
export function num(row: SqlRow, key: string): number {
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

/** A non-null time column. */
export function date(row: SqlRow, key: string): Date {
  const value = dateOrNull(row, key);
  if (!value) throw new TypeError(`Column ${key} is null.`);
  return value;
}

function json(row: SqlRow, key: string): unknown {
  const value = row[key];
  return typeof value === "string" ? JSON.parse(value) : value;
}

/** The first row read with `read`, or null when there is none. */
export function first<T>(rows: SqlRow[], read: (row: SqlRow) => T): T | null {
  const row = rows[0];
  return row ? read(row) : null;
}

/** A `calendar_connection` row. */
export function readConnection(row: SqlRow): ConnectionRecord {
  const reason = strOrNull(row, "health_reason");
  const scopes = json(row, "scopes");
  return {
    id: str(row, "id"),
    organizationId: str(row, "organization_id"),
    userId: strOrNull(row, "user_id"),
    provider: str(row, "provider"),
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
    credentialsKind: strOrNull(row, "credentials_kind"),
    credentialsCiphertext: strOrNull(row, "credentials_ciphertext"),
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
    disconnectRequestedAt: dateOrNull(row, "disconnect_requested_at"),
    disconnectRequestedBy: strOrNull(row, "disconnect_requested_by"),
  };
}

/** A `calendar_sync_job` row. */
export function readJob(row: SqlRow): SyncJob {
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

/** The (organization, connection, event) a job row belongs to. */
export function readJobKey(row: SqlRow): {
  organizationId: string;
  connectionId: string;
  eventId: string;
} {
  return {
    organizationId: str(row, "organization_id"),
    connectionId: str(row, "connection_id"),
    eventId: str(row, "event_id"),
  };
}

/** A `calendar_event_link` row. */
export function readLink(row: SqlRow): EventLink {
  return {
    ...readJobKey(row),
    calendarId: strOrNull(row, "calendar_id"),
    externalId: strOrNull(row, "external_id"),
    pending: strOrNull(row, "pending") === "move" ? "move" : null,
    etag: strOrNull(row, "etag"),
    lastSyncedHash: strOrNull(row, "last_synced_hash"),
    createdAt: date(row, "created_at"),
    updatedAt: date(row, "updated_at"),
  };
}

/** A `calendar_audit_log` row. */
export function readAudit(row: SqlRow): AuditEntry {
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

/** A `calendar_outbox` row. */
export function readOutbox(row: SqlRow): OutboxEntry {
  return {
    id: str(row, "id"),
    organizationId: str(row, "organization_id"),
    connectionId: str(row, "connection_id"),
    kind: str(row, "kind") as ConnectionEventKind,
    reason: strOrNull(row, "reason"),
    auditId: str(row, "audit_id"),
    occurredAt: date(row, "occurred_at"),
    deliverAfter: date(row, "deliver_after"),
    attempts: num(row, "attempts"),
    leaseOwner: strOrNull(row, "lease_owner"),
    leaseExpiresAt: dateOrNull(row, "lease_expires_at"),
    lastError: strOrNull(row, "last_error"),
  };
}

/** A `calendar_oauth_state` row. */
export function readOAuthState(row: SqlRow): OAuthStateRecord {
  return {
    idHash: str(row, "id_hash"),
    organizationId: str(row, "organization_id"),
    userId: str(row, "user_id"),
    sessionBinding: strOrNull(row, "session_binding"),
    provider: str(row, "provider"),
    codeVerifier: str(row, "code_verifier"),
    returnTo: strOrNull(row, "return_to"),
    connectionId: strOrNull(row, "connection_id"),
    createdAt: date(row, "created_at"),
    expiresAt: date(row, "expires_at"),
  };
}
