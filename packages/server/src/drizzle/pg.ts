import { sql } from "drizzle-orm";
import {
  boolean,
  check,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
} from "drizzle-orm/pg-core";

// The kit's PostgreSQL tables as drizzle-orm definitions, for hosts that manage their schema with
// Drizzle. They match what `migrate()` creates (a test compares both in a real database): either
// run the kit's migrations or generate yours from these, not both. Never read the credentials
// columns outside the kit: they hold ciphertext only.

const at = (name: string) => timestamp(name, { withTimezone: true, mode: "date" });

/** `calendar_connection`: one row per connected calendar; its credentials are one encrypted envelope. */
export const calendarConnection = pgTable(
  "calendar_connection",
  {
    id: text("id").primaryKey(),
    organizationId: text("organization_id").notNull(),
    userId: text("user_id"),
    provider: text("provider").notNull(),
    /** True when the provider allows one non-disconnected connection per organization (the registry says). */
    exclusive: boolean("exclusive").notNull(),
    externalAccountId: text("external_account_id"),
    accountEmail: text("account_email"),
    calendarId: text("calendar_id"),
    calendarName: text("calendar_name"),
    status: text("status").notNull(),
    healthReason: text("health_reason"),
    healthMessage: text("health_message"),
    healthRetryAt: at("health_retry_at"),
    /** What the credentials envelope holds: "oauth" or "secret"; null with the envelope. */
    credentialsKind: text("credentials_kind"),
    /** One encrypted envelope per connection (never read it outside the kit). */
    credentialsCiphertext: text("credentials_ciphertext"),
    tokenExpiresAt: at("token_expires_at"),
    keyId: text("key_id"),
    tokenVersion: integer("token_version").notNull().default(0),
    scopes: jsonb("scopes").$type<string[]>().notNull(),
    feedTokenHash: text("feed_token_hash"),
    lastSyncedAt: at("last_synced_at"),
    createdAt: at("created_at").notNull(),
    updatedAt: at("updated_at").notNull(),
    createdBy: text("created_by"),
    disconnectedAt: at("disconnected_at"),
    /** Set while the connection's events are removed before it disconnects. */
    disconnectRequestedAt: at("disconnect_requested_at"),
    disconnectRequestedBy: text("disconnect_requested_by"),
  },
  (t) => [
    index("calendar_connection_organization_idx").on(t.organizationId),
    uniqueIndex("calendar_connection_one_active_uq")
      .on(t.organizationId, t.provider)
      .where(sql`status <> 'disconnected' AND exclusive = true`),
    uniqueIndex("calendar_connection_account_uq")
      .on(t.organizationId, t.provider, t.externalAccountId)
      .where(sql`status <> 'disconnected' AND external_account_id IS NOT NULL`),
    uniqueIndex("calendar_connection_feed_token_uq")
      .on(t.feedTokenHash)
      .where(sql`feed_token_hash IS NOT NULL`),
    check(
      "calendar_connection_status_check",
      sql`status IN ('active', 'needs_reauth', 'error', 'disconnected')`,
    ),
    check(
      "calendar_connection_credentials_check",
      sql`(credentials_kind IS NULL) = (credentials_ciphertext IS NULL)`,
    ),
  ],
);

/** `calendar_sync_job`: one open job per (connection, event); ids only, never event content. */
export const calendarSyncJob = pgTable(
  "calendar_sync_job",
  {
    id: text("id").primaryKey(),
    organizationId: text("organization_id").notNull(),
    connectionId: text("connection_id")
      .notNull()
      .references(() => calendarConnection.id),
    eventId: text("event_id").notNull(),
    status: text("status").notNull(),
    attempts: integer("attempts").notNull().default(0),
    runAfter: at("run_after").notNull(),
    leaseOwner: text("lease_owner"),
    leaseExpiresAt: at("lease_expires_at"),
    rerun: boolean("rerun").notNull().default(false),
    lastError: text("last_error"),
    createdAt: at("created_at").notNull(),
    updatedAt: at("updated_at").notNull(),
  },
  (t) => [
    uniqueIndex("calendar_sync_job_open_uq").on(t.connectionId, t.eventId).where(sql`status <> 'dead'`),
    index("calendar_sync_job_due_idx").on(t.status, t.runAfter),
    index("calendar_sync_job_organization_idx").on(t.organizationId, t.status),
    check("calendar_sync_job_status_check", sql`status IN ('pending', 'running', 'parked', 'dead')`),
  ],
);

