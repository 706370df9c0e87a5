import type { ConnectionMethods } from "../aggregates.ts";
import { checkTokenWrite } from "../credentials.ts";
import type { ConnectionPatch } from "../types.ts";
import { insertAudit, withAudit } from "./audit.ts";
import type { SqlContext, SqlValue } from "./executor.ts";
import { first, readConnection } from "./rows.ts";

/** The `SET` list and its values of an `updateConnection` patch (`updated_at` included). */
function patchColumns(patch: ConnectionPatch, at: Date): { sets: string[]; params: SqlValue[] } {
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
  if (patch.disconnectRequested !== undefined) {
    set("disconnect_requested_at", patch.disconnectRequested?.at ?? null);
    set("disconnect_requested_by", patch.disconnectRequested?.by ?? null);
  }
  if (patch.tokens) {
    const tokens = checkTokenWrite(patch.tokens);
    set("credentials_kind", tokens.credentialsKind);
    set("credentials_ciphertext", tokens.credentialsCiphertext);
    set("token_expires_at", tokens.tokenExpiresAt);
    set("key_id", tokens.keyId);
    sets.push("token_version = token_version + 1");
  }
  set("updated_at", at);
  return { sets, params };
}

/** The connections of `CalendarStorage` on SQL. */
export function sqlConnections(ctx: SqlContext): ConnectionMethods {
  const { db, now } = ctx;
  return {
    async createConnection(input) {
      const at = now();
      const tokens = input.tokens ? checkTokenWrite(input.tokens) : null;
      const record = await withAudit(ctx, input.audit, async (tx) =>
        first(
          await tx.query(
            `INSERT INTO calendar_connection (id, organization_id, user_id, provider, exclusive, external_account_id,
               account_email, calendar_id, calendar_name, status, health_reason, health_message, health_retry_at,
               credentials_kind, credentials_ciphertext, token_expires_at, key_id, token_version, scopes,
               feed_token_hash, created_at, updated_at, created_by)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING *`,
            [
              input.id,
              input.organizationId,
              input.userId ?? null,
              input.provider,
              input.exclusive,
              input.externalAccountId ?? null,
              input.accountEmail ?? null,
              input.calendarId ?? null,
              input.calendarName ?? null,
              input.status ?? "active",
              input.health?.reason ?? null,
              input.health?.message ?? null,
              input.health?.retryAt ?? null,
              tokens?.credentialsKind ?? null,
              tokens?.credentialsCiphertext ?? null,
              tokens?.tokenExpiresAt ?? null,
              tokens?.keyId ?? null,
              tokens ? 1 : 0,
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

    async isAccountInUse(provider, externalAccountId, options = {}) {
      const except = options.exceptConnectionId === undefined ? "" : " AND id <> ?";
      // Across organizations on purpose: a disconnect is rare, so a scan of the live rows is fine.
      const rows = await db.query(
        `SELECT 1 AS found FROM calendar_connection WHERE provider = ? AND external_account_id = ?
           AND status <> 'disconnected'${except} LIMIT 1`,
        [
          provider,
          externalAccountId,
          ...(options.exceptConnectionId === undefined ? [] : [options.exceptConnectionId]),
        ],
      );
      return rows.length > 0;
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

    async updateConnection(organizationId, id, patch) {
      const { sets, params } = patchColumns(patch, now());
      const guard = patch.expectedTokenVersion === undefined ? "" : " AND token_version = ?";
      const where = [
        organizationId,
        id,
        ...(patch.expectedTokenVersion === undefined ? [] : [patch.expectedTokenVersion]),
      ];
      return withAudit(ctx, patch.audit, async (tx) =>
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
               credentials_kind = NULL, credentials_ciphertext = NULL, token_expires_at = NULL,
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
        if (audit) await insertAudit(ctx, tx, { ...audit, organizationId, connectionId: id });
        return record;
      });
    },

    withConnectionLock(connectionId, fn) {
      return db.withLock(`calendar_connection:${connectionId}`, fn);
    },

    async listConnectionsNotOnKey(keyId, options = {}) {
      const after = options.afterId === undefined ? "" : " AND id > ?";
      // `LIKE '{%'`: still the JSON wrapper of migration 2 (see `isLegacyCredentials`).
      const rows = await db.query(
        `SELECT * FROM calendar_connection WHERE credentials_ciphertext IS NOT NULL
           AND (key_id IS NULL OR key_id <> ? OR credentials_ciphertext LIKE '{%')${after}
         ORDER BY id LIMIT ?`,
        [keyId, ...(options.afterId === undefined ? [] : [options.afterId]), options.limit ?? 100],
      );
      return rows.map(readConnection);
    },
  };
}
