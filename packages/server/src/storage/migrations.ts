/** One schema change, written once per dialect, side by side. Never edit a released migration: add one. */
export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly sqlite: string;
  readonly postgres: string;
}

/** The table that records applied migrations (both dialects). */
export const MIGRATIONS_TABLE = "calendar_schema_migrations";

const connectionColumns = (t: { ts: string; bool: string; json: string }): string => `
  id text PRIMARY KEY,
  organization_id text NOT NULL,
  user_id text,
  provider text NOT NULL,
  exclusive ${t.bool} NOT NULL,
  external_account_id text,
  account_email text,
  calendar_id text,
  calendar_name text,
  status text NOT NULL,
  health_reason text,
  health_message text,
  health_retry_at ${t.ts},
  access_token_ciphertext text,
  refresh_token_ciphertext text,
  token_expires_at ${t.ts},
  key_id text,
  token_version integer NOT NULL DEFAULT 0,
  scopes ${t.json} NOT NULL,
  feed_token_hash text,
  last_synced_at ${t.ts},
  created_at ${t.ts} NOT NULL,
  updated_at ${t.ts} NOT NULL,
  created_by text,
  disconnected_at ${t.ts},
  CHECK (status IN ('active', 'needs_reauth', 'error', 'disconnected'))`;

const jobColumns = (t: { ts: string; bool: string }): string => `
  id text PRIMARY KEY,
  organization_id text NOT NULL,
  connection_id text NOT NULL REFERENCES calendar_connection (id),
  event_id text NOT NULL,
  status text NOT NULL,
  attempts integer NOT NULL DEFAULT 0,
  run_after ${t.ts} NOT NULL,
  lease_owner text,
  lease_expires_at ${t.ts},
  rerun ${t.bool} NOT NULL DEFAULT ${t.bool === "boolean" ? "false" : "0"},
  last_error text,
  created_at ${t.ts} NOT NULL,
  updated_at ${t.ts} NOT NULL,
  CHECK (status IN ('pending', 'running', 'parked', 'dead'))`;

const linkColumns = (t: { ts: string }): string => `
  organization_id text NOT NULL,
  connection_id text NOT NULL REFERENCES calendar_connection (id),
  event_id text NOT NULL,
  external_id text NOT NULL,
  etag text,
  last_synced_hash text,
  created_at ${t.ts} NOT NULL,
  updated_at ${t.ts} NOT NULL,
  PRIMARY KEY (connection_id, event_id)`;

const auditColumns = (t: { ts: string; json: string }): string => `
  id text PRIMARY KEY,
  organization_id text NOT NULL,
  connection_id text,
  actor_id text,
  action text NOT NULL,
  details ${t.json} NOT NULL,
  created_at ${t.ts} NOT NULL`;

const oauthStateColumns = (t: { ts: string }): string => `
  id_hash text PRIMARY KEY,
  organization_id text NOT NULL,
  user_id text NOT NULL,
  session_binding text,
  provider text NOT NULL,
  code_verifier text NOT NULL,
  return_to text,
  connection_id text,
  created_at ${t.ts} NOT NULL,
  expires_at ${t.ts} NOT NULL`;

const indexes = (exclusiveTrue: string): string => `
CREATE INDEX calendar_connection_organization_idx ON calendar_connection (organization_id);
CREATE UNIQUE INDEX calendar_connection_one_active_uq ON calendar_connection (organization_id, provider)
  WHERE status <> 'disconnected' AND exclusive = ${exclusiveTrue};
CREATE UNIQUE INDEX calendar_connection_account_uq ON calendar_connection (organization_id, provider, external_account_id)
  WHERE status <> 'disconnected' AND external_account_id IS NOT NULL;
CREATE UNIQUE INDEX calendar_connection_feed_token_uq ON calendar_connection (feed_token_hash)
  WHERE feed_token_hash IS NOT NULL;
CREATE UNIQUE INDEX calendar_sync_job_open_uq ON calendar_sync_job (connection_id, event_id)
  WHERE status <> 'dead';
CREATE INDEX calendar_sync_job_due_idx ON calendar_sync_job (status, run_after);
CREATE INDEX calendar_sync_job_organization_idx ON calendar_sync_job (organization_id, status);
CREATE INDEX calendar_audit_log_organization_idx ON calendar_audit_log (organization_id, created_at);
CREATE INDEX calendar_audit_log_connection_idx ON calendar_audit_log (connection_id, created_at);
CREATE INDEX calendar_oauth_state_expires_idx ON calendar_oauth_state (expires_at);
`;

