import type { AuditEntry } from "@org/calendar-connections-core";
import type { OutboxMethods } from "../aggregates.ts";
import { newId } from "../ids.ts";
import type { ConnectionNotice, OutboxEntry } from "../types.ts";
import type { MemoryState } from "./state.ts";

/** Delivery order: `occurredAt`, then id. */
const inOrder = (a: OutboxEntry, b: OutboxEntry): number =>
  a.occurredAt.getTime() - b.occurredAt.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** Puts `notice` in the outbox for the change `entry` audits. */
export function putOutbox(state: MemoryState, entry: AuditEntry, notice: ConnectionNotice): void {
  if (entry.connectionId === null) throw new Error("A connection event needs a connection.");
  const at = new Date(entry.at);
  const id = newId(at.getTime());
  state.outbox.set(id, {
    id,
    organizationId: entry.organizationId,
    connectionId: entry.connectionId,
    kind: notice.kind,
    reason: notice.reason ?? null,
    auditId: entry.id,
    occurredAt: at,
    deliverAfter: at,
    attempts: 0,
    leaseOwner: null,
    leaseExpiresAt: null,
    lastError: null,
  });
}

/** The outbox of connection events in memory. */
export function memoryOutbox(state: MemoryState): OutboxMethods {
  const { outbox } = state;
  const leased = (id: string, owner: string): OutboxEntry | null => {
    const row = outbox.get(id);
    return row !== undefined && row.leaseOwner === owner ? row : null;
  };
  return {
    async claimOutbox(options) {
      const at = state.now();
      const heads = new Map<string, OutboxEntry>();
      for (const row of [...outbox.values()].sort(inOrder)) {
        if (!heads.has(row.connectionId)) heads.set(row.connectionId, row);
      }
      const due = [...heads.values()]
        .filter(
          (row) => row.deliverAfter <= at && (row.leaseOwner === null || (row.leaseExpiresAt ?? at) <= at),
        )
        .sort(inOrder)
        .slice(0, Math.max(0, options.limit));
      return due.map((row) => {
        const claimed: OutboxEntry = {
          ...row,
          attempts: row.attempts + 1,
          leaseOwner: options.owner,
          leaseExpiresAt: new Date(at.getTime() + options.leaseMs),
        };
        outbox.set(row.id, claimed);
        return claimed;
      });
    },

    async completeOutbox(id, owner) {
      return leased(id, owner) !== null && outbox.delete(id);
    },

    async postponeOutbox(id, owner, postpone) {
      const row = leased(id, owner);
      if (row === null) return false;
      outbox.set(id, {
        ...row,
        deliverAfter: postpone.until,
        lastError: postpone.error ?? null,
        leaseOwner: null,
        leaseExpiresAt: null,
      });
      return true;
    },

    async discardOutbox(id) {
      return outbox.delete(id);
    },

    async listOutbox(filter = {}) {
      return [...outbox.values()]
        .filter((row) => filter.connectionId === undefined || row.connectionId === filter.connectionId)
        .sort(inOrder)
        .slice(0, filter.limit ?? 1000);
    },
  };
}
