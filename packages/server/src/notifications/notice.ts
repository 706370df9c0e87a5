import type { ConnectionStatus } from "@org/calendar-connections-core";
import type { ConnectionNotice, ConnectionPatch } from "../storage/types.ts";

/**
 * The connection event a move into `status` is: a reconnect needed, sync failing, or recovered
 * (back to `active`). Attached to the audit entry of the change, so it is written with it.
 */
export function healthNotice(
  status: Exclude<ConnectionStatus, "disconnected">,
  reason: string | null,
): ConnectionNotice {
  if (status === "needs_reauth") return { kind: "needs_reconnect", reason };
  if (status === "error") return { kind: "sync_failing", reason };
  return { kind: "recovered", reason: null };
}

/** A reconnect is news only when it mends a connection that was not working. */
export function reconnectNotice(previous: ConnectionStatus): ConnectionNotice | undefined {
  return previous === "active" ? undefined : { kind: "recovered", reason: null };
}

/** The patch of a connection the kit itself found working again: active, healthy, audited and announced. */
export function recoveredPatch(): Pick<ConnectionPatch, "status" | "health" | "audit"> {
  return {
    status: "active",
    health: null,
    audit: {
      actorId: null,
      action: "connection.health_changed",
      details: { status: "active", reason: null },
      notify: healthNotice("active", null),
    },
  };
}
