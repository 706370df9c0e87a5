import type { AuditEntry } from "@org/calendar-connections-core";
import type { OutboxMethods } from "../aggregates.ts";
import { newId } from "../ids.ts";
import type { ConnectionNotice } from "../types.ts";
import type { SqlContext, SqlExecutor } from "./executor.ts";
import { readOutbox } from "./rows.ts";

/** Puts `notice` in the outbox for the change `entry` audits, through the same `tx`. */
export async function insertOutbox(
  ctx: SqlContext,
  tx: SqlExecutor,
  entry: AuditEntry,
  notice: ConnectionNotice,
): Promise<void> {
  if (entry.connectionId === null) throw new Error("A connection event needs a connection.");
  const at = new Date(entry.at);
  await tx.execute(
    `INSERT INTO calendar_outbox (id, organization_id, connection_id, audit_id, kind, reason, occurred_at,
       deliver_after, attempts) VALUES (?, ?, ?, ?, ?, ?, ${ctx.tsParam}, ${ctx.tsParam}, 0)`,
    [
      newId(at.getTime()),
      entry.organizationId,
      entry.connectionId,
      entry.id,
      notice.kind,
      notice.reason ?? null,
      at,
      at,
    ],
  );
}

/** The row is `id` and leased to `owner` (params: id, owner). */
const LEASED = "id = ? AND lease_owner = ?";

/** The outbox of connection events on SQL. */
export function sqlOutbox(ctx: SqlContext): OutboxMethods {
  const { db, now, tsParam } = ctx;
  return {
    async claimOutbox(options) {
      if (options.limit <= 0) return [];
      const at = now();
      const skipLocked = db.dialect === "postgres" ? " FOR UPDATE SKIP LOCKED" : "";
      const rows = await db.query(
        `UPDATE calendar_outbox SET attempts = attempts + 1, lease_owner = ?, lease_expires_at = ${tsParam}
         WHERE id IN (
           SELECT o.id FROM calendar_outbox o
           WHERE o.deliver_after <= ${tsParam} AND (o.lease_owner IS NULL OR o.lease_expires_at <= ${tsParam})
             AND NOT EXISTS (SELECT 1 FROM calendar_outbox e WHERE e.connection_id = o.connection_id
               AND (e.occurred_at < o.occurred_at OR (e.occurred_at = o.occurred_at AND e.id < o.id)))
           ORDER BY o.occurred_at, o.id LIMIT ?${skipLocked}
         )
         RETURNING *`,
        [options.owner, new Date(at.getTime() + options.leaseMs), at, at, options.limit],
      );
      return rows
        .map(readOutbox)
        .sort((a, b) => a.occurredAt.getTime() - b.occurredAt.getTime() || (a.id < b.id ? -1 : 1));
    },

    async completeOutbox(id, owner) {
      return (await db.execute(`DELETE FROM calendar_outbox WHERE ${LEASED}`, [id, owner])) === 1;
    },

    async postponeOutbox(id, owner, postpone) {
      const changed = await db.execute(
        `UPDATE calendar_outbox SET deliver_after = ${tsParam}, last_error = ?, lease_owner = NULL,
           lease_expires_at = NULL WHERE ${LEASED}`,
        [postpone.until, postpone.error ?? null, id, owner],
      );
      return changed === 1;
    },

    async discardOutbox(id) {
      return (await db.execute("DELETE FROM calendar_outbox WHERE id = ?", [id])) === 1;
    },

    async listOutbox(filter = {}) {
      const byConnection = filter.connectionId === undefined ? "" : " WHERE connection_id = ?";
      const rows = await db.query(
        `SELECT * FROM calendar_outbox${byConnection} ORDER BY occurred_at, id LIMIT ?`,
        [...(filter.connectionId === undefined ? [] : [filter.connectionId]), filter.limit ?? 1000],
      );
      return rows.map(readOutbox);
    },
  };
}