function initial(t: { ts: string; bool: string; json: string; exclusiveTrue: string }): string {
  return `
CREATE TABLE calendar_connection (${connectionColumns(t)}
);
CREATE TABLE calendar_sync_job (${jobColumns(t)}
);
CREATE TABLE calendar_event_link (${linkColumns(t)}
);
CREATE TABLE calendar_audit_log (${auditColumns(t)}
);
CREATE TABLE calendar_oauth_state (${oauthStateColumns(t)}
);
${indexes(t.exclusiveTrue)}`;
}

/** Kind and ciphertext of a connection's credentials are set together (migration 2 on). */
const CREDENTIALS_TOGETHER = "(credentials_kind IS NULL) = (credentials_ciphertext IS NULL)";

/**
 * Migration 2: the two token columns become one credentials envelope with a kind. SQL cannot
 * re-encrypt, so every row's two v1 envelopes move as they are into a JSON wrapper of kind "oauth"
 * (`{"legacy":"v1","access_token":…,"refresh_token":…}`, see `isLegacyCredentials`): the cipher still
 * opens each with its old field-bound associated data, the next token write or `rotate-keys` re-seals
 * it as v2, and no connection is lost or has to reconnect. `key_id` and `token_version` stay.
 */
function credentialsEnvelope(parts: { addColumns: string; wrap: string; dropColumns: string }): string {
  return `
${parts.addColumns}
UPDATE calendar_connection SET credentials_kind = 'oauth',
  credentials_ciphertext = CAST(${parts.wrap}('legacy', 'v1', 'access_token', access_token_ciphertext,
    'refresh_token', refresh_token_ciphertext) AS text)
  WHERE access_token_ciphertext IS NOT NULL OR refresh_token_ciphertext IS NOT NULL;
${parts.dropColumns}`;
}

/**
 * Migration 3: an event link records the calendar its event lives in, so a later update or delete
 * reaches it after the connection's target changed. Links written before cannot know: they get
 * their connection's calendar at the time of the migration, on the assumption that the target did
 * not change since they were written (before this migration a change re-created every event in the
 * new calendar, so the current one is where the latest copy lives). A link whose connection has no
 * calendar keeps none, which reads as "the connection's calendar".
 */
const LINK_CALENDAR = `ALTER TABLE calendar_event_link ADD COLUMN calendar_id text;
UPDATE calendar_event_link SET calendar_id =
  (SELECT c.calendar_id FROM calendar_connection c WHERE c.id = calendar_event_link.connection_id);`;

/**
 * Migration 4: an event link may have no external id yet, which records a create under way (the
 * intent, written before the provider is called). PostgreSQL drops the constraint in place; SQLite
 * cannot, so the table is rebuilt with the same columns and rows.
 */
const LINK_V4_COLUMNS =
  "organization_id, connection_id, event_id, calendar_id, external_id, etag, last_synced_hash, created_at, updated_at";
const LINK_INTENT_POSTGRES = "ALTER TABLE calendar_event_link ALTER COLUMN external_id DROP NOT NULL;";
const LINK_INTENT_SQLITE = `CREATE TABLE calendar_event_link_v4 (
  organization_id text NOT NULL,
  connection_id text NOT NULL REFERENCES calendar_connection (id),
  event_id text NOT NULL,
  calendar_id text,
  external_id text,
  etag text,
  last_synced_hash text,
  created_at text NOT NULL,
  updated_at text NOT NULL,
  PRIMARY KEY (connection_id, event_id)
);
INSERT INTO calendar_event_link_v4 (${LINK_V4_COLUMNS})
  SELECT ${LINK_V4_COLUMNS} FROM calendar_event_link;
DROP TABLE calendar_event_link;
ALTER TABLE calendar_event_link_v4 RENAME TO calendar_event_link;`;