/** `calendar_event_link`: where an app event lives in one connected calendar. */
export const calendarEventLink = pgTable(
  "calendar_event_link",
  {
    organizationId: text("organization_id").notNull(),
    connectionId: text("connection_id")
      .notNull()
      .references(() => calendarConnection.id),
    eventId: text("event_id").notNull(),
    /** The calendar the event lives in (null: written before migration 3 with no calendar chosen). */
    calendarId: text("calendar_id"),
    /** Null while a create is under way (see `EventLink.externalId`). */
    externalId: text("external_id"),
    /** `move`: to be moved to the connection's current calendar (see `EventLink.pending`). */
    pending: text("pending"),
    etag: text("etag"),
    lastSyncedHash: text("last_synced_hash"),
    createdAt: at("created_at").notNull(),
    updatedAt: at("updated_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.connectionId, t.eventId] })],
);

/** `calendar_audit_log`: append-only, never secrets. */
export const calendarAuditLog = pgTable(
  "calendar_audit_log",
  {
    id: text("id").primaryKey(),
    organizationId: text("organization_id").notNull(),
    connectionId: text("connection_id"),
    actorId: text("actor_id"),
    action: text("action").notNull(),
    details: jsonb("details").$type<Record<string, string | number | boolean | null>>().notNull(),
    createdAt: at("created_at").notNull(),
  },
  (t) => [
    index("calendar_audit_log_organization_idx").on(t.organizationId, t.createdAt),
    index("calendar_audit_log_connection_idx").on(t.connectionId, t.createdAt),
  ],
);

/** `calendar_oauth_state`: pending authorizations, by the hash of their state. */
export const calendarOAuthState = pgTable(
  "calendar_oauth_state",
  {
    idHash: text("id_hash").primaryKey(),
    organizationId: text("organization_id").notNull(),
    userId: text("user_id").notNull(),
    sessionBinding: text("session_binding"),
    provider: text("provider").notNull(),
    codeVerifier: text("code_verifier").notNull(),
    returnTo: text("return_to"),
    connectionId: text("connection_id"),
    createdAt: at("created_at").notNull(),
    expiresAt: at("expires_at").notNull(),
  },
  (t) => [index("calendar_oauth_state_expires_idx").on(t.expiresAt)],
);

/** `calendar_outbox`: connection events waiting for the host's hook, delivered per connection in order. */
export const calendarOutbox = pgTable(
  "calendar_outbox",
  {
    id: text("id").primaryKey(),
    organizationId: text("organization_id").notNull(),
    connectionId: text("connection_id").notNull(),
    auditId: text("audit_id").notNull(),
    kind: text("kind").notNull(),
    reason: text("reason"),
    occurredAt: at("occurred_at").notNull(),
    deliverAfter: at("deliver_after").notNull(),
    attempts: integer("attempts").notNull().default(0),
    leaseOwner: text("lease_owner"),
    leaseExpiresAt: at("lease_expires_at"),
    lastError: text("last_error"),
  },
  (t) => [
    index("calendar_outbox_connection_idx").on(t.connectionId, t.occurredAt, t.id),
    index("calendar_outbox_due_idx").on(t.deliverAfter),
  ],
);

/** Every table of the kit, to spread into a host's Drizzle schema. */
export const calendarConnectionsSchema = {
  calendarConnection,
  calendarSyncJob,
  calendarEventLink,
  calendarAuditLog,
  calendarOAuthState,
  calendarOutbox,
} as const;
