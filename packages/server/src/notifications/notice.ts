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

/**
 * The patch of a reconnect (the OAuth callback and a form's `POST /connections` alike): active,
 * healthy, the account's current email, audited; announced as `recovered` only when it mends a
 * connection that was not working.
 */
export function reconnectedPatch(input: {
  readonly actorId: string;
  readonly providerId: string;
  readonly previous: ConnectionStatus;
  readonly accountEmail: string | null;
}): Pick<ConnectionPatch, "status" | "health" | "accountEmail" | "audit"> {
  return {
    status: "active",
    health: null,
    accountEmail: input.accountEmail,
    audit: {
      actorId: input.actorId,
      action: "connection.reconnected",
      details: { provider: input.providerId },
      ...(input.previous === "active" ? {} : { notify: { kind: "recovered", reason: null } }),
    },
  };
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
