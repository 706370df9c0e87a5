import type { AuditEntry } from "@org/calendar-connections-core";
import type { AuditMethods } from "../aggregates.ts";
import { newId } from "../ids.ts";
import type { AttachedAudit, AuditInput, ConnectionRecord } from "../types.ts";
import { putOutbox } from "./outbox.ts";
import type { MemoryState } from "./state.ts";

/** Appends an entry at the state's clock time. */
export function appendAuditEntry(state: MemoryState, entry: AuditInput): AuditEntry {
  const at = state.now();
  const row: AuditEntry = {
    id: newId(at.getTime()),
    organizationId: entry.organizationId,
    connectionId: entry.connectionId,
    actorId: entry.actorId,
    action: entry.action,
    at: at.toISOString(),
    details: { ...(entry.details ?? {}) },
  };
  state.audit.push(row);
  if (entry.notify !== undefined) putOutbox(state, row, entry.notify);
  return row;
}

/** Appends the audit entry attached to a change of `record`, if there is one. */
export function attachAudit(
  state: MemoryState,
  record: ConnectionRecord,
  audit: AttachedAudit | undefined,
): void {
  if (audit)
    appendAuditEntry(state, { ...audit, organizationId: record.organizationId, connectionId: record.id });
}

/** The audit log of the memory storage. */
export function memoryAudit(state: MemoryState): AuditMethods {
  return {
    async appendAudit(entry) {
      return appendAuditEntry(state, entry);
    },

    async listAudit(organizationId, opts = {}) {
      return state.audit
        .filter(
          (e) =>
            e.organizationId === organizationId &&
            (opts.connectionId === undefined || e.connectionId === opts.connectionId),
        )
        .sort((a, b) => (a.at === b.at ? (a.id < b.id ? 1 : -1) : a.at < b.at ? 1 : -1))
        .slice(0, opts.limit ?? 100);
    },
  };
}