/**
 * Migration 5: the outbox of connection events (see `OutboxEntry`). Each connection's rows are
 * delivered in order, so the claim looks for a connection's first row: hence the index.
 */
const outbox = (ts: string): string => `CREATE TABLE calendar_outbox (
  id text PRIMARY KEY,
  organization_id text NOT NULL,
  connection_id text NOT NULL,
  audit_id text NOT NULL,
  kind text NOT NULL,
  reason text,
  occurred_at ${ts} NOT NULL,
  deliver_after ${ts} NOT NULL,
  attempts integer NOT NULL DEFAULT 0,
  lease_owner text,
  lease_expires_at ${ts},
  last_error text
);
CREATE INDEX calendar_outbox_connection_idx ON calendar_outbox (connection_id, occurred_at, id);
CREATE INDEX calendar_outbox_due_idx ON calendar_outbox (deliver_after);`;

/**
 * Migration 6: an admin's choices about events already synced. A link may be marked to move to the
 * connection's new calendar (`pending = 'move'`); a connection may be asked to disconnect once its
 * events are removed from its calendar (`disconnect_requested_at/_by`), which the worker finishes.
 */
const eventFate = (ts: string, separator: string): string =>
  `ALTER TABLE calendar_event_link ADD COLUMN pending text;
ALTER TABLE calendar_connection ADD COLUMN disconnect_requested_at ${ts}${separator}
${separator === "," ? "" : "ALTER TABLE calendar_connection "}ADD COLUMN disconnect_requested_by text;`;

/**
 * Every migration, in order. SQLite stores times as ISO 8601 text (UTC, millisecond precision, so
 * they sort as text), booleans as 0/1 and JSON as text; PostgreSQL uses timestamptz, boolean, jsonb.
 * SQLite also gets `calendar_lock`, the lock rows behind `withConnectionLock` (PostgreSQL uses
 * advisory locks).
 */
export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: "calendar connections, sync jobs, event links, audit log, OAuth state",
    sqlite: `${initial({ ts: "text", bool: "integer", json: "text", exclusiveTrue: "1" })}
CREATE TABLE calendar_lock (
  name text PRIMARY KEY,
  owner text NOT NULL,
  expires_at text NOT NULL
);`,
    postgres: initial({ ts: "timestamptz", bool: "boolean", json: "jsonb", exclusiveTrue: "true" }),
  },
  {
    version: 2,
    name: "one credentials envelope per connection, with a kind",
    sqlite: credentialsEnvelope({
      addColumns: `ALTER TABLE calendar_connection ADD COLUMN credentials_kind text;
ALTER TABLE calendar_connection ADD COLUMN credentials_ciphertext text
  CONSTRAINT calendar_connection_credentials_check CHECK (${CREDENTIALS_TOGETHER});`,
      wrap: "json_object",
      dropColumns: `ALTER TABLE calendar_connection DROP COLUMN access_token_ciphertext;
ALTER TABLE calendar_connection DROP COLUMN refresh_token_ciphertext;`,
    }),
    postgres: credentialsEnvelope({
      addColumns:
        "ALTER TABLE calendar_connection ADD COLUMN credentials_kind text, ADD COLUMN credentials_ciphertext text;",
      wrap: "json_build_object",
      dropColumns: `ALTER TABLE calendar_connection DROP COLUMN access_token_ciphertext,
  DROP COLUMN refresh_token_ciphertext,
  ADD CONSTRAINT calendar_connection_credentials_check CHECK (${CREDENTIALS_TOGETHER});`,
    }),
  },
  {
    version: 3,
    name: "event links remember the calendar their event lives in",
    sqlite: LINK_CALENDAR,
    postgres: LINK_CALENDAR,
  },
  {
    version: 4,
    name: "an event link can record a create under way (no external id yet)",
    sqlite: LINK_INTENT_SQLITE,
    postgres: LINK_INTENT_POSTGRES,
  },
  {
    version: 5,
    name: "the outbox of connection events for the host's hook",
    sqlite: outbox("text"),
    postgres: outbox("timestamptz"),
  },
  {
    version: 6,
    name: "events already synced can be moved with a calendar change or removed before a disconnect",
    sqlite: eventFate("text", ";"),
    postgres: eventFate("timestamptz", ","),
  },
];
