import type { AuditEntry } from "@org/calendar-connections-core";
import type { AuditMethods } from "../aggregates.ts";
import { newId } from "../ids.ts";
import type { AttachedAudit, AuditInput, ConnectionRecord } from "../types.ts";
import type { SqlContext, SqlExecutor } from "./executor.ts";
import { insertOutbox } from "./outbox.ts";
import { first, readAudit } from "./rows.ts";

/**
 * Appends an audit entry through `tx` (the caller's transaction, when there is one), and its
 * connection event to the outbox when it carries one (`notify`): the caller's transaction covers
 * both, and `appendAudit` opens one for the pair.
 */
export async function insertAudit(ctx: SqlContext, tx: SqlExecutor, entry: AuditInput): Promise<AuditEntry> {
  const at = ctx.now();
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
  if (entry.notify !== undefined) await insertOutbox(ctx, tx, row, entry.notify);
  return row;
}

/** Runs a connection change and its attached audit entry in one transaction (the entry only when it applied). */
export async function withAudit(
  ctx: SqlContext,
  audit: AttachedAudit | undefined,
  change: (tx: SqlExecutor) => Promise<ConnectionRecord | null>,
): Promise<ConnectionRecord | null> {
  if (!audit) return change(ctx.db);
  return ctx.db.transaction(async (tx) => {
    const record = await change(tx);
    if (record)
      await insertAudit(ctx, tx, {
        ...audit,
        organizationId: record.organizationId,
        connectionId: record.id,
      });
    return record;
  });
}

/** The audit log of `CalendarStorage` on SQL. */
export function sqlAudit(ctx: SqlContext): AuditMethods {
  return {
    appendAudit(entry) {
      if (entry.notify === undefined) return insertAudit(ctx, ctx.db, entry);
      return ctx.db.transaction((tx) => insertAudit(ctx, tx, entry));
    },

    async listAudit(organizationId, options = {}) {
      const byConnection = options.connectionId === undefined ? "" : " AND connection_id = ?";
      const rows = await ctx.db.query(
        `SELECT * FROM calendar_audit_log WHERE organization_id = ?${byConnection} ORDER BY created_at DESC, id DESC LIMIT ?`,
        [
          organizationId,
          ...(options.connectionId === undefined ? [] : [options.connectionId]),
          options.limit ?? 100,
        ],
      );
      return rows.map(readAudit);
    },
  };
}
