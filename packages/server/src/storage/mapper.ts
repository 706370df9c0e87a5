import type { Connection } from "@org/calendar-connections-core";
import { isDefaultHealthMessage } from "../connection-health.ts";
import type { ConnectionRecord } from "./types.ts";

/** The one mapping from a stored row to the API's `Connection`. Token fields never cross it. */
export function toConnection(record: ConnectionRecord): Connection {
  return {
    id: record.id,
    organizationId: record.organizationId,
    provider: record.provider,
    status: record.status,
    health: record.health
      ? {
          reason: record.health.reason,
          message: record.health.message,
          ...(isDefaultHealthMessage(record.health.reason, record.health.message)
            ? {}
            : { fromProvider: true }),
          retryAt: record.health.retryAt ? record.health.retryAt.toISOString() : null,
        }
      : null,
    accountEmail: record.accountEmail,
    calendarId: record.calendarId,
    calendarName: record.calendarName,
    scopes: [...record.scopes],
    lastSyncedAt: record.lastSyncedAt ? record.lastSyncedAt.toISOString() : null,
    createdAt: record.createdAt.toISOString(),
    updatedAt: record.updatedAt.toISOString(),
    createdBy: record.createdBy,
    disconnectedAt: record.disconnectedAt ? record.disconnectedAt.toISOString() : null,
    disconnectRequestedAt: record.disconnectRequestedAt ? record.disconnectRequestedAt.toISOString() : null,
  };
}
